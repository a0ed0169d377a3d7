package dev.maestro.discovery.sync;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import org.bson.Document;
import reactor.core.publisher.Mono;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.ReactiveMongoOperations;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * At most one run per connection × task across replicas: a lease document per pair
 * ({@code sync_leases}), taken with one atomic upsert that only matches a free, expired or
 * already-held lease. A replica that dies leaves a lease that expires after
 * {@code maestro.discovery.lease}; the same sync (redelivered after the crash) may take its own
 * lease back at once. {@link SyncService} takes a short one per connection
 * ({@code submit|<connectionId>}) while it checks for an active sync and stores a new one.
 */
@Component
class RunLease {

	static final String COLLECTION = "sync_leases";

	private final ReactiveMongoOperations mongo;

	RunLease(ReactiveMongoOperations mongo) {
		this.mongo = mongo;
	}

	/** Whether {@code syncId} now holds the lease of {@code connectionId} × {@code task}. */
	Mono<Boolean> acquire(String connectionId, String task, String syncId, Duration duration) {
		return take(connectionId + "|" + task, syncId, duration);
	}

	/**
	 * Whether {@code holder} now holds the lease named {@code key}: one atomic upsert that only
	 * matches a free, expired or already-held lease (a lease held by another is a duplicate key).
	 */
	Mono<Boolean> take(String key, String holder, Duration duration) {
		Instant now = Instant.now();
		Query query = Query.query(Criteria.where("_id").is(key)
			.orOperator(Criteria.where("holder").is(holder), Criteria.where("expiresAt").lt(Date.from(now))));
		Update update = new Update().set("holder", holder).set("expiresAt", Date.from(now.plus(duration)));
		return this.mongo
			.findAndModify(query, update, FindAndModifyOptions.options().upsert(true).returnNew(true), Document.class,
					COLLECTION)
			.map((lease) -> holder.equals(lease.getString("holder")))
			.defaultIfEmpty(false)
			.onErrorResume(DuplicateKeyException.class, (ex) -> Mono.just(false))
			.onErrorResume((ex) -> ex.getMessage() != null && ex.getMessage().contains("E11000"), (ex) -> Mono.just(false));
	}

	/** Who holds the lease, when someone does. */
	Mono<String> holder(String connectionId, String task) {
		return this.mongo.findById(connectionId + "|" + task, Document.class, COLLECTION)
			.filter((lease) -> lease.getDate("expiresAt").toInstant().isAfter(Instant.now()))
			.map((lease) -> lease.getString("holder"));
	}

	Mono<Void> release(String connectionId, String task, String syncId) {
		return free(connectionId + "|" + task, syncId);
	}

	/** Gives up the lease named {@code key} if {@code holder} still holds it. */
	Mono<Void> free(String key, String holder) {
		return this.mongo.remove(Query.query(Criteria.where("_id").is(key).and("holder").is(holder)), COLLECTION).then();
	}

}
