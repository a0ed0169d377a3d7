package dev.maestro.gateway.webui;

import dev.maestro.gateway.EdgeFilterOrder;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * The web UI's Content-Security-Policy as a response header. Static files are served by
 * WebFlux's resource handler, which gateway route filters never reach, so the header is set here,
 * before the answer is written. The policy allows the UI's own scripts, styles and API calls and
 * nothing else: no inline script, no other origin, no framing.
 */
@Component
class WebUiHeadersWebFilter implements WebFilter, Ordered {

	static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
			+ "img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; manifest-src 'self'; "
			+ "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		String path = exchange.getRequest().getPath().pathWithinApplication().value();
		if (isUi(path)) {
			exchange.getResponse().beforeCommit(() -> {
				exchange.getResponse().getHeaders().set("Content-Security-Policy", POLICY);
				exchange.getResponse().getHeaders().set("Referrer-Policy", "no-referrer");
				return Mono.empty();
			});
		}
		return chain.filter(exchange);
	}

	/** The page and its files; never an API, WebSocket, public-graph or actuator path. */
	static boolean isUi(String path) {
		return path.equals("/") || path.equals("/index.html") || path.startsWith("/app/")
				|| path.startsWith("/favicon.");
	}

	@Override
	public int getOrder() {
		return EdgeFilterOrder.CORS - 10;
	}

}
