package dev.maestro.analytics.impact;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jgrapht.Graph;
import org.jgrapht.alg.connectivity.KosarajuStrongConnectivityInspector;
import org.jgrapht.graph.DirectedPseudograph;
import org.jgrapht.graph.EdgeReversedGraph;
import org.jgrapht.traverse.BreadthFirstIterator;

/**
 * What depends on an application and what stops with it, on the team's live dependency graph
 * (JGraphT). {@code criticalLevel} is the number of other applications that stop when it stops:
 * an application stops when any of its dependencies stops; a load balancer stops only when all
 * of its targets are down (server targets marked ORPHAN count as down already), so losing one of
 * several healthy targets takes nothing down. {@code transitiveDependents} ignores redundancy
 * (everything with a path to the application); {@code cycles} are the groups of applications
 * that depend on each other in a loop and touch the application or its dependents/dependencies.
 *
 * <p>The export may be scoped to the application and its dependents: a load balancer's target that
 * is an application outside the export then counts as live, since everything the application can
 * take down depends on it and is therefore in the export.
 */
final class ImpactAnalysis {

	/** A dependency or load-balancer target from one application to another. */
	record Link(String from, String to, boolean target) {
	}

	private final Graph<String, Link> graph = new DirectedPseudograph<>(null, null, false);

	private final Map<String, Map<String, Object>> applications = new LinkedHashMap<>();

	private final Map<String, Integer> healthyServerTargets = new HashMap<>();

	@SuppressWarnings("unchecked")
	ImpactAnalysis(Map<String, Object> export) {
		Map<String, Boolean> serverHealth = new HashMap<>();
		for (Object raw : (List<Object>) export.getOrDefault("servers", List.of())) {
			Map<String, Object> server = (Map<String, Object>) raw;
			serverHealth.put(String.valueOf(server.get("id")), !"ORPHAN".equals(server.get("status")));
		}
		List<Object> applications = (List<Object>) export.getOrDefault("applications", List.of());
		Set<String> exported = new HashSet<>();
		for (Object raw : applications) {
			exported.add(String.valueOf(((Map<String, Object>) raw).get("id")));
		}
		for (Object raw : applications) {
			Map<String, Object> app = (Map<String, Object>) raw;
			String id = String.valueOf(app.get("id"));
			this.applications.put(id, app);
			this.graph.addVertex(id);
			int healthy = 0;
			if (app.get("targets") instanceof List<?> targets) {
				for (Object target : targets) {
					String targetId = String.valueOf(target);
					Boolean server = serverHealth.get(targetId);
					if ((server != null) ? server : !exported.contains(targetId)) {
						healthy++;
					}
				}
			}
			this.healthyServerTargets.put(id, healthy);
		}
		Set<String> seenTargets = new HashSet<>();
		for (Object raw : (List<Object>) export.getOrDefault("edges", List.of())) {
			Map<String, Object> edge = (Map<String, Object>) raw;
			String from = String.valueOf(edge.get("from"));
			String to = String.valueOf(edge.get("to"));
			boolean target = "target".equals(edge.get("kind"));
			if (!this.graph.containsVertex(from) || !this.graph.containsVertex(to)
					|| (target && !seenTargets.add(from + ">" + to))) {
				continue;
			}
			this.graph.addEdge(from, to, new Link(from, to, target));
		}
	}

	boolean contains(String applicationId) {
		return this.graph.containsVertex(applicationId);
	}

	Map<String, Object> impact(String id) {
		Set<String> dependencies = new LinkedHashSet<>();
		this.graph.outgoingEdgesOf(id).forEach((link) -> dependencies.add(link.to()));
		Set<String> dependents = new LinkedHashSet<>();
		this.graph.incomingEdgesOf(id).forEach((link) -> dependents.add(link.from()));
		Set<String> transitive = reach(new EdgeReversedGraph<>(this.graph), id);
		Set<String> upstream = reach(this.graph, id);
		Set<String> stops = stopsWith(id);
		List<List<Map<String, Object>>> cycles = new ArrayList<>();
		for (Set<String> component : new KosarajuStrongConnectivityInspector<>(this.graph).stronglyConnectedSets()) {
			boolean loop = component.size() > 1;
			boolean touches = component.contains(id) || component.stream().anyMatch(transitive::contains)
					|| component.stream().anyMatch(upstream::contains);
			if (loop && touches) {
				cycles.add(component.stream().sorted().map(this::describe).toList());
			}
		}
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("applicationId", id);
		answer.put("dependencies", dependencies.stream().map(this::describe).toList());
		answer.put("dependents", dependents.stream().map(this::describe).toList());
		answer.put("transitiveDependents", transitive.stream().map(this::describe).toList());
		answer.put("stopsWith", stops.stream().map(this::describe).toList());
		answer.put("criticalLevel", stops.size());
		answer.put("cycles", cycles);
		return answer;
	}

	/** Everything reachable from {@code id} (itself excluded). */
	private static Set<String> reach(Graph<String, Link> graph, String id) {
		Set<String> reached = new LinkedHashSet<>();
		new BreadthFirstIterator<>(graph, id).forEachRemaining(reached::add);
		reached.remove(id);
		return reached;
	}

	/** Applications that stop when {@code failed} stops, load-balancer redundancy considered. */
	private Set<String> stopsWith(String failed) {
		Map<String, Integer> liveTargets = new HashMap<>();
		for (String v : this.graph.vertexSet()) {
			int live = this.healthyServerTargets.getOrDefault(v, 0);
			for (Link link : this.graph.outgoingEdgesOf(v)) {
				if (link.target()) {
					live++;
				}
			}
			liveTargets.put(v, live);
		}
		Set<String> down = new LinkedHashSet<>();
		down.add(failed);
		Deque<String> queue = new ArrayDeque<>(List.of(failed));
		while (!queue.isEmpty()) {
			String v = queue.poll();
			for (Link link : this.graph.incomingEdgesOf(v)) {
				String u = link.from();
				if (down.contains(u)) {
					continue;
				}
				boolean stops = !link.target() || liveTargets.merge(u, -1, Integer::sum) <= 0;
				if (stops) {
					down.add(u);
					queue.add(u);
				}
			}
		}
		down.remove(failed);
		return down;
	}

	private Map<String, Object> describe(String id) {
		Map<String, Object> app = this.applications.get(id);
		Map<String, Object> view = new LinkedHashMap<>();
		view.put("id", id);
		view.put("name", app.get("name"));
		view.put("family", app.get("family"));
		return view;
	}

}
