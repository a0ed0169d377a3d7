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

	/** Status of a record its provider no longer reports. */
	static final String ORPHAN = "ORPHAN";

	static final String ORPHANED_AT = "orphanedAt";

	static final String TOMBSTONED_AT = "tombstonedAt";

	private final ReactiveMongoOperations mongo;

	private final EntityTypes types;

	private final Bodies bodies;

	private final EntityService entities;

	private final JsonMapper json;

	private final InstanceClaims claims;

	DiscoveryUpserts(ReactiveMongoOperations mongo, EntityTypes types, Bodies bodies, EntityService entities,
			JsonMapper json, InstanceClaims claims) {
		this.mongo = mongo;
		this.types = types;
		this.bodies = bodies;
		this.entities = entities;
		this.json = json;
		this.claims = claims;
	}

	/** One discovered record: the provider's id and the record's body as the provider sees it. */
	record Item(String providerId, Map<String, Object> body) {
	}

	/** What happened to one item. */
	record Outcome(String providerId, String id, String result, Object problem) {
	}

	Mono<Map<String, Object>> upsert(String teamId, String collection, String connectionId, List<Item> items,
			Actor actor) {
		// The same batch sent twice at once (a retried request, two syncs racing): the unique
		// discovery key refuses the second insert, and planning again finds the first one's records.
		return attempt(teamId, collection, connectionId, items, actor).onErrorResume(
				org.springframework.dao.DuplicateKeyException.class,
				(ex) -> attempt(teamId, collection, connectionId, items, actor));
	}

	private Mono<Map<String, Object>> attempt(String teamId, String collection, String connectionId, List<Item> items,
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
		return byProviderIds(teamId, type, keys)
			.collectMap((document) -> document.get(EntityService.DISCOVERY, Document.class).getString("providerId"))
			.flatMap((found) -> {
				Map<String, Document> known = new java.util.HashMap<>(found);
				List<String> missing = keys.stream().filter((key) -> !known.containsKey(key)).toList();
				if (!"servers".equals(type.collection()) || missing.isEmpty()) {
					return Mono.just(known);
				}
				return this.claims.adoptable(teamId, missing).map((adoptable) -> {
					adoptable.forEach(known::putIfAbsent);
					return known;
				});
			});
	}

	/**
	 * The team's records with these provider ids. The query names only the unique
	 * {@code _discovery.key} (team id + provider id), so that both real MongoDB and the embedded
	 * store answer it from the index instead of scanning the collection.
	 */
	private Flux<Document> byProviderIds(String teamId, EntityType type, List<String> providerIds) {
		List<String> keys = providerIds.stream().map((providerId) -> discoveryKey(teamId, providerId)).toList();
		return this.mongo.find(Query.query(Criteria.where(EntityService.DISCOVERY + ".key").in(keys)), Document.class,
				type.collection());
	}

	/** The unique key of a discovered record: provider ids are unique per provider, not across teams. */
	static String discoveryKey(String teamId, String providerId) {
		return teamId + "/" + providerId;
	}

	/** Decides what happens to one item and adds its writes; {@code known} learns the result. */
	private Mono<Outcome> plan(String teamId, EntityType type, String connectionId, Item item,
			Map<String, Document> known, Writes writes, Actor actor) {
		String checksum = checksum(item.body());
		Document current = known.get(item.providerId());
		Date now = new Date();
		if (current == null) {
			Map<String, Object> canonical = this.bodies.canonical(type, item.body());
			String id = RecordIds.next();
			Document document = EntityService
				.document(type, teamId, id, canonical, EntityService.firstMeta(actor, now, List.of()))
				.append(EntityService.DISCOVERY, discovery(teamId, item.providerId(), connectionId, checksum, now));
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
		// A record discovery orphaned or tombstoned comes back when it reappears; one a user
		// deleted stays deleted.
		boolean tombstoned = seen != null && seen.get(TOMBSTONED_AT) != null;
		boolean orphaned = seen != null && seen.get(ORPHANED_AT) != null;
		boolean deletedByUser = current.get(EntityService.META, Document.class).get("deletedAt") != null && !tombstoned;
		boolean returning = orphaned || tombstoned;
		if (deletedByUser || (!returning && seen != null && checksum.equals(seen.getString("checksum")))) {
			sighted(writes, current, discovery(teamId, item.providerId(), connectionId, checksum, now));
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
		if (ORPHAN.equals(before.get("status"))) {
			merged.put("status", "ACTIVE");
		}
		Map<String, Object> canonical = this.bodies.canonical(type, merged);
		List<Paths.FieldChange> changes = Paths.changes(before, canonical);
		if (changes.isEmpty() && !returning) {
			sighted(writes, current, discovery(teamId, item.providerId(), connectionId, checksum, now));
			return Mono.just(new Outcome(item.providerId(), id, "UNCHANGED", null));
		}
		long version = EntityService.version(current);
		Document meta = EntityService.nextMeta(current, actor, now);
		meta.remove("deletedAt");
		Document replacement = EntityService.document(type, teamId, id, canonical, meta)
			.append(EntityService.DISCOVERY, discovery(teamId, item.providerId(), connectionId, checksum, now));
		return this.entities.checkRelations(teamId, type, canonical, id).then(Mono.fromSupplier(() -> {
			if (writes.inserts.containsKey(id)) {
				writes.inserts.put(id, replacement);
			}
			else {
				writes.replacedVersions.putIfAbsent(id, version);
				writes.replacements.put(id, replacement);
				writes.sightings.remove(id);
			}
			writes.history.add(this.entities.historyEntry(teamId, type, id, returning ? "RESTORED" : "UPDATED", changes,
					actor));
			known.put(item.providerId(), replacement);
			return new Outcome(item.providerId(), id, "UPDATED", null);
		}));
	}

	/**
	 * Marks the connection's records that its provider no longer reports as orphans. Discovery
	 * calls this only after a complete, successful fetch of their scope; records another
	 * connection saw last, records already orphaned and deleted records are left alone.
	 * @return how many records became orphans, and their ids
	 */
	Mono<Map<String, Object>> orphan(String teamId, String collection, String connectionId, List<String> providerIds,
			Actor actor) {
		EntityType type = this.types.get(collection);
		Flux<Document> candidates = ownedBy(teamId, type, connectionId, providerIds)
			.filter((document) -> discoveryOf(document).get(ORPHANED_AT) == null && !deleted(document));
		Date now = new Date();
		return mark(type, teamId, candidates, actor, (document, update) -> {
			update.set(EntityService.DISCOVERY + "." + ORPHANED_AT, now);
			if (document.containsKey("status") || "servers".equals(collection)) {
				update.set("status", ORPHAN);
				return new Change("ORPHANED", List.of(new Paths.FieldChange("status", document.get("status"), ORPHAN)));
			}
			return new Change("ORPHANED", List.of());
		}).map((ids) -> Map.of("orphaned", ids.size(), "ids", ids));
	}

	/**
	 * Soft-deletes orphans of the connection once their grace period is over. A tombstoned
	 * record is restored by the next upsert that reports it (unlike one a user deleted).
	 * @return how many records were tombstoned, and their ids
	 */
	Mono<Map<String, Object>> tombstone(String teamId, String collection, String connectionId,
			List<String> providerIds, Actor actor) {
		EntityType type = this.types.get(collection);
		Flux<Document> candidates = ownedBy(teamId, type, connectionId, providerIds)
			.filter((document) -> discoveryOf(document).get(ORPHANED_AT) != null && !deleted(document));
		Date now = new Date();
		return mark(type, teamId, candidates, actor, (document, update) -> {
			update.set(EntityService.DISCOVERY + "." + TOMBSTONED_AT, now).set(EntityService.META + ".deletedAt", now);
			return new Change("DELETED", List.of());
		}).map((ids) -> Map.of("tombstoned", ids.size(), "ids", ids));
	}

	private record Change(String action, List<Paths.FieldChange> changes) {
	}

	/** The records with these provider ids that this connection saw last. */
	private Flux<Document> ownedBy(String teamId, EntityType type, String connectionId, List<String> providerIds) {
		return byProviderIds(teamId, type, providerIds)
			.filter((document) -> connectionId.equals(discoveryOf(document).getString("connectionId")));
	}

	private static Document discoveryOf(Document document) {
		return document.get(EntityService.DISCOVERY, Document.class);
	}

	private static boolean deleted(Document document) {
		return document.get(EntityService.META, Document.class).get("deletedAt") != null;
	}

	/** One versioned update per matching record, their history in bulk, and one event. */
	private Mono<List<String>> mark(EntityType type, String teamId, Flux<Document> records, Actor actor,
			java.util.function.BiFunction<Document, Update, Change> change) {
		String[] action = { "UPDATED" };
		return records.concatMap((document) -> {
			String id = document.getString("_id");
			long version = EntityService.version(document);
			Update update = new Update().set(EntityService.META + ".version", version + 1)
				.set(EntityService.META + ".updatedAt", new Date())
				.set(EntityService.META + ".updatedBy", actor.id())
				.set(EntityService.META + ".source", actor.source());
			Change made = change.apply(document, update);
			action[0] = made.action();
			Query sameVersion = Query.query(Criteria.where("_id").is(id)
				.and(EntityService.META + ".version").is(version));
			// A record changed meanwhile (a user edit) is skipped; the next sync decides again.
			return this.mongo.updateFirst(sameVersion, update, type.collection())
				.filter((result) -> result.getModifiedCount() > 0)
				.map((result) -> this.entities.historyEntry(teamId, type, id, made.action(), made.changes(), actor));
		}).collectList().flatMap((entries) -> {
			List<String> ids = entries.stream().map(HistoryEntry::entityId).toList();
			Mono<Void> history = entries.isEmpty() ? Mono.empty() : this.mongo.insert(entries, HistoryEntry.class).then();
			return history.then(this.entities.announceBatch(teamId, type, ids, actor, action[0])).thenReturn(ids);
		});
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

	private static Document discovery(String teamId, String providerId, String connectionId, String checksum,
			Date seenAt) {
		return new Document("key", discoveryKey(teamId, providerId)).append("providerId", providerId)
			.append("connectionId", connectionId)
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
