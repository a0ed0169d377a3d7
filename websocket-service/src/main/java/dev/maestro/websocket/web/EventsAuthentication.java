package dev.maestro.websocket.web;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.maestro.request.security.MaestroClaims;
import dev.maestro.request.security.TeamRole;
import dev.maestro.request.web.ProblemException;
import dev.maestro.request.web.Problems;
import dev.maestro.websocket.live.Subscriber;
import dev.maestro.websocket.membership.MembershipRevocations;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * Checks the access token of a WebSocket or SSE request before anything is upgraded or
 * streamed. Browsers cannot set headers on a WebSocket or an {@code EventSource}, so the token may
 * come as {@code ?access_token=} as well as {@code Authorization: Bearer}; these paths are public
 * to the security chain ({@code maestro.security.public-paths}) and checked here, with the
 * service's own {@link ReactiveJwtDecoder} (signature, expiry, issuer).
 */
@Component
class EventsAuthentication {

	static final String ACCESS_TOKEN = "access_token";

	private static final String BEARER = "Bearer ";

	private final ReactiveJwtDecoder decoder;

	private final MembershipRevocations revocations;

	EventsAuthentication(ReactiveJwtDecoder decoder, MembershipRevocations revocations) {
		this.decoder = decoder;
		this.revocations = revocations;
	}

	/** The subscriber the request's token names; a 401 problem when there is no valid token. */
	Mono<Subscriber> authenticate(ServerWebExchange exchange) {
		return Mono.defer(() -> {
			String token = token(exchange.getRequest());
			if (token == null) {
				return Mono.error(unauthorized("An access token is required (?access_token= or Authorization: Bearer)"));
			}
			return this.decoder.decode(token)
				.onErrorMap(JwtException.class,
						(ex) -> unauthorized("A valid access token is required (missing, expired or not issued by Maestro)"))
				.flatMap(this::subscriber);
		});
	}

	/** The subscriber of a token the security chain has already validated. */
	Mono<Subscriber> subscriber(Jwt jwt) {
		if (jwt.getClaimAsString(MaestroClaims.SERVICE) != null) {
			return Mono.error(new ProblemException(Problems.of(HttpStatus.FORBIDDEN,
					"Maestro services read events from the broker, not from websocket-service")));
		}
		Set<String> teams = teams(jwt);
		Instant issuedAt = jwt.getIssuedAt();
		return this.revocations.leftSince(jwt.getSubject(), issuedAt).map((left) -> {
			Set<String> current = new HashSet<>(teams);
			current.removeAll(left);
			return new Subscriber(jwt.getSubject(), current, jwt.getExpiresAt());
		});
	}

	/** Every team the token names with a known role: each role may read the team's events. */
	private static Set<String> teams(Jwt jwt) {
		Set<String> teams = new HashSet<>();
		if (jwt.getClaims().get(MaestroClaims.TEAMS) instanceof Map<?, ?> map) {
			map.forEach((team, role) -> {
				if (team != null && isRole(role)) {
					teams.add(team.toString());
				}
			});
		}
		return teams;
	}

	private static boolean isRole(Object role) {
		try {
			TeamRole.valueOf(String.valueOf(role));
			return true;
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	private static String token(ServerHttpRequest request) {
		String header = request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
		List<String> query = request.getQueryParams().getOrDefault(ACCESS_TOKEN, List.of());
		String fromHeader = (header != null && header.regionMatches(true, 0, BEARER, 0, BEARER.length()))
				? header.substring(BEARER.length()).trim() : null;
		if (query.size() > 1 || (fromHeader != null && !query.isEmpty())) {
			throw new ProblemException(Problems.invalid(ACCESS_TOKEN, "send one access token, in the query or in the Authorization header"));
		}
		String token = (fromHeader != null) ? fromHeader : (query.isEmpty() ? null : query.get(0));
		return (token == null || token.isBlank()) ? null : token;
	}

	private static ProblemException unauthorized(String detail) {
		return new ProblemException(Problems.of(HttpStatus.UNAUTHORIZED, detail)).withHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
	}

}
