package dev.maestro.inventory.entity;

import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.data.mongodb.core.ReactiveMongoOperations;
import org.springframework.data.mongodb.core.index.CompoundIndexDefinition;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Component;

/**
 * Declares every collection's indexes at start-up: the team-scoped live-record order every page
 * walks, one per filterable field, and the discovery key. Creating an existing index is a no-op.
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

	@EventListener(ApplicationReadyEvent.class)
	void create() {
		Flux.fromIterable(this.types.all()).concatMap((type) -> {
			var indexes = this.mongo.indexOps(type.collection());
			Flux<String> base = Flux.concat(
					indexes.createIndex(new CompoundIndexDefinition(
							new Document("teamId", 1).append(EntityService.META + ".deletedAt", 1).append("_id", 1))
						.named("team_live")),
					indexes.createIndex(new CompoundIndexDefinition(
							new Document("teamId", 1).append(EntityService.DISCOVERY + ".key", 1))
						.named("team_discovery_key")
						.sparse()));
			Flux<String> fields = Flux.fromIterable(type.indexedFields())
				.concatMap((field) -> indexes.createIndex(new Index().on("teamId", Sort.Direction.ASC)
					.on(field, Sort.Direction.ASC)
					.named("team_" + field.replace('.', '_'))));
			return Flux.concat(base, fields);
		})
			.onErrorContinue((ex, index) -> log.warn("Could not create an inventory index: {}", ex.toString()))
			.subscribe();
	}

}
