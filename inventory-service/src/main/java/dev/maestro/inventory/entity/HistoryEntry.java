package dev.maestro.inventory.entity;

import java.time.Instant;
import java.util.List;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.index.CompoundIndex;
import org.springframework.data.mongodb.core.index.CompoundIndexes;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * One change of one record: who, when, through what, and which fields went from what to what.
 *
 * @param id a time-ordered id (newest sorts last), which pages history
 * @param teamId the team
 * @param collection the record's collection
 * @param entityId the record
 * @param at when
 * @param actor who: a user id, or {@code service:<id>}
 * @param source {@code user}, or {@code discovery:<connectionId>} for a discovery sync
 * @param requestId the request that made the change
 * @param action CREATED, UPDATED, DELETED or RESTORED
 * @param changes the fields that changed
 */
@Document("history")
@CompoundIndexes({ @CompoundIndex(name = "record", def = "{'teamId': 1, 'collection': 1, 'entityId': 1, '_id': -1}"),
		@CompoundIndex(name = "team", def = "{'teamId': 1, '_id': -1}") })
record HistoryEntry(@Id String id, String teamId, String collection, String entityId, Instant at, String actor,
		String source, String requestId, String action, List<Paths.FieldChange> changes) {
}
