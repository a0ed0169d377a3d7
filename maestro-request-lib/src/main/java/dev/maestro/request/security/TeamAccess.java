package dev.maestro.request.security;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.maestro.request.web.ProblemException;
import dev.maestro.request.web.Problems;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * Checks the caller's role in a team from the claims of their access token. A caller who is
 * not a member gets 404 — the team's existence is not disclosed — and a member whose role is
 * too low gets 403.
 */
public final class TeamAccess {

	private TeamAccess() {
	}

	/** The caller, who must have at least {@code minimum} in {@code teamId}. */
	public static Mono<Caller> require(String teamId, TeamRole minimum) {
		return caller().flatMap((caller) -> {
			if (caller.isService()) {
				return serviceMay(caller, minimum) ? Mono.just(caller) : Mono.error(forbiddenService(caller, minimum));
			}
			TeamRole role = caller.roleIn(teamId);
			if (role == null) {
				return Mono.error(new ProblemException(Problems.notFound("Team", teamId)));
			}
			if (!role.atLeast(minimum)) {
				return Mono.error(new ProblemException(Problems.of(HttpStatus.FORBIDDEN,
						"This needs the " + minimum + " role in the team; you are " + role)));
			}
			return Mono.just(caller);
		});
	}

	/**
	 * Whether a Maestro service may act with {@code minimum} in any team: reading needs the
	 * {@value MaestroClaims#SCOPE_TEAMS_READ} or {@value MaestroClaims#SCOPE_TEAMS_WRITE} scope,
	 * anything more {@value MaestroClaims#SCOPE_TEAMS_WRITE}.
	 */
	public static boolean serviceMay(Caller caller, TeamRole minimum) {
		if (caller.scopes().contains(MaestroClaims.SCOPE_TEAMS_WRITE)) {
			return true;
		}
		return minimum == TeamRole.VIEWER && caller.scopes().contains(MaestroClaims.SCOPE_TEAMS_READ);
	}

	/** The refusal for a service whose scopes are not enough. */
	public static ProblemException forbiddenService(Caller caller, TeamRole minimum) {
		return new ProblemException(Problems.of(HttpStatus.FORBIDDEN,
				"Service " + caller.service() + " lacks the scope for " + minimum + " access"));
	}

	/** The authenticated caller of the current request. */
	public static Mono<Caller> caller() {
		return ReactiveSecurityContextHolder.getContext()
			.mapNotNull((context) -> context.getAuthentication())
			.filter(JwtAuthenticationToken.class::isInstance)
			.map((authentication) -> Caller.of(((JwtAuthenticationToken) authentication).getToken()))
			.switchIfEmpty(Mono.error(new ProblemException(
					Problems.of(HttpStatus.UNAUTHORIZED, "A valid access token is required"))));
	}

	/**
	 * Who is calling: a user (the token's subject, with their roles by team) or a Maestro service
	 * (with its scopes).
	 *
	 * @param userId the token's subject: a user id, or {@code service:<id>} for a service
	 * @param email the user's e-mail, when the token names it
	 * @param teams role by team id (users only)
	 * @param service the service's id, or {@code null} for a user
	 * @param scopes the service's scopes (services only)
	 */
	public record Caller(String userId, String email, Map<String, TeamRole> teams, String service,
			Set<String> scopes) {

		public boolean isService() {
			return this.service != null;
		}

		static Caller of(Jwt jwt) {
			Map<String, TeamRole> teams = new HashMap<>();
			Object claim = jwt.getClaims().get(MaestroClaims.TEAMS);
			if (claim instanceof Map<?, ?> map) {
				map.forEach((team, role) -> {
					try {
						teams.put(String.valueOf(team), TeamRole.valueOf(String.valueOf(role)));
					}
					catch (IllegalArgumentException ex) {
						// A role this service does not know grants nothing.
					}
				});
			}
			String scope = jwt.getClaimAsString(MaestroClaims.SCOPE);
			Set<String> scopes = (scope != null) ? Set.copyOf(List.of(scope.trim().split("\\s+"))) : Set.of();
			return new Caller(jwt.getSubject(), jwt.getClaimAsString(MaestroClaims.EMAIL), Map.copyOf(teams),
					jwt.getClaimAsString(MaestroClaims.SERVICE), scopes);
		}

		/** The caller's role in the team, or {@code null} when not a member. */
		public TeamRole roleIn(String teamId) {
			return this.teams.get(teamId);
		}

	}

}
