package dev.maestro.inventory.entity;

import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.maestro.request.web.FieldError;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Describes one inventory collection to the record engine: the path segment, the record its
 * bodies must bind to (with Bean Validation constraints), the name-like fields that text search
 * looks at, the fields that may be filtered and sorted on, and the fields that refer to other
 * records. Implementations live in the entity's own package.
 */
public interface EntityType {

	/** The collection's path segment and MongoDB collection, e.g. {@code servers}. */
	String collection();

	/** A record of one entity, in words: "Server". */
	String label();

	/** The record a body must bind to; unknown fields are refused. */
	Class<?> bodyType();

	/** Name-like fields (dotted paths) that text search ({@code q=}) matches. */
	List<String> searchFields();

	/** Fields (dotted paths) that may be used in {@code ?field=value} filters and in {@code sort}. */
	Set<String> indexedFields();

	/**
	 * Fields that hold ids of other records, by path ({@code systemIds[]},
	 * {@code dependencies[].targetId}, {@code datacenter.id}) to the collections they may point to.
	 */
	default Map<String, List<String>> relations() {
		return Map.of();
	}

	/**
	 * Rules that involve the record's identity or several fields, beyond what the body's
	 * annotations say (a self-dependency, say); each broken rule is a field error.
	 */
	default List<FieldError> check(Map<String, Object> body, String selfId) {
		return List.of();
	}

	/**
	 * Warnings for a body about to be stored, such as a duplicate hostname; {@code records}
	 * answers the team's other live records of this collection that match a filter.
	 */
	default Flux<Warning> warnings(Map<String, Object> body, String selfId, RecordLookup records) {
		return Flux.empty();
	}

	/**
	 * Keeps derived relations true after a record of this collection was created or changed
	 * (a database registered on a server gives the server its database service, for one).
	 */
	default Mono<Void> afterSave(String teamId, String id, Map<String, Object> body, Records records) {
		return Mono.empty();
	}

	/** What {@link #afterSave} may read and change, as Maestro itself. */
	interface Records {

		/** The team's live records of a collection whose {@code field} equals {@code value}. */
		Flux<Map<String, Object>> where(String collection, String field, Object value);

		/** The team's live records of a collection with these ids. */
		Flux<Map<String, Object>> byIds(String collection, java.util.Collection<String> ids);

		/** Merges a patch into a record, recorded in its history as made by Maestro for {@code reason}. */
		Mono<Void> patch(String collection, String id, Map<String, Object> patch, String reason);

	}

	/** Finds the team's other live records of a collection, for warnings. */
	@FunctionalInterface
	interface RecordLookup {

		/** Ids of the team's live records whose {@code field} equals {@code value}, except {@code selfId}. */
		Flux<String> idsWhere(String field, Object value);

	}

}
