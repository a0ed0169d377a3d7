package dev.maestro.gateway.cors;

import dev.maestro.gateway.EdgeFilterOrder;
import dev.maestro.request.web.ProblemException;
import dev.maestro.request.web.Problems;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.reactive.CorsProcessor;
import org.springframework.web.cors.reactive.CorsUtils;
import org.springframework.web.cors.reactive.DefaultCorsProcessor;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Answers CORS for every path at the edge, so that the services behind never need to.
 *
 * <p>It runs before Spring Security's filter chain: a preflight {@code OPTIONS} carries no
 * token (browsers never send one), so it is answered here and never reaches the chain that
 * would refuse it with a 401. Actual cross-origin calls get their CORS headers here too, before
 * authentication, so that even a 401 or a 429 is readable by the web UI. A call from an origin
 * that is not allowed is a 403 problem instead of Spring's empty 403.
 *
 * <p>Spring's own {@code CorsWebFilter} is not used because its refusal has no body; the
 * gateway's {@code globalcors} is not used because it is applied by the route handler mapping,
 * which runs after security.
 */
@Component
final class CorsWebFilter implements WebFilter, Ordered {

	private final CorsConfiguration configuration;

	private final CorsProcessor processor = new DefaultCorsProcessor();

	CorsWebFilter(CorsProperties properties) {
		CorsConfiguration configuration = new CorsConfiguration();
		configuration.setAllowedOrigins(properties.allowedOrigins());
		configuration.setAllowedMethods(properties.allowedMethods());
		configuration.setAllowedHeaders(properties.allowedHeaders());
		configuration.setExposedHeaders(properties.exposedHeaders());
		configuration.setMaxAge(properties.maxAge());
		// Bearer tokens travel in a header, never in cookies: credentialed requests are not needed.
		configuration.setAllowCredentials(false);
		this.configuration = configuration;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		ServerHttpRequest request = exchange.getRequest();
		if (!CorsUtils.isCorsRequest(request)) {
			return chain.filter(exchange);
		}
		if (!this.processor.process(this.configuration, exchange)) {
			return Mono.error(new ProblemException(refusal(request)));
		}
		if (CorsUtils.isPreFlightRequest(request)) {
			// The processor has written the Access-Control-Allow-* headers: the answer is complete.
			return Mono.empty();
		}
		return chain.filter(exchange);
	}

	private ProblemDetail refusal(ServerHttpRequest request) {
		String origin = request.getHeaders().getOrigin();
		if (this.configuration.checkOrigin(origin) == null) {
			return Problems.of(HttpStatus.FORBIDDEN, "Cross-origin calls from " + origin + " are not allowed");
		}
		return Problems.of(HttpStatus.FORBIDDEN,
				"This cross-origin call uses a method or headers that are not allowed");
	}

	@Override
	public int getOrder() {
		return EdgeFilterOrder.CORS;
	}

}
