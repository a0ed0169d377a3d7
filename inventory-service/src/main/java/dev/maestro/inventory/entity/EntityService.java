package dev.maestro.inventory.entity;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.maestro.request.messaging.EventEnvelope;
import dev.maestro.request.messaging.EventPublisher;
import dev.maestro.request.messaging.MessageTypes;
import dev.maestro.request.web.FieldError;
import dev.maestro.request.web.ProblemException;
import dev.maestro.request.web.Problems;
import org.bson.Document;
import org.bson.types.ObjectId;
import reactor.core.Exceptions;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.ReactiveMongoOperations;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * The use cases every inventory collection shares. Records are stored as their canonical body
 * plus {@code _id}, {@code teamId}, {@code _search} and {@code _grams} (the name-like fields
 * text search matches, see {@link TextSearch}) and {@code _meta} (version, times, actors, source,
 * deletion).
 */
@Service
public class EntityService {

	/** How often an unconditional write that keeps losing races to other writers is done again. */
	static final int UNCONDITIONAL_ATTEMPTS = 50;

	static final String META = "_meta";

	/** Where discovery keeps its key (the provider's id), connection, checksum and last sighting. */
	static final String DISCOVERY = "_discovery";

	/** The fields the store keeps beside a record's body. */
	private static final Set<String> ENGINE_FIELDS = Set.of("_id", "teamId", TextSearch.TEXT, TextSearch.GRAMS, META,
			DISCOVERY);

	private final ReactiveMongoOperations mongo;

	private final EntityTypes types;

	private final Bodies bodies;

	private final EventPublisher events;

	private final JsonMapper json;

	private final InstanceClaims claims;

	EntityService(ReactiveMongoOperations mongo, EntityTypes types, Bodies bodies, EventPublisher events,
			JsonMapper json, InstanceClaims claims) {
		this.mongo = mongo;
		this.types = types;
		this.bodies = bodies;
		this.events = events;
		this.json = json;
		this.claims = claims;
	}

	/** What every save does after the record is written: the type's own follow-up, instance claims. */
	private Mono<Void> afterSave(String teamId, EntityType type, String id, Map<String, Object> canonical) {
		Mono<Void> claim = "servers".equals(type.collection()) ? this.claims.claim(teamId, id, canonical) : Mono.empty();
		return type.afterSave(teamId, id, canonical, records(teamId)).then(claim);
	}

	/** A record as the API shows it, with the warnings its last change raised. */
	public record Saved(Map<String, Object> entity, long version, List<Warning> warnings) {
	}

	Mono<Saved> create(String teamId, String collection, Map<String, Object> body, Actor actor) {
		EntityType type = this.types.get(collection);
		Map<String, Object> canonical = this.bodies.canonical(type, body);
		String id = RecordIds.next();
		return checkRelations(teamId, type, canonical, id).then(Mono.defer(() -> {
			Document document = document(type, teamId, id, canonical, firstMeta(actor, new Date(),
					actor.isDiscovery() ? List.of() : new ArrayList<>(canonical.keySet())));
			return this.mongo.insert(document, collection)
				.then(logChange(teamId, type, id, "CREATED", Paths.changes(Map.of(), canonical), actor))
				.then(afterSave(teamId, type, id, canonical))
				.then(warnings(teamId, type, canonical, id))
				.map((warnings) -> new Saved(view(document), 1L, warnings));
		}));
	}

	/**
	 * Stores seed records on behalf of Maestro itself in one bulk insert: they start the team's
	 * history rather than change it, so no history entries or events are written.
	 */
	public Mono<Void> createAll(String teamId, String collection, List<Map<String, Object>> bodies, String source) {
		EntityType type = this.types.get(collection);
		Document meta = firstMeta(new Actor("system", source, ""), new Date(), List.of());
		List<Document> documents = bodies.stream()
			.map((body) -> document(type, teamId, RecordIds.next(), this.bodies.canonical(type, body),
					new Document(meta)))
			.toList();
		return this.mongo.insert(documents, collection).then();
	}

	Mono<Saved> get(String teamId, String collection, String id) {
		EntityType type = this.types.get(collection);
		return live(teamId, type, id).map((document) -> new Saved(view(document), version(document), List.of()));
	}

	/** Replaces the body (PUT), or merges a JSON merge patch into it (PATCH), if the version matches. */
	Mono<Saved> update(String teamId, String collection, String id, Map<String, Object> body, boolean merge,
			Long expectedVersion, Actor actor) {
		EntityType type = this.types.get(collection);
		return settle(live(teamId, type, id).flatMap((current) -> {
			long version = version(current);
			if (expectedVersion != null && expectedVersion != version) {
				return Mono.error(stale(type, id, version));
			}
			Map<String, Object> before = body(current);
			Map<String, Object> requested = merge ? MergePatch.apply(before, body) : body;
			Map<String, Object> canonical = this.bodies.canonical(type, requested);
			List<Paths.FieldChange> changes = Paths.changes(before, canonical);
			if (changes.isEmpty()) {
				return warnings(teamId, type, canonical, id).map((warnings) -> new Saved(view(current), version, warnings));
			}
			Document meta = nextMeta(current, actor, new Date());
			if (!actor.isDiscovery()) {
				meta.append("userFields", userFields(current, changes));
			}
			Document replacement = document(type, teamId, id, canonical, meta);
			if (current.get(DISCOVERY) != null) {
				replacement.append(DISCOVERY, current.get(DISCOVERY));
			}
			Query sameVersion = byId(teamId, id).addCriteria(Criteria.where(META + ".version").is(version));
			return checkRelations(teamId, type, canonical, id)
				.then(this.mongo.replace(sameVersion, replacement, collection))
				.flatMap((result) -> (result.getMatchedCount() == 0) ? Mono.error(new LostRace())
						: logChange(teamId, type, id, "UPDATED", changes, actor))
				.then(afterSave(teamId, type, id, canonical))
				.then(warnings(teamId, type, canonical, id))
				.map((warnings) -> new Saved(view(replacement), version + 1, warnings));
		}), expectedVersion, type, id);
	}

	/** Soft delete: the record leaves every list and relation check, and can be restored. */
	Mono<Void> delete(String teamId, String collection, String id, Long expectedVersion, Actor actor) {
		EntityType type = this.types.get(collection);
		return settle(live(teamId, type, id).flatMap((current) -> {
			long version = version(current);
			if (expectedVersion != null && expectedVersion != version) {
				return Mono.error(stale(type, id, version));
			}
			return setDeleted(teamId, type, id, version, new Date(), actor)
				.then(logChange(teamId, type, id, "DELETED", List.of(), actor));
		}), expectedVersion, type, id);
	}

	Mono<Saved> restore(String teamId, String collection, String id, Actor actor) {
		EntityType type = this.types.get(collection);
		Query deleted = byId(teamId, id).addCriteria(Criteria.where(META + ".deletedAt").ne(null));
		return settle(this.mongo.findOne(deleted, Document.class, collection)
			.switchIfEmpty(Mono.error(() -> new ProblemException(
					Problems.notFound("Deleted " + type.label().toLowerCase(), id))))
			.flatMap((current) -> setDeleted(teamId, type, id, version(current), null, actor)
				.then(logChange(teamId, type, id, "RESTORED", List.of(), actor))
				.then(live(teamId, type, id)))
			.map((document) -> new Saved(view(document), version(document), List.of())), null, type, id);
	}

	/** The metadata of a record's first version. */
	static Document firstMeta(Actor actor, Date at, List<String> userFields) {
		return new Document("version", 1L).append("createdAt", at)
			.append("createdBy", actor.id())
			.append("updatedAt", at)
			.append("updatedBy", actor.id())
			.append("source", actor.source())
			.append("userFields", userFields);
	}

	/** The metadata of the version after {@code current}'s. */
	static Document nextMeta(Document current, Actor actor, Date at) {
		return new Document(current.get(META, Document.class)).append("version", version(current) + 1)
			.append("updatedAt", at)
			.append("updatedBy", actor.id())
			.append("source", actor.source());
	}

	/** The top-level fields users have set, which discovery must not overwrite. */
	@SuppressWarnings("unchecked")
	private static List<String> userFields(Document current, List<Paths.FieldChange> changes) {
		Set<String> fields = new java.util.LinkedHashSet<>();
		Object known = current.get(META, Document.class).get("userFields");
		if (known instanceof List<?> list) {
			list.forEach((field) -> fields.add(String.valueOf(field)));
		}
		changes.forEach((change) -> fields.add(change.field().split("\\.")[0]));
		return new ArrayList<>(fields);
	}

	private Mono<Void> setDeleted(String teamId, EntityType type, String id, long version, Date deletedAt,
			Actor actor) {
		org.springframework.data.mongodb.core.query.Update update = new org.springframework.data.mongodb.core.query.Update()
			.set(META + ".deletedAt", deletedAt)
			.set(META + ".version", version + 1)
			.set(META + ".updatedAt", new Date())
			.set(META + ".updatedBy", actor.id());
		return this.mongo
			.updateFirst(byId(teamId, id).addCriteria(Criteria.where(META + ".version").is(version)), update,
					type.collection())
			.flatMap((result) -> (result.getMatchedCount() == 0) ? Mono.error(new LostRace()) : Mono.empty());
	}

	/**
	 * A write that lost a race to another writer of the same record (the version moved between
	 * reading and writing it): a conditional write (If-Match) is the client's 412; an
	 * unconditional one is done again on the newer version, as if it had come a moment later —
	 * a client that sent no precondition never gets a 412.
	 */
	private static <T> Mono<T> settle(Mono<T> write, Long expectedVersion, EntityType type, String id) {
		Mono<T> attempts = (expectedVersion != null) ? write
				: write.retryWhen(Retry.max(UNCONDITIONAL_ATTEMPTS).filter(LostRace.class::isInstance));
		return attempts.onErrorMap((ex) -> ex instanceof LostRace || Exceptions.isRetryExhausted(ex),
				(ex) -> stale(type, id, -1));
	}

	/** The version a write was based on is no longer the record's: someone else wrote in between. */
	private static final class LostRace extends RuntimeException {

		LostRace() {
			super("lost a write race", null, false, false);
		}

	}

	/** One page of the team's records. */
	Mono<Map<String, Object>> list(String teamId, String collection, ListQuery request) {
		EntityType type = this.types.get(collection);
		Query query = matching(teamId, request, request.deleted());
		if (request.after() != null) {
			query.addCriteria(after(request));
		}
		Sort.Direction direction = request.descending() ? Sort.Direction.DESC : Sort.Direction.ASC;
		query.with(Sort.by(direction, request.sortField()).and(Sort.by(direction, "_id")));
		query.limit(request.limit() + 1);
		if (!request.fields().isEmpty()) {
			request.fields().forEach((field) -> query.fields().include(field));
			query.fields().include("_id").include(META).include(request.sortField());
		}
		else {
			query.fields().exclude(TextSearch.GRAMS);
		}
		return this.mongo.find(query, Document.class, collection).collectList().map((documents) -> {
			boolean more = documents.size() > request.limit();
			List<Document> page = more ? documents.subList(0, request.limit()) : documents;
			List<Map<String, Object>> items = page.stream().map(EntityService::view).toList();
			String next = null;
			if (more) {
				Document last = page.get(page.size() - 1);
				Object value = "_id".equals(request.sortField()) ? null : Paths.get(last, request.sortField());
				if (value instanceof Date date) {
					value = date.getTime();
				}
				next = ListQuery.encode(new ListQuery.Position(value, last.getString("_id")), this.json);
			}
			Map<String, Object> answer = new LinkedHashMap<>();
			answer.put("items", items);
			answer.put("nextCursor", next);
			return answer;
		});
	}

	/** What an entity type's {@code afterSave} may read and change in the team. */
	EntityType.Records records(String teamId) {
		return new EntityType.Records() {
			@Override
			public Flux<Map<String, Object>> where(String collection, String field, Object value) {
				return EntityService.this.mongo
					.find(Query.query(Criteria.where("teamId").is(teamId).and(field).is(value)
						.and(META + ".deletedAt").is(null)), Document.class, collection)
					.map(EntityService::view);
			}

			@Override
			public Flux<Map<String, Object>> byIds(String collection, java.util.Collection<String> ids) {
				return EntityService.this.byIds(teamId, collection, ids);
			}

			@Override
			public Mono<Void> patch(String collection, String id, Map<String, Object> patch, String reason) {
				return update(teamId, collection, id, patch, true, null, new Actor("system", reason, "")).then();
			}
		};
	}

	/** Every live record of the team's collection, as the API shows it. */
	public Flux<Map<String, Object>> all(String teamId, String collection) {
		this.types.get(collection);
		return this.mongo.find(Query.query(Criteria.where("teamId").is(teamId).and(META + ".deletedAt").is(null)),
				Document.class, collection)
			.map(EntityService::view);
	}

	/** The team's live records with the given ids. */
	public Flux<Map<String, Object>> byIds(String teamId, String collection, java.util.Collection<String> ids) {
		if (ids.isEmpty()) {
			return Flux.empty();
		}
		return this.mongo.find(Query.query(Criteria.where("teamId").is(teamId).and("_id").in(ids)
			.and(META + ".deletedAt").is(null)), Document.class, collection)
			.map(EntityService::view);
	}

	/** Every live record matching the request's filters and search, in id order, streamed. */
	Flux<Map<String, Object>> export(String teamId, String collection, ListQuery request) {
		Query query = matching(teamId, request, false).with(Sort.by("_id"));
		query.fields().exclude(TextSearch.GRAMS);
		return this.mongo.find(query, Document.class, collection).map(EntityService::view);
	}

	/** The team's live (or deleted) records that match the request's filters and search. */
	private static Query matching(String teamId, ListQuery request, boolean deleted) {
		Query query = Query.query(Criteria.where("teamId").is(teamId));
		query.addCriteria(deleted ? Criteria.where(META + ".deletedAt").ne(null)
				: Criteria.where(META + ".deletedAt").is(null));
		request.filters().forEach((field, value) -> query.addCriteria(Criteria.where(field).in(candidates(value))));
		if (request.q() != null) {
			query.addCriteria(TextSearch.matching(request.q()));
		}
		return query;
	}

	/** The record's change log, newest first. */
	Mono<Map<String, Object>> history(String teamId, String collection, String id, int limit, String cursor) {
		EntityType type = this.types.get(collection);
		Query query = Query.query(Criteria.where("teamId").is(teamId).and("collection").is(type.collection())
			.and("entityId").is(id));
		return this.mongo.exists(byId(teamId, id), type.collection())
			.flatMap((exists) -> exists ? historyPage(query, limit, cursor)
					: Mono.error(new ProblemException(Problems.notFound(type.label(), id))));
	}

	/** The team's change log across every collection, newest first. */
	Mono<Map<String, Object>> teamHistory(String teamId, int limit, String cursor) {
		return historyPage(Query.query(Criteria.where("teamId").is(teamId)), limit, cursor);
	}

	private Mono<Map<String, Object>> historyPage(Query query, int limit, String cursor) {
		if (cursor != null && !cursor.isBlank()) {
			if (!ObjectId.isValid(cursor)) {
				return Mono.error(new ProblemException(Problems.invalid("cursor", "is not a cursor this API gave out")));
			}
			query.addCriteria(Criteria.where("_id").lt(cursor));
		}
		query.with(Sort.by(Sort.Direction.DESC, "_id")).limit(limit + 1);
		return this.mongo.find(query, HistoryEntry.class).collectList().map((entries) -> {
			boolean more = entries.size() > limit;
			List<HistoryEntry> page = more ? entries.subList(0, limit) : entries;
			Map<String, Object> answer = new LinkedHashMap<>();
			answer.put("items", page.stream().map(EntityService::historyView).toList());
			answer.put("nextCursor", more ? page.get(page.size() - 1).id() : null);
			return answer;
		});
	}

	private static Map<String, Object> historyView(HistoryEntry entry) {
		Map<String, Object> view = new LinkedHashMap<>();
		view.put("at", entry.at());
		view.put("actor", entry.actor());
		view.put("source", entry.source());
		view.put("requestId", entry.requestId());
		view.put("action", entry.action());
		view.put("collection", entry.collection());
		view.put("entityId", entry.entityId());
		view.put("changes", entry.changes());
		return view;
	}

	Mono<Void> logChange(String teamId, EntityType type, String id, String action,
			List<Paths.FieldChange> changes, Actor actor) {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("collection", type.collection());
		data.put("entityId", id);
		data.put("action", action);
		data.put("changedFields", changes.stream().map(Paths.FieldChange::field).toList());
		return logHistory(teamId, type, id, action, changes, actor)
			.then(this.events.publishEvent(EventEnvelope.of(MessageTypes.ENTITY_CHANGED, teamId, actor.requestId(), data)));
	}

	/** The history entry of a change, without its event (batches announce themselves once). */
	Mono<Void> logHistory(String teamId, EntityType type, String id, String action, List<Paths.FieldChange> changes,
			Actor actor) {
		return this.mongo.insert(historyEntry(teamId, type, id, action, changes, actor)).then();
	}

	HistoryEntry historyEntry(String teamId, EntityType type, String id, String action,
			List<Paths.FieldChange> changes, Actor actor) {
		return new HistoryEntry(new ObjectId().toHexString(), teamId, type.collection(), id, Instant.now(), actor.id(),
				actor.source(), actor.requestId(), action, changes);
	}

	/** One {@code inventory.entity.changed} event for a batch of changed records. */
	Mono<Void> announceBatch(String teamId, EntityType type, List<String> ids, Actor actor) {
		return announceBatch(teamId, type, ids, actor, "UPSERTED");
	}

	/** One {@code inventory.entity.changed} event for a batch of records changed the same way. */
	Mono<Void> announceBatch(String teamId, EntityType type, List<String> ids, Actor actor, String action) {
		if (ids.isEmpty()) {
			return Mono.empty();
		}
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("collection", type.collection());
		data.put("action", action);
		data.put("entityIds", ids);
		data.put("count", ids.size());
		return this.events.publishEvent(EventEnvelope.of(MessageTypes.ENTITY_CHANGED, teamId, actor.requestId(), data));
	}

	private Mono<List<Warning>> warnings(String teamId, EntityType type, Map<String, Object> body, String selfId) {
		EntityType.RecordLookup lookup = (field, value) -> this.mongo
			.find(Query.query(Criteria.where("teamId").is(teamId).and(field).is(value)
				.and("_id").ne(selfId).and(META + ".deletedAt").is(null)), Document.class, type.collection())
			.map((document) -> document.getString("_id"));
		return type.warnings(body, selfId, lookup).collectList();
	}

	/**
	 * The type's own rules, then: every id a body refers to must be a live record of the same
	 * team, in an allowed collection.
	 */
	Mono<Void> checkRelations(String teamId, EntityType type, Map<String, Object> body, String selfId) {
		List<FieldError> broken = type.check(body, selfId);
		if (!broken.isEmpty()) {
			return Mono.error(new ProblemException(
					Problems.invalid("The " + type.label().toLowerCase() + " has invalid fields", broken)));
		}
		List<Mono<FieldError>> checks = new ArrayList<>();
		type.relations().forEach((path, targets) -> {
			for (Paths.Found found : Paths.values(body, path)) {
				String targetId = String.valueOf(found.value());
				Query query = Query.query(Criteria.where("_id").is(targetId).and("teamId").is(teamId)
					.and(META + ".deletedAt").is(null));
				checks.add(Flux.fromIterable(targets)
					.concatMap((target) -> this.mongo.exists(query, target))
					.any(Boolean::booleanValue)
					.flatMap((exists) -> exists ? Mono.empty() : Mono.just(new FieldError(found.path(),
							"no " + String.join(" or ", targets.stream().map(EntityService::singular).toList())
									+ " with id " + targetId + " in this team"))));
			}
		});
		return Flux.concat(checks).collectList().flatMap((errors) -> errors.isEmpty() ? Mono.empty()
				: Mono.error(new ProblemException(Problems.invalid("The " + type.label().toLowerCase()
						+ " refers to records that do not exist", errors))));
	}

	private static String singular(String collection) {
		return collection.endsWith("s") ? collection.substring(0, collection.length() - 1) : collection;
	}

	private Mono<Document> live(String teamId, EntityType type, String id) {
		Query query = byId(teamId, id).addCriteria(Criteria.where(META + ".deletedAt").is(null));
		return this.mongo.findOne(query, Document.class, type.collection())
			.switchIfEmpty(Mono.error(() -> new ProblemException(Problems.notFound(type.label(), id))));
	}

	private static Query byId(String teamId, String id) {
		return Query.query(Criteria.where("_id").is(id).and("teamId").is(teamId));
	}

	static Document document(EntityType type, String teamId, String id, Map<String, Object> body,
			Document meta) {
		Document document = new Document("_id", id).append("teamId", teamId);
		document.putAll(body);
		String search = TextSearch.text(type, body);
		document.append(TextSearch.TEXT, search).append(TextSearch.GRAMS, TextSearch.grams(search)).append(META, meta);
		return document;
	}

	/** The body of a stored record: everything but the engine's own fields. */
	static Map<String, Object> body(Document document) {
		Map<String, Object> body = new LinkedHashMap<>();
		document.forEach((key, value) -> {
			if (!ENGINE_FIELDS.contains(key)) {
				body.put(key, plain(value));
			}
		});
		return body;
	}

	static Map<String, Object> view(Document document) {
		Map<String, Object> view = new LinkedHashMap<>();
		view.put("id", document.getString("_id"));
		view.putAll(body(document));
		Document meta = document.get(META, Document.class);
		if (meta != null) {
			view.put("version", meta.get("version"));
			view.put("createdAt", instant(meta.get("createdAt")));
			view.put("updatedAt", instant(meta.get("updatedAt")));
			if (meta.get("deletedAt") != null) {
				view.put("deletedAt", instant(meta.get("deletedAt")));
			}
		}
		Document discovery = document.get(DISCOVERY, Document.class);
		if (discovery != null) {
			Map<String, Object> seen = new LinkedHashMap<>();
			seen.put("connectionId", discovery.getString("connectionId"));
			seen.put("providerId", discovery.getString("providerId"));
			seen.put("lastSeenAt", instant(discovery.get("lastSeenAt")));
			if (discovery.get("orphanedAt") != null) {
				seen.put("orphanedAt", instant(discovery.get("orphanedAt")));
			}
			view.put("discovery", seen);
		}
		return view;
	}

	static long version(Document document) {
		return ((Number) document.get(META, Document.class).get("version")).longValue();
	}

	private static Object instant(Object value) {
		return (value instanceof Date date) ? date.toInstant() : value;
	}

	// BSON documents inside a record become plain maps again.
	private static Object plain(Object value) {
		if (value instanceof Document nested) {
			Map<String, Object> map = new LinkedHashMap<>();
			nested.forEach((key, inner) -> map.put(key, plain(inner)));
			return map;
		}
		if (value instanceof List<?> list) {
			return list.stream().map(EntityService::plain).toList();
		}
		return value;
	}

	/** A filter value as text, and as the number or boolean it may stand for. */
	private static List<Object> candidates(String value) {
		List<Object> values = new ArrayList<>(List.of(value));
		if ("true".equals(value) || "false".equals(value)) {
			values.add(Boolean.valueOf(value));
		}
		try {
			long number = Long.parseLong(value);
			values.add(number);
			if (number >= Integer.MIN_VALUE && number <= Integer.MAX_VALUE) {
				values.add((int) number);
			}
		}
		catch (NumberFormatException ex) {
			try {
				values.add(Double.parseDouble(value));
			}
			catch (NumberFormatException notANumber) {
				// text only
			}
		}
		return values;
	}

	/** Records that sort after the cursor's position, nulls first ascending and last descending. */
	private static Criteria after(ListQuery request) {
		String field = request.sortField();
		String id = request.after().id();
		if ("_id".equals(field)) {
			return request.descending() ? Criteria.where("_id").lt(id) : Criteria.where("_id").gt(id);
		}
		Object value = request.after().value();
		if (value instanceof Number millis && field.startsWith(META + ".")) {
			value = new Date(millis.longValue());
		}
		if (!request.descending()) {
			if (value == null) {
				return new Criteria().orOperator(Criteria.where(field).is(null).and("_id").gt(id),
						Criteria.where(field).ne(null));
			}
			return new Criteria().orOperator(Criteria.where(field).gt(value),
					Criteria.where(field).is(value).and("_id").gt(id));
		}
		if (value == null) {
			return Criteria.where(field).is(null).and("_id").lt(id);
		}
		return new Criteria().orOperator(Criteria.where(field).lt(value), Criteria.where(field).is(null),
				Criteria.where(field).is(value).and("_id").lt(id));
	}

	private static ProblemException stale(EntityType type, String id, long current) {
		return new ProblemException(Problems.of(HttpStatus.PRECONDITION_FAILED, "The " + type.label().toLowerCase()
				+ " " + id + " changed since you read it" + ((current > 0) ? " (now version " + current + ")" : "")
				+ "; read it again and reapply your change"));
	}

}
