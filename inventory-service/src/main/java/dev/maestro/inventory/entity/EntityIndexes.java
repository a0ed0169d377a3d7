package dev.maestro.inventory.entity;

import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.data.mongodb.core.ReactiveMongoOperations;
import org.springframework.data.mongodb.core.index.CompoundIndexDefinition;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Component;

/**
 * Declares every collection's indexes at start-up: the team-scoped live-record order every page
 * walks, one per filterable field, the discovery key and the text search's trigrams. Creating an existing index is a no-op.
 */
@Component
class EntityIndexes {

	private static final Logger log = LoggerFactory.getLogger(EntityIndexes.class);

	private final ReactiveMongoOperations mongo;

	private final EntityTypes types;

	EntityIndexes(ReactiveMongoOperations mongo, EntityTypes types) {
		this.mongo = mongo;
		this.types = types;
	}

	/**
	 * Records discovered before 0.1 kept the bare provider id as their key; the key is now
	 * team-scoped and unique. Runs before the unique index is created; a no-op once done.
	 */
	private Mono<Void> migrateDiscoveryKeys(EntityType type) {
		Query query = Query.query(Criteria.where(EntityService.DISCOVERY + ".key")
			.exists(true)
			.and(EntityService.DISCOVERY + ".providerId")
			.exists(false));
		return this.mongo.find(query, Document.class, type.collection()).concatMap((document) -> {
			Document discovery = document.get(EntityService.DISCOVERY, Document.class);
			String providerId = discovery.getString("key");
			Update update = new Update()
				.set(EntityService.DISCOVERY + ".key", DiscoveryUpserts.discoveryKey(document.getString("teamId"), providerId))
				.set(EntityService.DISCOVERY + ".providerId", providerId);
			return this.mongo.updateFirst(Query.query(Criteria.where("_id").is(document.get("_id"))), update,
					type.collection());
		}).then();
	}

	/**
	 * Records stored before text search had an index keep only their searchable text: their
	 * trigrams are added, so that searches find them. A no-op once done.
	 */
	Mono<Void> addSearchGrams(EntityType type) {
		Query query = Query.query(Criteria.where(TextSearch.GRAMS).exists(false).and(TextSearch.TEXT).exists(true));
		query.fields().include("_id").include(TextSearch.TEXT);
		return this.mongo.find(query, Document.class, type.collection())
			.concatMap((document) -> {
				String text = document.getString(TextSearch.TEXT);
				// Only while no write has given the record its own trigrams meanwhile.
				Query unchanged = Query.query(Criteria.where("_id")
					.is(document.get("_id"))
					.and(TextSearch.TEXT)
					.is(text)
					.and(TextSearch.GRAMS)
					.exists(false));
				return this.mongo.updateFirst(unchanged, new Update().set(TextSearch.GRAMS, TextSearch.grams(text)),
						type.collection());
			})
			.then();
	}

	@EventListener(ApplicationReadyEvent.class)
	void create() {
		Flux.fromIterable(this.types.all()).concatMap((type) -> migrateDiscoveryKeys(type).then(addSearchGrams(type)).thenMany(Flux.defer(() -> {
			var indexes = this.mongo.indexOps(type.collection());
			Flux<String> base = Flux.concat(
					indexes.createIndex(new CompoundIndexDefinition(
							new Document("teamId", 1).append(EntityService.META + ".deletedAt", 1).append("_id", 1))
						.named("team_live")),
					// Unique and sparse: one record per team and provider id.
					indexes.createIndex(new Index().on(EntityService.DISCOVERY + ".key", Sort.Direction.ASC)
						.named("discovery_key")
						.unique()
						.sparse()),
					// Multikey: each record under each of its trigrams (see TextSearch).
					indexes.createIndex(new Index().on("teamId", Sort.Direction.ASC)
						.on(TextSearch.GRAMS, Sort.Direction.ASC)
						.named("team_grams")));
			Flux<String> fields = Flux.fromIterable(type.indexedFields())
				.concatMap((field) -> indexes.createIndex(new Index().on("teamId", Sort.Direction.ASC)
					.on(field, Sort.Direction.ASC)
					.named("team_" + field.replace('.', '_'))));
			return Flux.concat(base, fields);
		})))
			.onErrorContinue((ex, index) -> log.warn("Could not create an inventory index: {}", ex.toString()))
			.subscribe();
	}

}
