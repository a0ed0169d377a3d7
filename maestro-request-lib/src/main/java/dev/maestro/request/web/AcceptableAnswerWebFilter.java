package dev.maestro.request.web;

import java.util.List;

import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * A change whose answer the client cannot accept is refused before it is made. WebFlux picks the
 * answer's format when it writes the answer, after the handler ran: a {@code POST} with
 * {@code Accept: application/xml} would create the record and only then answer 406. Every
 * Maestro write answers JSON (or nothing), so a write whose {@code Accept} rules out JSON is a 406
 * problem up front, and changes nothing.
 */
final class AcceptableAnswerWebFilter implements WebFilter, Ordered {

	private static final List<HttpMethod> WRITES = List.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH,
			HttpMethod.DELETE);

	private static final List<MediaType> ANSWERS = List.of(MediaType.APPLICATION_JSON,
			MediaType.APPLICATION_PROBLEM_JSON);

	private final ProblemDetailsExceptionHandler problems;

	AcceptableAnswerWebFilter(ProblemDetailsExceptionHandler problems) {
		this.problems = problems;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		if (!WRITES.contains(exchange.getRequest().getMethod())) {
			return chain.filter(exchange);
		}
		List<MediaType> accepted;
		try {
			accepted = exchange.getRequest().getHeaders().getAccept();
		}
		catch (InvalidMediaTypeException ex) {
			return this.problems.handle(exchange,
					new ResponseStatusException(HttpStatus.BAD_REQUEST, "The Accept header is not valid: " + ex.getMessage()));
		}
		boolean acceptsJson = accepted.isEmpty()
				|| accepted.stream().anyMatch((type) -> ANSWERS.stream().anyMatch(type::isCompatibleWith));
		if (acceptsJson) {
			return chain.filter(exchange);
		}
		return this.problems.handle(exchange, new ResponseStatusException(HttpStatus.NOT_ACCEPTABLE,
				"Changes are answered in application/json; the Accept header rules it out, so nothing was done"));
	}

	@Override
	public int getOrder() {
		// Right after the request id, before security and any handler.
		return Ordered.HIGHEST_PRECEDENCE + 10;
	}

}
