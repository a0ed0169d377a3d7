package dev.maestro.discovery.sync;

import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Map;

import org.bson.Document;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.BulkOperations;
import org.springframework.data.mongodb.core.ReactiveMongoOperations;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * What each connection has seen ({@code tracker}): per record, the provider id, the inventory
 * id, the checksum last sent, the scope (collection, task, region) it was seen in, when it was
 * last seen, and when it was orphaned or tombstoned. It lets a sync skip unchanged records
 * without asking inventory, find the records a scope no longer reports, and resolve provider
 * ids to inventory ids for relations.
 */
@Component
class Tracker {

	static final String COLLECTION = "tracker";

	private final ReactiveMongoOperations mongo;

	Tracker(ReactiveMongoOperations mongo) {
		this.mongo = mongo;
	}

	@org.springframework.context.event.EventListener(org.springframework.boot.context.event.ApplicationReadyEvent.class)
	void onReady() {
		createIndexes().subscribe(null, (ex) -> org.slf4j.LoggerFactory.getLogger(Tracker.class)
			.warn("Could not create the tracker index: {}", ex.toString()));
	}

	Mono<Void> createIndexes() {
		return this.mongo.indexOps(COLLECTION)
			.createIndex(new Index().on("connectionId", Sort.Direction.ASC)
				.on("collection", Sort.Direction.ASC)
				.on("task", Sort.Direction.ASC)
				.on("region", Sort.Direction.ASC)
				.on("lastSeenAt", Sort.Direction.ASC))
			.then();
	}

	static String key(String connectionId, String collection, String providerId) {
		return connectionId + "|" + collection + "|" + providerId;
	}

	/** The tracked entries of these provider ids, by provider id. */
	Mono<Map<String, Document>> find(String connectionId, String collection, Collection<String> providerIds) {
		List<String> keys = providerIds.stream().map((id) -> key(connectionId, collection, id)).toList();
		return this.mongo.find(Query.query(Criteria.where("_id").in(keys)), Document.class, COLLECTION)
			.collectMap((document) -> document.getString("providerId"));
	}

	/** Records written to inventory: their inventory id and checksum, seen now, active again. */
	Mono<Void> sent(String teamId, String connectionId, Scope scope, List<Sent> sent, Instant now) {
		if (sent.isEmpty()) {
			return Mono.empty();
		}
		var ops = this.mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, COLLECTION);
		for (Sent one : sent) {
			Update update = scopeUpdate(teamId, connectionId, scope, one.providerId(), now);
			if (one.inventoryId() != null) {
				update.set("inventoryId", one.inventoryId()).set("checksum", one.checksum()).unset("orphanedAt")
					.unset("tombstonedAt");
			}
			ops.upsert(Query.query(Criteria.where("_id").is(key(connectionId, scope.collection(), one.providerId()))),
					update);
		}
		return ops.execute().then();
	}

	/** Records the provider still reports unchanged: only their sighting moves. */
	Mono<Void> seen(String connectionId, Scope scope, Collection<String> providerIds, Instant now) {
		if (providerIds.isEmpty()) {
			return Mono.empty();
		}
		List<String> keys = providerIds.stream().map((id) -> key(connectionId, scope.collection(), id)).toList();
		return this.mongo
			.updateMulti(Query.query(Criteria.where("_id").in(keys)),
					new Update().set("lastSeenAt", Date.from(now)).set("task", scope.task()).set("region", scope.region()),
					COLLECTION)
			.then();
	}

	private static Update scopeUpdate(String teamId, String connectionId, Scope scope, String providerId, Instant now) {
		return new Update().set("teamId", teamId)
			.set("connectionId", connectionId)
			.set("collection", scope.collection())
			.set("task", scope.task())
			.set("region", scope.region())
			.set("providerId", providerId)
			.set("lastSeenAt", Date.from(now));
	}

	/** Active records of a scope not seen since {@code cutoff}: what the provider no longer reports. */
	Flux<String> unseen(String connectionId, Scope scope, Instant cutoff) {
		Query query = Query.query(Criteria.where("connectionId").is(connectionId)
			.and("collection").is(scope.collection())
			.and("task").is(scope.task())
			.and("region").is(scope.region())
			.and("orphanedAt").is(null)
			.and("lastSeenAt").lt(Date.from(cutoff)));
		query.fields().include("providerId");
		return this.mongo.find(query, Document.class, COLLECTION).map((document) -> document.getString("providerId"));
	}

	/** Active records of a connection in a collection, whatever their scope. */
	Mono<Long> active(String connectionId, String collection) {
		return this.mongo.count(Query.query(Criteria.where("connectionId").is(connectionId)
			.and("collection").is(collection)
			.and("orphanedAt").is(null)
			.and("inventoryId").ne(null)), COLLECTION);
	}

	Mono<Void> orphaned(String connectionId, String collection, List<String> providerIds, Instant now) {
		return mark(connectionId, collection, providerIds, "orphanedAt", now);
	}

	Mono<Void> tombstoned(String connectionId, String collection, List<String> providerIds, Instant now) {
		return mark(connectionId, collection, providerIds, "tombstonedAt", now);
	}

	private Mono<Void> mark(String connectionId, String collection, List<String> providerIds, String field,
			Instant now) {
		List<String> keys = providerIds.stream().map((id) -> key(connectionId, collection, id)).toList();
		return this.mongo
			.updateMulti(Query.query(Criteria.where("_id").in(keys)), new Update().set(field, Date.from(now)), COLLECTION)
			.then();
	}

	/** Orphans of a connection's collection older than {@code before}, not yet tombstoned. */
	Flux<String> dueForTombstone(String connectionId, String collection, Instant before) {
		Query query = Query.query(Criteria.where("connectionId").is(connectionId)
			.and("collection").is(collection)
			.and("orphanedAt").lt(Date.from(before))
			.and("tombstonedAt").is(null));
		query.fields().include("providerId");
		return this.mongo.find(query, Document.class, COLLECTION).map((document) -> document.getString("providerId"));
	}

	/** Inventory ids of servers this connection knows, by provider id (for relations). */
	Mono<Map<String, String>> inventoryIds(String connectionId, String collection, Collection<String> providerIds) {
		if (providerIds.isEmpty()) {
			return Mono.just(Map.of());
		}
		return find(connectionId, collection, providerIds).map((found) -> {
			Map<String, String> ids = new java.util.HashMap<>();
			found.forEach((providerId, document) -> {
				if (document.getString("inventoryId") != null && document.get("orphanedAt") == null) {
					ids.put(providerId, document.getString("inventoryId"));
				}
			});
			return ids;
		});
	}

	Mono<Void> forget(String connectionId) {
		return this.mongo.remove(Query.query(Criteria.where("connectionId").is(connectionId)), COLLECTION).then();
	}

	/** A task × region of a connection, with the collection its task fills. */
	record Scope(String task, String region, String collection) {
	}

	/** One record inventory took: its id there ({@code null} when inventory refused it). */
	record Sent(String providerId, String inventoryId, String checksum) {
	}

}
