package dev.maestro.inventory.export;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.maestro.inventory.entity.EntityService;
import dev.maestro.inventory.team.TeamService;
import dev.maestro.request.security.TeamAccess;
import dev.maestro.request.security.TeamRole;
import dev.maestro.request.web.FieldError;
import dev.maestro.request.web.ProblemException;
import dev.maestro.request.web.Problems;
import reactor.core.publisher.Mono;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * What analytics draws: the applications of a scope (clients, systems or applications — the
 * whole team when none is given), everything they depend on transitively, optionally everything
 * that depends on them, the edges between them, and their servers and systems. The team's
 * applications are read once and walked in memory.
 */
@RestController
class GraphExportController {

	private final EntityService entities;

	private final TeamService teams;

	GraphExportController(EntityService entities, TeamService teams) {
		this.entities = entities;
		this.teams = teams;
	}

	@GetMapping("/api/teams/{teamId}/graph-export")
	Mono<Map<String, Object>> export(@PathVariable String teamId,
			@RequestParam(defaultValue = "") List<String> applicationIds,
			@RequestParam(defaultValue = "") List<String> systemIds,
			@RequestParam(defaultValue = "") List<String> clientIds,
			@RequestParam(defaultValue = "false") boolean dependents) {
		return TeamAccess.caller()
			.flatMap((caller) -> this.teams.require(teamId, caller, TeamRole.VIEWER))
			.then(Mono.zip(this.entities.all(teamId, "applications").collectList(),
					this.entities.all(teamId, "systems").collectList()))
			.flatMap((loaded) -> {
				Map<String, Map<String, Object>> apps = byId(loaded.getT1());
				Map<String, Map<String, Object>> systems = byId(loaded.getT2());
				Set<String> scope = scope(apps, systems, applicationIds, systemIds, clientIds);
				Set<String> included = walk(apps, scope, dependents);
				List<Map<String, Object>> edges = edges(apps, included);
				Set<String> serverIds = new LinkedHashSet<>();
				Set<String> systemIdsUsed = new LinkedHashSet<>();
				included.forEach((id) -> {
					serverIds.addAll(strings(apps.get(id).get("serverIds")));
					systemIdsUsed.addAll(strings(apps.get(id).get("systemIds")));
					strings(apps.get(id).get("targets")).stream().filter((t) -> !apps.containsKey(t)).forEach(serverIds::add);
				});
				return this.entities.byIds(teamId, "servers", serverIds).collectList().map((servers) -> {
					Map<String, Object> answer = new LinkedHashMap<>();
					answer.put("teamId", teamId);
					answer.put("applications", included.stream().map(apps::get).toList());
					answer.put("edges", edges);
					answer.put("servers", servers);
					answer.put("systems", systemIdsUsed.stream().map(systems::get).filter(java.util.Objects::nonNull).toList());
					return answer;
				});
			});
	}

	private static Set<String> scope(Map<String, Map<String, Object>> apps, Map<String, Map<String, Object>> systems,
			List<String> applicationIds, List<String> systemIds, List<String> clientIds) {
		List<FieldError> errors = new ArrayList<>();
		Set<String> scope = new LinkedHashSet<>();
		for (String id : applicationIds) {
			if (apps.containsKey(id)) {
				scope.add(id);
			}
			else {
				errors.add(new FieldError("applicationIds", "no application with id " + id + " in this team"));
			}
		}
		Set<String> scopedSystems = new LinkedHashSet<>();
		for (String id : systemIds) {
			if (systems.containsKey(id)) {
				scopedSystems.add(id);
			}
			else {
				errors.add(new FieldError("systemIds", "no system with id " + id + " in this team"));
			}
		}
		for (String client : clientIds) {
			systems.values()
				.stream()
				.filter((system) -> strings(system.get("clientIds")).contains(client))
				.forEach((system) -> scopedSystems.add((String) system.get("id")));
		}
		if (!errors.isEmpty()) {
			throw new ProblemException(Problems.invalid("The scope names records that do not exist", errors));
		}
		for (String systemId : scopedSystems) {
			scope.addAll(strings(systems.get(systemId).get("applicationIds")).stream().filter(apps::containsKey).toList());
			apps.values()
				.stream()
				.filter((app) -> strings(app.get("systemIds")).contains(systemId))
				.forEach((app) -> scope.add((String) app.get("id")));
		}
		boolean scoped = !applicationIds.isEmpty() || !systemIds.isEmpty() || !clientIds.isEmpty();
		return scoped ? scope : apps.keySet();
	}

	/** The scope plus what it depends on, transitively (and what depends on it, when asked). */
	private static Set<String> walk(Map<String, Map<String, Object>> apps, Set<String> scope, boolean dependents) {
		Map<String, List<String>> reverse = new HashMap<>();
		apps.forEach((id, app) -> targets(app).forEach((target) -> reverse.computeIfAbsent(target, (t) -> new ArrayList<>()).add(id)));
		Set<String> seen = new LinkedHashSet<>(scope);
		Deque<String> queue = new ArrayDeque<>(scope);
		while (!queue.isEmpty()) {
			String id = queue.poll();
			for (String next : targets(apps.get(id))) {
				if (apps.containsKey(next) && seen.add(next)) {
					queue.add(next);
				}
			}
		}
		if (dependents) {
			queue.addAll(scope);
			Set<String> up = new LinkedHashSet<>(scope);
			while (!queue.isEmpty()) {
				for (String previous : reverse.getOrDefault(queue.poll(), List.of())) {
					if (up.add(previous)) {
						seen.add(previous);
						queue.add(previous);
					}
				}
			}
		}
		return seen;
	}

	private static List<Map<String, Object>> edges(Map<String, Map<String, Object>> apps, Set<String> included) {
		List<Map<String, Object>> edges = new ArrayList<>();
		for (String id : included) {
			Map<String, Object> app = apps.get(id);
			if (app.get("dependencies") instanceof List<?> dependencies) {
				for (Object raw : dependencies) {
					if (raw instanceof Map<?, ?> dependency && included.contains(dependency.get("targetId"))) {
						Map<String, Object> edge = new LinkedHashMap<>();
						edge.put("from", id);
						edge.put("to", dependency.get("targetId"));
						edge.put("kind", "dependency");
						edge.put("protocol", dependency.get("protocol"));
						edge.put("endpoint", dependency.get("endpoint"));
						edges.add(edge);
					}
				}
			}
			for (String target : strings(app.get("targets"))) {
				if (included.contains(target)) {
					edges.add(Map.of("from", id, "to", target, "kind", "target"));
				}
			}
		}
		return edges;
	}

	private static List<String> targets(Map<String, Object> app) {
		List<String> targets = new ArrayList<>(strings(app.get("targets")));
		if (app.get("dependencies") instanceof List<?> dependencies) {
			dependencies.forEach((raw) -> {
				if (raw instanceof Map<?, ?> dependency && dependency.get("targetId") instanceof String target) {
					targets.add(target);
				}
			});
		}
		return targets;
	}

	private static Map<String, Map<String, Object>> byId(List<Map<String, Object>> records) {
		Map<String, Map<String, Object>> byId = new LinkedHashMap<>();
		records.forEach((record) -> byId.put((String) record.get("id"), record));
		return byId;
	}

	private static List<String> strings(Object value) {
		return (value instanceof List<?> list) ? list.stream().map(String::valueOf).toList() : List.of();
	}

}
