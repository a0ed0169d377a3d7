package dev.maestro.request.messaging;

import reactor.core.publisher.Mono;

/**
 * Sends messages without losing them: the returned {@code Mono} completes once the message
 * is stored in the service's outbox, and it reaches the broker as soon as the broker is
 * there — right away normally, after it comes back if it was briefly down.
 */
public interface EventPublisher {

	/** Announces something that happened on {@value MaestroTopology#EVENTS}. */
	Mono<Void> publishEvent(EventEnvelope event);

	/** Submits work on {@value MaestroTopology#JOBS} for a worker to pick up. */
	Mono<Void> submitJob(EventEnvelope job);

	/** Parks a job that failed every attempt in {@value MaestroTopology#JOBS_DLQ}, with the reason. */
	Mono<Void> deadLetter(EventEnvelope job, String reason);

}
