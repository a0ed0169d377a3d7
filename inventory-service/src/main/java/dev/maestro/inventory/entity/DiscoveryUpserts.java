package dev.maestro.inventory.entity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.maestro.request.web.ProblemException;
import dev.maestro.request.web.Problems;
import org.bson.Document;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.mongodb.core.ReactiveMongoOperations;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;
import org.springframework.web.ErrorResponse;

/**
 * The bulk upsert discovery syncs use, keyed by the provider's own id. A record seen before is
 * updated only where the provider's data changed (a checksum skips unchanged records without
 * touching them beyond their last sighting), fields a user set keep the user's value, and a
 * server a user registered by hand with the instance id is recognised as the same machine.
 */
@Service
class DiscoveryUpserts {

	/** Largest batch in one call. */
	static final int MAX_ITEMS = 1000;

	private final ReactiveMongoOperations mongo;

	private final EntityTypes types;

	private final Bodies bodies;

	private final EntityService entities;

	private final JsonMapper json;

	DiscoveryUpserts(ReactiveMongoOperations mongo, EntityTypes types, Bodies bodies, EntityService entities,
			JsonMapper json) {
		this.mongo = mongo;
		this.types = types;
		this.bodies = bodies;
		this.entities = entities;
		this.json = json;
	}

	/** One discovered record: the provider's id and the record's body as the provider sees it. */
	record Item(String providerId, Map<String, Object> body) {
	}

	/** What happened to one item. */
	record Outcome(String providerId, String id, String result, Object problem) {
	}

	Mono<Map<String, Object>> upsert(String teamId, String collection, String connectionId, List<Item> items,
			Actor actor) {
		EntityType type = this.types.get(collection);
		// Two queries find every record the batch already knows; each item is then planned in
		// memory (relation checks aside) and the batch's writes go out as a few bulk writes.
		return known(teamId, type, items).flatMap((known) -> {
			Writes writes = new Writes();
			return Flux.fromIterable(items)
				.concatMap((Item item) -> Mono.<Outcome>defer(() -> plan(teamId, type, connectionId, item, known, writes, actor))
					.onErrorResume(ErrorResponse.class::isInstance, (ex) -> Mono
						.just(new Outcome(item.providerId(), null, "FAILED", ((ErrorResponse) ex).getBody()))))
				.collectList()
				.flatMap((List<Outcome> outcomes) -> flush(type, writes).then(this.entities.announceBatch(teamId, type,
						outcomes.stream()
							.filter((o) -> o.result().equals("CREATED") || o.result().equals("UPDATED"))
							.map(Outcome::id)
							.toList(),
						actor))
					.thenReturn(outcomes));
		}).map((List<Outcome> outcomes) -> {
			Map<String, Object> answer = new LinkedHashMap<>();
			for (String result : List.of("CREATED", "UPDATED", "UNCHANGED", "FAILED")) {
				answer.put(result.toLowerCase(), outcomes.stream().filter((o) -> o.result().equals(result)).count());
			}
			answer.put("items", outcomes);
			return answer;
		});
	}

	/** The writes a batch will make, gathered while its items are planned. */
	private static final class Writes {

		final Map<String, Document> inserts = new LinkedHashMap<>();

		final Map<String, Document> replacements = new LinkedHashMap<>();

		final Map<String, Long> replacedVersions = new java.util.HashMap<>();

		final Map<String, Document> sightings = new LinkedHashMap<>();

		final List<HistoryEntry> history = new ArrayList<>();

	}

	/** The team's records the batch names, by provider id (own key first, then a hand-registered instance id). */
	private Mono<Map<String, Document>> known(String teamId, EntityType type, List<Item> items) {
		List<String> keys = items.stream().map(Item::providerId).distinct().toList();
		Query byKey = Query.query(Criteria.where("teamId").is(teamId).and(EntityService.DISCOVERY + ".key").in(keys));
		return this.mongo.find(byKey, Document.class, type.collection())
			.collectMap((document) -> document.get(EntityService.DISCOVERY, Document.class).getString("key"))
			.flatMap((found) -> {
				Map<String, Document> known = new java.util.HashMap<>(found);
				List<String> missing = keys.stream().filter((key) -> !known.containsKey(key)).toList();
				if (!"servers".equals(type.collection()) || missing.isEmpty()) {
					return Mono.just(known);
				}
				Query adoptable = Query.query(Criteria.where("teamId").is(teamId).and("datacenter.instanceId").in(missing)
					.and(EntityService.META + ".deletedAt").is(null).and(EntityService.DISCOVERY).exists(false));
				return this.mongo.find(adoptable, Document.class, type.collection())
					.doOnNext((document) -> known.putIfAbsent(
							((Document) document.get("datacenter")).getString("instanceId"), document))
					.then(Mono.just(known));
			});
	}

	/** Decides what happens to one item and adds its writes; {@code known} learns the result. */
	private Mono<Outcome> plan(String teamId, EntityType type, String connectionId, Item item,
			Map<String, Document> known, Writes writes, Actor actor) {
		String checksum = checksum(item.body());
		Document current = known.get(item.providerId());
		Date now = new Date();
		if (current == null) {
			Map<String, Object> canonical = this.bodies.canonical(type, item.body());
			String id = UUID.randomUUID().toString();
			Document document = EntityService
				.document(type, teamId, id, canonical, EntityService.firstMeta(actor, now, List.of()))
				.append(EntityService.DISCOVERY, discovery(item.providerId(), connectionId, checksum, now));
			return this.entities.checkRelations(teamId, type, canonical, id).then(Mono.fromSupplier(() -> {
				writes.inserts.put(id, document);
				writes.history.add(this.entities.historyEntry(teamId, type, id, "CREATED",
						Paths.changes(Map.of(), canonical), actor));
				known.put(item.providerId(), document);
				return new Outcome(item.providerId(), id, "CREATED", null);
			}));
		}
		String id = current.getString("_id");
		Document seen = current.get(EntityService.DISCOVERY, Document.class);
		boolean deletedByUser = current.get(EntityService.META, Document.class).get("deletedAt") != null;
		if (deletedByUser || (seen != null && checksum.equals(seen.getString("checksum")))) {
			sighted(writes, current, discovery(item.providerId(), connectionId, checksum, now));
			return Mono.just(new Outcome(item.providerId(), id, "UNCHANGED", null));
		}
		Map<String, Object> before = EntityService.body(current);
		Map<String, Object> merged = new LinkedHashMap<>(item.body());
		Object userFields = current.get(EntityService.META, Document.class).get("userFields");
		if (userFields instanceof List<?> fields) {
			fields.forEach((field) -> {
				if (before.containsKey(field)) {
					merged.put(String.valueOf(field), before.get(field));
				}
			});
		}
		Map<String, Object> canonical = this.bodies.canonical(type, merged);
		List<Paths.FieldChange> changes = Paths.changes(before, canonical);
		if (changes.isEmpty()) {
			sighted(writes, current, discovery(item.providerId(), connectionId, checksum, now));
			return Mono.just(new Outcome(item.providerId(), id, "UNCHANGED", null));
		}
		long version = EntityService.version(current);
		Document replacement = EntityService
			.document(type, teamId, id, canonical, EntityService.nextMeta(current, actor, now))
			.append(EntityService.DISCOVERY, discovery(item.providerId(), connectionId, checksum, now));
		return this.entities.checkRelations(teamId, type, canonical, id).then(Mono.fromSupplier(() -> {
			if (writes.inserts.containsKey(id)) {
				writes.inserts.put(id, replacement);
			}
			else {
				writes.replacedVersions.putIfAbsent(id, version);
				writes.replacements.put(id, replacement);
				writes.sightings.remove(id);
			}
			writes.history.add(this.entities.historyEntry(teamId, type, id, "UPDATED", changes, actor));
			known.put(item.providerId(), replacement);
			return new Outcome(item.providerId(), id, "UPDATED", null);
		}));
	}

	private static void sighted(Writes writes, Document current, Document discovery) {
		String id = current.getString("_id");
		current.put(EntityService.DISCOVERY, discovery);
		if (writes.inserts.containsKey(id)) {
			writes.inserts.put(id, current);
		}
		else if (writes.replacements.containsKey(id)) {
			writes.replacements.put(id, current);
		}
		else {
			writes.sightings.put(id, discovery);
		}
	}

	/** The batch's writes: one bulk insert, the replacements (each guarded by its version), one bulk of sightings, one bulk of history. */
	private Mono<Void> flush(EntityType type, Writes writes) {
		Mono<Void> inserts = writes.inserts.isEmpty() ? Mono.empty()
				: this.mongo.insert(new ArrayList<>(writes.inserts.values()), type.collection()).then();
		Mono<Void> replacements = Flux.fromIterable(writes.replacements.entrySet())
			.concatMap((entry) -> this.mongo.replace(Query.query(Criteria.where("_id").is(entry.getKey())
				.and(EntityService.META + ".version").is(writes.replacedVersions.get(entry.getKey()))), entry.getValue(),
					type.collection()))
			.then();
		Mono<Void> sightings = writes.sightings.isEmpty() ? Mono.empty() : Mono.defer(() -> {
			var bulk = this.mongo.bulkOps(org.springframework.data.mongodb.core.BulkOperations.BulkMode.UNORDERED,
					type.collection());
			writes.sightings.forEach((id, discovery) -> bulk.updateOne(Query.query(Criteria.where("_id").is(id)),
					new Update().set(EntityService.DISCOVERY, discovery)));
			return bulk.execute().then();
		});
		Mono<Void> history = writes.history.isEmpty() ? Mono.empty()
				: this.mongo.insert(writes.history, HistoryEntry.class).then();
		return inserts.then(replacements).then(sightings).then(history);
	}

	private static Document discovery(String providerId, String connectionId, String checksum, Date seenAt) {
		return new Document("key", providerId).append("connectionId", connectionId)
			.append("checksum", checksum)
			.append("lastSeenAt", seenAt);
	}

	private String checksum(Map<String, Object> body) {
		try {
			byte[] canonicalJson = this.json.writeValueAsString(new java.util.TreeMap<>(body))
				.getBytes(StandardCharsets.UTF_8);
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonicalJson));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static List<Item> items(Object raw) {
		List<Item> items = new ArrayList<>();
		if (raw instanceof List<?> list) {
			for (Object entry : list) {
				if (entry instanceof Map<?, ?> map && map.get("providerId") instanceof String providerId
						&& map.get("body") instanceof Map<?, ?> body) {
					@SuppressWarnings("unchecked")
					Map<String, Object> typed = (Map<String, Object>) body;
					items.add(new Item(providerId, typed));
				}
				else {
					return null;
				}
			}
		}
		return items;
	}

}
