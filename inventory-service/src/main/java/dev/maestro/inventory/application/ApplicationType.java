package dev.maestro.inventory.application;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.maestro.inventory.entity.EntityType;
import dev.maestro.request.web.FieldError;
import reactor.core.publisher.Mono;

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

	/**
	 * A database registered on servers gives each of them the catalogue service of its engine
	 * (say Oracle Database), unless they already list it: the service relation operations teams
	 * would otherwise keep by hand.
	 */
	@Override
	public Mono<Void> afterSave(String teamId, String id, Map<String, Object> body, Records records) {
		if (!"Database".equals(body.get("family")) || !(body.get("database") instanceof Map<?, ?> database)
				|| !(body.get("serverIds") instanceof List<?> serverIds) || serverIds.isEmpty()) {
			return Mono.empty();
		}
		Object engine = database.get("engine");
		return records.where("services", "engine", engine).next().flatMap((service) -> {
			String serviceId = (String) service.get("id");
			return records.byIds("servers", serverIds.stream().map(String::valueOf).toList())
				.filter((server) -> !runs(server, serviceId))
				.concatMap((server) -> {
					List<Object> services = new ArrayList<>((server.get("services") instanceof List<?> list) ? list : List.of());
					services.add(Map.of("serviceId", serviceId, "status", "running"));
					return records.patch("servers", (String) server.get("id"), Map.of("services", services),
							"derived:database " + id);
				})
				.then();
		});
	}

	private static boolean runs(Map<String, Object> server, String serviceId) {
		return (server.get("services") instanceof List<?> services) && services.stream()
			.anyMatch((entry) -> entry instanceof Map<?, ?> map && serviceId.equals(map.get("serviceId")));
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
