package dev.maestro.request.web;

import java.util.UUID;
import java.util.regex.Pattern;

import reactor.core.publisher.Mono;
import reactor.util.context.ContextView;

/**
 * The id that follows one user request through every service: accepted from the
 * {@value #HEADER} header when it is well-formed, created otherwise, echoed in the response,
 * put in the Reactor context (and from there in the log MDC and in outgoing
 * {@code MaestroRequest} calls and events).
 */
public final class RequestId {

	/** The HTTP header that carries the id. */
	public static final String HEADER = "X-Request-Id";

	/** The Reactor context key (also the MDC key) under which the id travels. */
	public static final String CONTEXT_KEY = "requestId";

	// Anything a client sends ends up in logs: accept only a short, plain token.
	private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._:-]{8,128}");

	private RequestId() {
	}

	/** The given id when it is acceptable, a new random one otherwise. */
	public static String acceptOrCreate(String candidate) {
		return (candidate != null && VALID.matcher(candidate).matches()) ? candidate : create();
	}

	public static String create() {
		return UUID.randomUUID().toString();
	}

	/** The request id of the current reactive chain, if there is one. */
	public static Mono<String> current() {
		return Mono.deferContextual(ctx -> Mono.justOrEmpty(from(ctx)));
	}

	/** The request id in the given context, or {@code null}. */
	public static String from(ContextView context) {
		return context.getOrDefault(CONTEXT_KEY, null);
	}

}
