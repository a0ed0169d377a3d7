package dev.maestro.analytics.worker.graph;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a graph shows, read from inventory's {@code graph-export}: applications (nodes, with their
 * servers and critical level), dependencies and load-balancer targets (edges), and systems
 * (groups). Nodes and edges are addressed by index so that layout and rendering stay
 * array-based and fast on thousands of applications.
 *
 * @param nodes the applications, in the order of the export
 * @param edges dependencies ({@code kind = dependency}) and load-balancer targets ({@code kind = target})
 * @param groups the systems; a node belongs to the first of its systems that the export holds
 */
public record DependencyGraph(List<Node> nodes, List<Edge> edges, List<Group> groups) {

	/** Families that receive traffic from outside: drawn first. */
	public static final Set<String> ENTRY_FAMILIES = Set.of("CDN", "ApiGateway", "Loadbalance");

	/** Families that keep data: drawn last. */
	public static final Set<String> STORAGE_FAMILIES = Set.of("Database", "Cache", "ObjectStorage");

	public DependencyGraph {
		nodes = List.copyOf(nodes);
		edges = List.copyOf(edges);
		groups = List.copyOf(groups);
	}

	/**
	 * An application.
	 *
	 * @param group index into {@link DependencyGraph#groups()}, or -1
	 * @param criticalLevel how many applications of this graph stop working when it stops
	 * (see {@link CriticalLevels})
	 */
	public record Node(String id, String name, String family, String environment, int group, List<Server> servers,
			int criticalLevel) {

		public boolean isEntry() {
			return ENTRY_FAMILIES.contains(this.family);
		}

		public boolean isStorage() {
			return STORAGE_FAMILIES.contains(this.family);
		}

	}

	/** A server an application runs on (or a load balancer sends to), as shown on hover. */
	public record Server(String id, String hostname, String os, String datacenter, boolean healthy) {
	}

	/** {@code from} depends on (or, for a load balancer, sends traffic to) {@code to}. */
	public record Edge(int from, int to, String kind, String protocol, String endpoint) {

		public boolean isTarget() {
			return "target".equals(this.kind);
		}

		/** Protocol and endpoint as one short label, or {@code ""}. */
		public String label() {
			String protocol = (this.protocol != null) ? this.protocol : "";
			String endpoint = (this.endpoint != null) ? this.endpoint : "";
			if (protocol.isEmpty() || endpoint.isEmpty()) {
				return protocol + endpoint;
			}
			return protocol + " " + endpoint;
		}

	}

	public record Group(String id, String name) {
	}

	/**
	 * Reads a {@code graph-export} answer ({@code {applications, edges, servers, systems}}).
	 * Edges naming applications that are not in the export are ignored.
	 */
	public static DependencyGraph fromExport(Map<String, Object> export) {
		Map<String, Server> servers = new HashMap<>();
		for (Map<String, Object> server : maps(export.get("servers"))) {
			String id = text(server.get("id"));
			servers.put(id, new Server(id, text(server.get("hostname")), os(server.get("os")),
					datacenter(server.get("datacenter")), !"ORPHAN".equals(server.get("status"))));
		}
		List<Group> groups = new ArrayList<>();
		Map<String, Integer> groupIndex = new HashMap<>();
		for (Map<String, Object> system : maps(export.get("systems"))) {
			String id = text(system.get("id"));
			if (!id.isEmpty() && !groupIndex.containsKey(id)) {
				groupIndex.put(id, groups.size());
				groups.add(new Group(id, text(system.get("name"))));
			}
		}
		List<Map<String, Object>> applications = maps(export.get("applications"));
		Map<String, Integer> index = new LinkedHashMap<>();
		applications.forEach((app) -> index.putIfAbsent(text(app.get("id")), index.size()));
		List<Edge> edges = new ArrayList<>();
		for (Map<String, Object> edge : maps(export.get("edges"))) {
			Integer from = index.get(text(edge.get("from")));
			Integer to = index.get(text(edge.get("to")));
			if (from != null && to != null && !from.equals(to)) {
				edges.add(new Edge(from, to, "target".equals(edge.get("kind")) ? "target" : "dependency",
						nullable(edge.get("protocol")), nullable(edge.get("endpoint"))));
			}
		}
		List<List<Server>> serverLists = new ArrayList<>();
		List<boolean[]> targetHealth = new ArrayList<>();
		for (Map<String, Object> app : applications) {
			List<Server> own = new ArrayList<>();
			for (String id : strings(app.get("serverIds"))) {
				Server server = servers.get(id);
				if (server != null) {
					own.add(server);
				}
			}
			// Servers a load balancer sends to count among its healthy (or not) targets.
			List<String> serverTargets = strings(app.get("targets")).stream().filter(servers::containsKey).toList();
			boolean[] health = new boolean[serverTargets.size()];
			for (int i = 0; i < health.length; i++) {
				Server server = servers.get(serverTargets.get(i));
				health[i] = server.healthy();
				if (!own.contains(server)) {
					own.add(server);
				}
			}
			serverLists.add(own);
			targetHealth.add(health);
		}
		int[] levels = CriticalLevels.compute(applications.size(), edges, targetHealth);
		List<Node> nodes = new ArrayList<>(applications.size());
		for (int i = 0; i < applications.size(); i++) {
			Map<String, Object> app = applications.get(i);
			int group = -1;
			for (String systemId : strings(app.get("systemIds"))) {
				Integer g = groupIndex.get(systemId);
				if (g != null) {
					group = g;
					break;
				}
			}
			String family = text(app.get("family"));
			nodes.add(new Node(text(app.get("id")), text(app.get("name")), family.isEmpty() ? "Application" : family,
					text(app.get("environment")), group, List.copyOf(serverLists.get(i)), levels[i]));
		}
		return new DependencyGraph(nodes, edges, groups);
	}

	/** Nodes, edges, density, depth histogram, counts per family, servers. */
	public GraphStats stats() {
		int n = this.nodes.size();
		double density = (n > 1) ? (double) this.edges.size() / ((double) n * (n - 1)) : 0;
		Map<String, Integer> families = new TreeMap<>();
		Set<String> serverIds = new java.util.HashSet<>();
		for (Node node : this.nodes) {
			families.merge(node.family(), 1, Integer::sum);
			node.servers().forEach((server) -> serverIds.add(server.id()));
		}
		return new GraphStats(n, this.edges.size(), Math.round(density * 1_000_000d) / 1_000_000d, depthHistogram(),
				families, serverIds.size());
	}

	/**
	 * How many applications sit at each depth, depth being the length of the longest chain of
	 * dependencies that leads to an application from one nothing in the graph depends on (edges
	 * that close a cycle are not followed).
	 */
	private Map<String, Integer> depthHistogram() {
		int n = this.nodes.size();
		int[][] out = adjacency(n, false);
		int[] depth = new int[n];
		int[] indegree = new int[n];
		for (int[] targets : out) {
			for (int t : targets) {
				indegree[t]++;
			}
		}
		int[] queue = new int[n];
		int head = 0;
		int tail = 0;
		for (int i = 0; i < n; i++) {
			if (indegree[i] == 0) {
				queue[tail++] = i;
			}
		}
		boolean[] done = new boolean[n];
		while (true) {
			while (head < tail) {
				int v = queue[head++];
				done[v] = true;
				for (int t : out[v]) {
					depth[t] = Math.max(depth[t], depth[v] + 1);
					if (--indegree[t] == 0) {
						queue[tail++] = t;
					}
				}
			}
			// A cycle with nothing leading into it: start it at its lowest-indexed member.
			int next = -1;
			for (int i = 0; i < n && next < 0; i++) {
				if (!done[i] && indegree[i] > 0) {
					next = i;
				}
			}
			if (next < 0) {
				break;
			}
			indegree[next] = 0;
			queue[tail++] = next;
		}
		Map<String, Integer> histogram = new TreeMap<>((a, b) -> Integer.compare(Integer.parseInt(a), Integer.parseInt(b)));
		for (int d : depth) {
			histogram.merge(Integer.toString(d), 1, Integer::sum);
		}
		return histogram;
	}

	/** Out-neighbours (or in-neighbours when {@code reverse}) of every node, without duplicates. */
	public int[][] adjacency(int n, boolean reverse) {
		List<java.util.LinkedHashSet<Integer>> lists = new ArrayList<>(n);
		for (int i = 0; i < n; i++) {
			lists.add(new java.util.LinkedHashSet<>());
		}
		for (Edge edge : this.edges) {
			if (reverse) {
				lists.get(edge.to()).add(edge.from());
			}
			else {
				lists.get(edge.from()).add(edge.to());
			}
		}
		int[][] adjacency = new int[n][];
		for (int i = 0; i < n; i++) {
			adjacency[i] = lists.get(i).stream().mapToInt(Integer::intValue).toArray();
		}
		return adjacency;
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> maps(Object value) {
		if (!(value instanceof List<?> list)) {
			return List.of();
		}
		List<Map<String, Object>> maps = new ArrayList<>();
		list.forEach((item) -> {
			if (item instanceof Map<?, ?> map) {
				maps.add((Map<String, Object>) map);
			}
		});
		return maps;
	}

	private static List<String> strings(Object value) {
		return (value instanceof List<?> list) ? list.stream().map(String::valueOf).toList() : List.of();
	}

	private static String text(Object value) {
		return (value != null) ? String.valueOf(value) : "";
	}

	private static String nullable(Object value) {
		return (value != null) ? String.valueOf(value) : null;
	}

	private static String os(Object value) {
		if (!(value instanceof Map<?, ?> os)) {
			return "";
		}
		StringBuilder text = new StringBuilder();
		for (String key : List.of("base", "dist", "version")) {
			if (os.get(key) != null) {
				text.append(text.isEmpty() ? "" : " ").append(os.get(key));
			}
		}
		return text.toString();
	}

	private static String datacenter(Object value) {
		if (!(value instanceof Map<?, ?> dc)) {
			return "";
		}
		StringBuilder text = new StringBuilder();
		for (String key : List.of("provider", "region", "zone")) {
			if (dc.get(key) != null) {
				text.append(text.isEmpty() ? "" : "/").append(dc.get(key));
			}
		}
		return text.toString();
	}

}
