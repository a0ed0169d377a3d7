package dev.maestro.analytics.worker.graph;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Cuts a whole team's {@code graph-export} down to a graph's scope: the scoped applications
 * (named, or in the named systems, or in the systems of the named clients), everything they
 * depend on transitively, and — with {@code dependents} — everything that depends on them; the
 * same walk inventory's {@code graph-export} does. The worker asks inventory for the whole team
 * because {@code ServiceClient} percent-encodes a {@code ?} in its path template, so scope
 * parameters cannot be sent (see docs/analytics.md).
 */
public final class GraphScope {

	private GraphScope() {
	}

	/** @throws IllegalArgumentException naming the ids that the team does not have */
	@SuppressWarnings("unchecked")
	public static Map<String, Object> apply(Map<String, Object> export, List<String> applicationIds,
			List<String> systemIds, List<String> clientIds, boolean dependents) {
		Map<String, Map<String, Object>> apps = byId((List<Map<String, Object>>) export.getOrDefault("applications", List.of()));
		Map<String, Map<String, Object>> systems = byId((List<Map<String, Object>>) export.getOrDefault("systems", List.of()));
		List<String> unknown = new ArrayList<>();
		applicationIds.stream().filter((id) -> !apps.containsKey(id)).forEach((id) -> unknown.add("application " + id));
		systemIds.stream().filter((id) -> !systems.containsKey(id)).forEach((id) -> unknown.add("system " + id));
		if (!unknown.isEmpty()) {
			throw new IllegalArgumentException("the scope names records the team does not have: " + String.join(", ", unknown));
		}
		Set<String> scope = new LinkedHashSet<>(applicationIds);
		Set<String> scopedSystems = new LinkedHashSet<>(systemIds);
		systems.values()
			.stream()
			.filter((system) -> strings(system.get("clientIds")).stream().anyMatch(clientIds::contains))
			.forEach((system) -> scopedSystems.add(String.valueOf(system.get("id"))));
		for (String systemId : scopedSystems) {
			strings(systems.get(systemId).get("applicationIds")).stream().filter(apps::containsKey).forEach(scope::add);
			apps.values()
				.stream()
				.filter((app) -> strings(app.get("systemIds")).contains(systemId))
				.forEach((app) -> scope.add(String.valueOf(app.get("id"))));
		}
		List<Map<String, Object>> edges = (List<Map<String, Object>>) export.getOrDefault("edges", List.of());
		Map<String, List<String>> out = new HashMap<>();
		Map<String, List<String>> in = new HashMap<>();
		for (Map<String, Object> edge : edges) {
			String from = String.valueOf(edge.get("from"));
			String to = String.valueOf(edge.get("to"));
			out.computeIfAbsent(from, (k) -> new ArrayList<>()).add(to);
			in.computeIfAbsent(to, (k) -> new ArrayList<>()).add(from);
		}
		Set<String> included = walk(scope, out);
		if (dependents) {
			included.addAll(walk(scope, in));
		}
		Set<String> serverIds = new LinkedHashSet<>();
		Set<String> systemIdsUsed = new LinkedHashSet<>();
		for (String id : included) {
			serverIds.addAll(strings(apps.get(id).get("serverIds")));
			serverIds.addAll(strings(apps.get(id).get("targets")));
			systemIdsUsed.addAll(strings(apps.get(id).get("systemIds")));
		}
		Map<String, Object> answer = new LinkedHashMap<>(export);
		answer.put("applications", included.stream().map(apps::get).toList());
		answer.put("edges", edges.stream()
			.filter((edge) -> included.contains(String.valueOf(edge.get("from")))
					&& included.contains(String.valueOf(edge.get("to"))))
			.toList());
		answer.put("servers", ((List<Map<String, Object>>) export.getOrDefault("servers", List.of())).stream()
			.filter((server) -> serverIds.contains(String.valueOf(server.get("id"))))
			.toList());
		answer.put("systems", systemIdsUsed.stream().map(systems::get).filter(java.util.Objects::nonNull).toList());
		return answer;
	}

	private static Set<String> walk(Set<String> start, Map<String, List<String>> next) {
		Set<String> seen = new LinkedHashSet<>(start);
		Deque<String> queue = new ArrayDeque<>(start);
		while (!queue.isEmpty()) {
			for (String n : next.getOrDefault(queue.poll(), List.of())) {
				if (seen.add(n)) {
					queue.add(n);
				}
			}
		}
		return seen;
	}

	private static Map<String, Map<String, Object>> byId(List<Map<String, Object>> records) {
		Map<String, Map<String, Object>> byId = new LinkedHashMap<>();
		records.forEach((record) -> byId.put(String.valueOf(record.get("id")), record));
		return byId;
	}

	private static List<String> strings(Object value) {
		return (value instanceof List<?> list) ? list.stream().map(String::valueOf).toList() : List.of();
	}

}
