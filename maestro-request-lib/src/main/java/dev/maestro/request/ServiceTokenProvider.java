package dev.maestro.request;

import reactor.core.publisher.Mono;

/**
 * Supplies the bearer token a service presents when it calls another service. The identity
 * feature provides the real implementation (client credentials from inventory-service); a
 * service without one sends no {@code Authorization} header.
 */
@FunctionalInterface
public interface ServiceTokenProvider {

	/** The current token, or empty when none should be sent. */
	Mono<String> token();

	/** A provider that never sends a token. */
	static ServiceTokenProvider none() {
		return Mono::empty;
	}

}
