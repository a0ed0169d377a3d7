package dev.maestro.request.security;

import java.util.Map;

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
	 * Who is calling: a user id (the token's subject) and their roles by team.
	 *
	 * @param userId the user's id
	 * @param email the user's e-mail, when the token names it
	 * @param teams role by team id
	 */
	public record Caller(String userId, String email, Map<String, TeamRole> teams) {

		static Caller of(Jwt jwt) {
			Map<String, TeamRole> teams = new java.util.HashMap<>();
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
			return new Caller(jwt.getSubject(), jwt.getClaimAsString(MaestroClaims.EMAIL), Map.copyOf(teams));
		}

		/** The caller's role in the team, or {@code null} when not a member. */
		public TeamRole roleIn(String teamId) {
			return this.teams.get(teamId);
		}

	}

}
