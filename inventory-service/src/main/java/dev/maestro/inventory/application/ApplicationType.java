package dev.maestro.inventory.application;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.maestro.inventory.entity.EntityType;
import dev.maestro.request.web.FieldError;

import org.springframework.stereotype.Component;

/**
 * Applications of every family. Dependencies point at applications of the same team; an
 * application never depends on itself; a single-node Oracle runs on one server, a RAC on two or
 * more.
 */
@Component
class ApplicationType implements EntityType {

	@Override
	public String collection() {
		return "applications";
	}

	@Override
	public String label() {
		return "Application";
	}

	@Override
	public Class<?> bodyType() {
		return ApplicationBody.class;
	}

	@Override
	public List<String> searchFields() {
		return List.of("name", "role.endpoint");
	}

	@Override
	public Set<String> indexedFields() {
		return Set.of("name", "family", "environment", "language", "database.engine", "database.version",
				"systemIds", "serverIds", "dependencies.targetId");
	}

	@Override
	public Map<String, List<String>> relations() {
		return Map.of("systemIds[]", List.of("systems"), "serverIds[]", List.of("servers"),
				"dependencies[].targetId", List.of("applications"), "targets[]", List.of("servers", "applications"));
	}

	@Override
	@SuppressWarnings("unchecked")
	public List<FieldError> check(Map<String, Object> body, String selfId) {
		List<FieldError> errors = new ArrayList<>();
		if (body.get("dependencies") instanceof List<?> dependencies) {
			for (int i = 0; i < dependencies.size(); i++) {
				if (dependencies.get(i) instanceof Map<?, ?> dependency && selfId.equals(dependency.get("targetId"))) {
					errors.add(new FieldError("dependencies[" + i + "].targetId", "an application cannot depend on itself"));
				}
			}
		}
		if (body.get("database") instanceof Map<?, ?> database && database.get("oracle") instanceof Map<?, ?> oracle) {
			int servers = (body.get("serverIds") instanceof List<?> ids) ? ids.size() : 0;
			Object topology = oracle.get("topology");
			if ("SINGLE_NODE".equals(topology) && servers > 1) {
				errors.add(new FieldError("serverIds", "a single-node Oracle runs on one server; use topology RAC"));
			}
			if ("RAC".equals(topology) && servers == 1) {
				errors.add(new FieldError("serverIds", "a RAC runs on two or more servers"));
			}
		}
		return errors;
	}

}
