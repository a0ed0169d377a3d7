package dev.maestro.gateway.ratelimit;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.maestro.gateway.EdgeFilterOrder;
import dev.maestro.request.web.ProblemException;
import dev.maestro.request.web.Problems;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Limits how fast each client may call the gateway, with an in-memory token bucket per client
 * (see {@link RateLimitProperties}). A refused request is a 429 problem with
 * {@code Retry-After}; every answer tells the client how many requests it has left in
 * {@code X-RateLimit-Remaining}.
 *
 * <p>This is a plain {@link WebFilter} rather than the gateway's {@code RequestRateLimiter}:
 * that filter must be attached to every route, answers 429 with an empty body instead of a
 * problem, and does not cover what the gateway answers itself (API docs, Swagger UI). It runs
 * right after Spring Security's chain, so that the client key is the subject of a token the
 * chain has already validated — a forged token cannot buy a fresh bucket — and requests the
 * chain refuses never reach it.
 */
@Component
final class RateLimitWebFilter implements WebFilter, Ordered {

	static final String REMAINING = "X-RateLimit-Remaining";

	private final RateLimitProperties properties;

	private final List<PathPattern> authPaths;

	private final Cache<String, TokenBucket> buckets;

	RateLimitWebFilter(RateLimitProperties properties) {
		this.properties = properties;
		this.authPaths = properties.auth().paths().stream().map(PathPatternParser.defaultInstance::parse).toList();
		// An idle bucket refills completely after burst / rate seconds; forgetting it later is lossless.
		Duration refill = Duration.ofMillis((long) Math.ceil(1000 * Math.max(
				properties.burst() / properties.requestsPerSecond(),
				properties.auth().burst() / properties.auth().requestsPerSecond())));
		Duration idle = (properties.idleTimeout().compareTo(refill) > 0) ? properties.idleTimeout() : refill;
		this.buckets = Caffeine.newBuilder().maximumSize(properties.maxClients()).expireAfterAccess(idle).build();
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		if (!this.properties.enabled()) {
			return chain.filter(exchange);
		}
		boolean auth = isAuthPath(exchange.getRequest().getPath().pathWithinApplication());
		return clientKey(exchange).flatMap((client) -> {
			TokenBucket bucket = this.buckets.get((auth ? "auth|" : "api|") + client,
					(key) -> auth ? new TokenBucket(this.properties.auth().burst(),
							this.properties.auth().requestsPerSecond(), System.nanoTime())
							: new TokenBucket(this.properties.burst(), this.properties.requestsPerSecond(),
									System.nanoTime()));
			TokenBucket.Decision decision = bucket.take(System.nanoTime());
			if (!decision.allowed()) {
				return Mono.error(new ProblemException(Problems.of(HttpStatus.TOO_MANY_REQUESTS,
						"Too many requests; retry in " + decision.retryAfterSeconds() + " s"))
					.withHeader(HttpHeaders.RETRY_AFTER, Long.toString(decision.retryAfterSeconds()))
					.withHeader(REMAINING, "0"));
			}
			exchange.getResponse().getHeaders().set(REMAINING, Long.toString(decision.remaining()));
			return chain.filter(exchange);
		});
	}

	private boolean isAuthPath(PathContainer path) {
		for (PathPattern pattern : this.authPaths) {
			if (pattern.matches(path)) {
				return true;
			}
		}
		return false;
	}

	/** {@code sub:<subject>} for a validated token, else {@code ip:<address>}. */
	private Mono<String> clientKey(ServerWebExchange exchange) {
		return exchange.getPrincipal()
			.filter(JwtAuthenticationToken.class::isInstance)
			.map((principal) -> "sub:" + principal.getName())
			.switchIfEmpty(Mono.fromSupplier(() -> "ip:" + clientAddress(exchange.getRequest())));
	}

	private String clientAddress(ServerHttpRequest request) {
		if (this.properties.trustForwardedFor()) {
			String forwardedFor = request.getHeaders().getFirst("X-Forwarded-For");
			if (StringUtils.hasText(forwardedFor)) {
				// The last entry is the one the trusted proxy added; earlier ones are the client's say-so.
				String[] hops = forwardedFor.split(",");
				String last = hops[hops.length - 1].trim();
				if (!last.isEmpty()) {
					return last;
				}
			}
		}
		InetSocketAddress remote = request.getRemoteAddress();
		if (remote == null) {
			return "unknown";
		}
		return (remote.getAddress() != null) ? remote.getAddress().getHostAddress() : remote.getHostString();
	}

	@Override
	public int getOrder() {
		return EdgeFilterOrder.RATE_LIMIT;
	}

}
