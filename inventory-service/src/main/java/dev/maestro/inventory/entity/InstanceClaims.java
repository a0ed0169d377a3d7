package dev.maestro.inventory.entity;

import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.ReactiveMongoOperations;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * Which server a user registered by hand with a cloud instance id, so that discovery recognises
 * it as the same machine: {@code instance_claims} maps {@code teamId/instanceId} to the server's
 * id. Discovery's first sync of a large account looks up thousands of instance ids at once; a
 * lookup by {@code _id} is answered from the primary index on every store, where a query on
 * {@code datacenter.instanceId} would scan the servers on the embedded one. A claim can go stale
 * (the server was deleted, or its instance id changed): {@link #adoptable} checks each server
 * it names before trusting it, so claims are only ever added.
 */
@Component
class InstanceClaims {

	private static final Logger log = LoggerFactory.getLogger(InstanceClaims.class);

	static final String COLLECTION = "instance_claims";

	private static final String MIGRATED = "_migrated_v1";

	private final ReactiveMongoOperations mongo;

	InstanceClaims(ReactiveMongoOperations mongo) {
		this.mongo = mongo;
	}

	/** Remembers the server's instance id, if it has one. */
	Mono<Void> claim(String teamId, String serverId, Map<String, Object> body) {
		Object instanceId = Paths.get(body, "datacenter.instanceId");
		if (!(instanceId instanceof String id) || id.isBlank()) {
			return Mono.empty();
		}
		return this.mongo
			.findAndModify(Query.query(Criteria.where("_id").is(key(teamId, id))),
					new Update().set("serverId", serverId).set("at", new Date()),
					FindAndModifyOptions.options().upsert(true), Document.class, COLLECTION)
			.then();
	}

	/**
	 * The team's hand-registered, live servers that claim these instance ids, by instance id.
	 */
	Mono<Map<String, Document>> adoptable(String teamId, Collection<String> instanceIds) {
		List<String> keys = instanceIds.stream().map((id) -> key(teamId, id)).toList();
		return this.mongo.find(Query.query(Criteria.where("_id").in(keys)), Document.class, COLLECTION)
			.map((claim) -> claim.getString("serverId"))
			.collectList()
			.flatMap((serverIds) -> serverIds.isEmpty() ? Mono.just(Map.<String, Document>of())
					: this.mongo.find(Query.query(Criteria.where("_id").in(serverIds)), Document.class, "servers")
						.filter((server) -> teamId.equals(server.getString("teamId"))
								&& server.get(EntityService.META, Document.class).get("deletedAt") == null
								&& server.get(EntityService.DISCOVERY) == null)
						.filter((server) -> instanceIds.contains(instanceId(server)))
						.collectMap(InstanceClaims::instanceId, Function.identity()));
	}

	/** Servers registered before claims existed get theirs, once. */
	@EventListener(ApplicationReadyEvent.class)
	void claimExistingServers() {
		this.mongo.exists(Query.query(Criteria.where("_id").is(MIGRATED)), COLLECTION)
			.filter((done) -> !done)
			.flatMapMany((todo) -> this.mongo.find(Query.query(Criteria.where("datacenter.instanceId").exists(true)
				.and(EntityService.DISCOVERY).exists(false)), Document.class, "servers"))
			.concatMap((server) -> claim(server.getString("teamId"), server.getString("_id"), server))
			.then(this.mongo.save(new Document("_id", MIGRATED).append("at", new Date()), COLLECTION))
			.subscribe(null, (ex) -> log.warn("Could not record the instance ids of existing servers: {}", ex.toString()));
	}

	private static String instanceId(Document server) {
		Object datacenter = server.get("datacenter");
		return (datacenter instanceof Document d) ? Objects.toString(d.get("instanceId"), null) : null;
	}

	private static String key(String teamId, String instanceId) {
		return teamId + "/" + instanceId;
	}

}
