package dev.maestro.inventory.entity;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.maestro.request.web.ProblemException;
import dev.maestro.request.web.Problems;

import org.springframework.stereotype.Component;

/** Every inventory collection, by its path segment. */
@Component
class EntityTypes {

	private final Map<String, EntityType> types;

	EntityTypes(List<EntityType> types) {
		this.types = types.stream().collect(Collectors.toUnmodifiableMap(EntityType::collection, Function.identity()));
	}

	EntityType get(String collection) {
		EntityType type = this.types.get(collection);
		if (type == null) {
			throw new ProblemException(Problems.notFound("Collection", collection));
		}
		return type;
	}

	boolean exists(String collection) {
		return this.types.containsKey(collection);
	}

	java.util.Collection<EntityType> all() {
		return this.types.values();
	}

}
