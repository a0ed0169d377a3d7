package dev.maestro.gateway.token;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.maestro.gateway.EdgeFilterOrder;
import dev.maestro.request.MaestroRequest;
import dev.maestro.request.MaestroRequestException;
import dev.maestro.request.web.ProblemException;
import dev.maestro.request.web.Problems;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Lets scripts call the API with a personal API token ({@code Authorization: Bearer mst_…}).
 * Services accept only JWTs, so the gateway exchanges the personal token for a short-lived
 * access token at inventory-service ({@code POST /api/auth/token}) and replaces the
 * {@code Authorization} header with it. From there on the request is like any other: Spring
 * Security validates the JWT, and the services receive the JWT, never the personal token.
 *
 * <p>Exchanged tokens are cached under the SHA-256 of the personal token (the token itself is
 * never a key) until {@code expiry-margin} before they expire, so a script's calls cost one
 * exchange per token lifetime; concurrent first calls share one exchange. A revoked personal
 * token therefore keeps working until its cached access token runs out, like any JWT.
 *
 * <p>An invalid personal token is a 401 problem and nothing is forwarded; inventory-service
 * down is a 503 problem with {@code Retry-After}.
 */
@Component
final class PersonalTokenExchangeWebFilter implements WebFilter, Ordered {

	static final String PREFIX = "mst_";

	private static final String BEARER = "Bearer ";

	private static final String INVENTORY = "inventory-service";

	private final MaestroRequest services;

	private final AsyncCache<String, Exchanged> exchanged;

	PersonalTokenExchangeWebFilter(MaestroRequest services, PersonalTokenProperties properties) {
		this.services = services;
		Duration margin = properties.expiryMargin();
		this.exchanged = Caffeine.newBuilder()
			.maximumSize(properties.maxCached())
			.expireAfter(Expiry.<String, Exchanged>creating((key, value) -> {
				Duration reusable = value.lifetime().minus(margin);
				return reusable.isNegative() ? Duration.ZERO : reusable;
			}))
			.buildAsync();
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		String personalToken = personalToken(exchange.getRequest().getHeaders());
		if (personalToken == null) {
			return chain.filter(exchange);
		}
		return accessToken(personalToken).flatMap((jwt) -> chain.filter(exchange.mutate()
			.request((request) -> request.headers((headers) -> headers.set(HttpHeaders.AUTHORIZATION, BEARER + jwt)))
			.build()));
	}

	private static String personalToken(HttpHeaders headers) {
		String authorization = headers.getFirst(HttpHeaders.AUTHORIZATION);
		if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
			return null;
		}
		String token = authorization.substring(BEARER.length()).trim();
		return (token.startsWith(PREFIX) && token.length() > PREFIX.length()) ? token : null;
	}

	private Mono<String> accessToken(String personalToken) {
		// The request id (in the Reactor context) goes with the exchange call.
		return Mono.deferContextual((context) -> Mono.fromFuture(this.exchanged.get(sha256(personalToken),
				(key, executor) -> exchange(personalToken).contextWrite(context).toFuture()), true))
			.map(Exchanged::accessToken);
	}

	private Mono<Exchanged> exchange(String personalToken) {
		return this.services.to(INVENTORY)
			.post("/api/auth/token", TokenExchange.personal(personalToken), AccessToken.class)
			.onErrorMap(MaestroRequestException.class, PersonalTokenExchangeWebFilter::refusal)
			.flatMap((answer) -> StringUtils.hasText(answer.accessToken())
					? Mono.just(new Exchanged(answer.accessToken(), Duration.ofSeconds(answer.expiresIn())))
					: Mono.error(new ProblemException(Problems.of(HttpStatus.BAD_GATEWAY,
							INVENTORY + " answered the token exchange without an access token"))))
			.switchIfEmpty(Mono.error(() -> new ProblemException(Problems.of(HttpStatus.BAD_GATEWAY,
					INVENTORY + " answered the token exchange without a body"))));
	}

	private static Throwable refusal(MaestroRequestException ex) {
		if (ex instanceof MaestroRequestException.Unavailable) {
			// The library's handler turns it into a 503 with Retry-After.
			return ex;
		}
		if (ex instanceof MaestroRequestException.AccessDenied || ex instanceof MaestroRequestException.BadRequest) {
			return new ProblemException(Problems.of(HttpStatus.UNAUTHORIZED,
					"The personal API token is invalid, expired or revoked"))
				.withHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"");
		}
		return new ProblemException(Problems.of(HttpStatus.BAD_GATEWAY,
				INVENTORY + " answered the token exchange with " + ex.status().value()));
	}

	private static String sha256(String token) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every JVM has SHA-256", ex);
		}
	}

	@Override
	public int getOrder() {
		return EdgeFilterOrder.PERSONAL_TOKEN;
	}

	/** An access token obtained for a personal token, and how long it is valid from now. */
	private record Exchanged(String accessToken, Duration lifetime) {
	}

}
