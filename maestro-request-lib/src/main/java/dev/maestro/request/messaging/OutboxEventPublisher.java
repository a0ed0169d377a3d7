package dev.maestro.request.messaging;

import java.time.Instant;
import java.util.Map;

import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.ReactiveMongoOperations;

/** {@link EventPublisher} that stores messages in the service's MongoDB outbox. */
final class OutboxEventPublisher implements EventPublisher {

	private final ReactiveMongoOperations mongo;

	private final JsonMapper json;

	private final OutboxRelay relay;

	OutboxEventPublisher(ReactiveMongoOperations mongo, JsonMapper json, OutboxRelay relay) {
		this.mongo = mongo;
		this.json = json;
		this.relay = relay;
	}

	@Override
	public Mono<Void> publishEvent(EventEnvelope event) {
		return store(MaestroTopology.EVENTS, event, Map.of());
	}

	@Override
	public Mono<Void> submitJob(EventEnvelope job) {
		return store(MaestroTopology.JOBS, job, Map.of());
	}

	@Override
	public Mono<Void> deadLetter(EventEnvelope job, String reason) {
		// A fresh outbox id: the job's own id is already in the outbox from its submission.
		return store(MaestroTopology.JOBS_DEAD_LETTER_EXCHANGE, job,
				Map.of(MaestroTopology.FAILURE_REASON_HEADER, (reason != null) ? reason : "unknown"),
				job.id() + ":dead");
	}

	private Mono<Void> store(String exchange, EventEnvelope envelope, Map<String, String> headers) {
		return store(exchange, envelope, headers, envelope.id().toString());
	}

	private Mono<Void> store(String exchange, EventEnvelope envelope, Map<String, String> headers, String id) {
		return Mono.fromCallable(() -> this.json.writeValueAsString(envelope)).flatMap((payload) -> {
			Instant now = Instant.now();
			OutboxMessage message = new OutboxMessage(id, exchange, envelope.type(), payload, headers, now, now, null, 0,
					null, null);
			return this.mongo.insert(message)
				.onErrorResume(DuplicateKeyException.class, (ex) -> Mono.empty())
				.doOnSuccess((stored) -> this.relay.wakeUp())
				.then();
		});
	}

}
