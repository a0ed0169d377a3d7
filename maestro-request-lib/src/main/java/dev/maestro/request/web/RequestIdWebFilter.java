package dev.maestro.request.web;

import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Gives every request an id (see {@link RequestId}), echoes it in the response and makes it
 * available to the whole reactive chain. Runs first so that even refused requests carry one.
 */
final class RequestIdWebFilter implements WebFilter, Ordered {

	static final String ATTRIBUTE = RequestIdWebFilter.class.getName() + ".requestId";

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		String requestId = RequestId.acceptOrCreate(exchange.getRequest().getHeaders().getFirst(RequestId.HEADER));
		exchange.getAttributes().put(ATTRIBUTE, requestId);
		exchange.getResponse().getHeaders().set(RequestId.HEADER, requestId);
		// Downstream code (gateway filters, MaestroRequest) reads the header, so normalise it.
		ServerWebExchange mutated = exchange.mutate()
			.request((request) -> request.headers((headers) -> headers.set(RequestId.HEADER, requestId)))
			.build();
		return chain.filter(mutated).contextWrite((ctx) -> ctx.put(RequestId.CONTEXT_KEY, requestId));
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
