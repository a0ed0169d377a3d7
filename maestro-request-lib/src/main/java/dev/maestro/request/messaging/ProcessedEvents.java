package dev.maestro.request.messaging;

import java.time.Duration;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.SmartInitializingSingleton;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.ReactiveMongoOperations;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;

/**
 * Makes a consumer idempotent on the envelope id: {@link #once} runs the work for a message
 * only if this consumer has not completed it before, and remembers it once it is done. A
 * consumer that crashes mid-work has remembered nothing, so the redelivered message is worked
 * on again.
 */
public final class ProcessedEvents implements SmartInitializingSingleton {

	private static final Logger log = LoggerFactory.getLogger(ProcessedEvents.class);

	static final String COLLECTION = "processed_messages";

	private final ReactiveMongoOperations mongo;

	private final Duration keep;

	ProcessedEvents(ReactiveMongoOperations mongo, Duration keep) {
		this.mongo = mongo;
		this.keep = keep;
	}

	@Override
	public void afterSingletonsInstantiated() {
		this.mongo.indexOps(COLLECTION)
			.createIndex(new Index().on("at", Sort.Direction.ASC).named("at_ttl").expire(this.keep))
			.subscribe(null, (ex) -> log.warn("Could not create the {} index: {}", COLLECTION, ex.toString()));
	}

	/**
	 * Runs {@code work} unless {@code consumer} already completed {@code message}.
	 * @return {@code true} when the work ran, {@code false} for a duplicate
	 */
	public Mono<Boolean> once(String consumer, EventEnvelope message, Mono<?> work) {
		String key = consumer + ":" + message.id();
		return this.mongo.exists(Query.query(Criteria.where("_id").is(key)), COLLECTION).flatMap((seen) -> {
			if (seen) {
				return Mono.just(false);
			}
			return work.then(this.mongo.insert(new Processed(key, Instant.now()), COLLECTION)
				.thenReturn(true)
				.onErrorResume(DuplicateKeyException.class, (ex) -> Mono.just(true)));
		});
	}

	record Processed(String id, Instant at) {
	}

}
