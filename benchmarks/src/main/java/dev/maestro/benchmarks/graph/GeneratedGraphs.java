package dev.maestro.benchmarks.graph;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Dependency graphs shaped like real estates, in inventory's {@code graph-export} format: systems
 * of about ten applications, each fronted by a load balancer or API gateway (some behind a CDN),
 * with layers of services that call one another, their own databases and caches, shared
 * platform services (authentication, a broker, a search cluster) that many systems use, some
 * calls across systems, and a few cycles. Seeded, so every run draws the same graphs.
 */
final class GeneratedGraphs {

	private static final String[] PROTOCOLS = { "HTTPS", "gRPC", "JDBC", "AMQP", "RESP" };

	private GeneratedGraphs() {
	}

	static Map<String, Object> generate(int applications, long seed) {
		Random random = new Random(seed);
		List<Map<String, Object>> apps = new ArrayList<>();
		List<Map<String, Object>> systems = new ArrayList<>();
		List<Map<String, Object>> servers = new ArrayList<>();
		List<Map<String, Object>> edges = new ArrayList<>();
		List<String> shared = new ArrayList<>();
		int sharedCount = Math.max(3, applications / 100);
		Map<String, Object> platform = system(systems, "Platform");
		for (int i = 0; i < sharedCount; i++) {
			String family = (i % 3 == 0) ? "Broker" : (i % 3 == 1) ? "Application" : "Search";
			shared.add(app(apps, servers, random, "platform-" + family.toLowerCase() + "-" + i, family, platform));
		}
		List<String> gateways = new ArrayList<>();
		List<List<String>> serviceLayers = new ArrayList<>();
		int system = 0;
		while (apps.size() < applications - Math.max(1, applications / 150)) {
			Map<String, Object> sys = system(systems, "System " + (++system));
			String entry = app(apps, servers, random, "s" + system + "-entry",
					random.nextBoolean() ? "Loadbalance" : "ApiGateway", sys);
			gateways.add(entry);
			int size = 5 + random.nextInt(8);
			List<String> front = new ArrayList<>();
			List<String> back = new ArrayList<>();
			List<String> storage = new ArrayList<>();
			for (int k = 0; k < size; k++) {
				String id = app(apps, servers, random, "s" + system + "-svc-" + k, "Application", sys);
				(k < size / 3 + 1 ? front : back).add(id);
			}
			storage.add(app(apps, servers, random, "s" + system + "-db", "Database", sys));
			if (random.nextInt(3) == 0) {
				storage.add(app(apps, servers, random, "s" + system + "-cache", "Cache", sys));
			}
			for (String f : front) {
				edge(edges, entry, f, "target", random);
				for (int d = 0, n = 1 + random.nextInt(2); d < n && !back.isEmpty(); d++) {
					edge(edges, f, back.get(random.nextInt(back.size())), "dependency", random);
				}
			}
			for (int b = 0; b < back.size(); b++) {
				if (b + 1 < back.size() && random.nextInt(3) == 0) {
					edge(edges, back.get(b), back.get(b + 1 + random.nextInt(back.size() - b - 1)), "dependency", random);
				}
				edge(edges, back.get(b), storage.get(random.nextInt(storage.size())), "dependency", random);
				if (random.nextInt(4) == 0) {
					edge(edges, back.get(b), shared.get(random.nextInt(shared.size())), "dependency", random);
				}
			}
			serviceLayers.add(back);
		}
		// Calls across systems, and a few that close cycles.
		for (int s = 1; s < serviceLayers.size(); s++) {
			if (random.nextInt(3) == 0 && !serviceLayers.get(s).isEmpty()) {
				List<String> other = serviceLayers.get(random.nextInt(s));
				if (!other.isEmpty()) {
					edge(edges, serviceLayers.get(s).get(0), other.get(random.nextInt(other.size())), "dependency", random);
				}
			}
		}
		for (int c = 0; c < Math.max(2, applications / 250) && serviceLayers.size() > 1; c++) {
			List<String> layer = serviceLayers.get(random.nextInt(serviceLayers.size()));
			if (layer.size() >= 2) {
				edge(edges, layer.get(layer.size() - 1), layer.get(0), "dependency", random);
			}
		}
		Map<String, Object> edgeSystem = system(systems, "Edge");
		while (apps.size() < applications) {
			String cdn = app(apps, servers, random, "cdn-" + apps.size(), "CDN", edgeSystem);
			for (int k = 0; k < 3 && !gateways.isEmpty(); k++) {
				edge(edges, cdn, gateways.get(random.nextInt(gateways.size())), "dependency", random);
			}
		}
		Map<String, Object> export = new LinkedHashMap<>();
		export.put("applications", apps);
		export.put("edges", edges);
		export.put("servers", servers);
		export.put("systems", systems);
		return export;
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> system(List<Map<String, Object>> systems, String name) {
		Map<String, Object> system = new LinkedHashMap<>();
		system.put("id", "sys-" + systems.size());
		system.put("name", name);
		system.put("applicationIds", new ArrayList<String>());
		systems.add(system);
		return system;
	}

	@SuppressWarnings("unchecked")
	private static String app(List<Map<String, Object>> apps, List<Map<String, Object>> servers, Random random,
			String name, String family, Map<String, Object> system) {
		String id = "app-" + apps.size();
		List<String> serverIds = new ArrayList<>();
		for (int s = 0, n = 1 + random.nextInt(3); s < n; s++) {
			String serverId = "srv-" + servers.size();
			servers.add(Map.of("id", serverId, "hostname", name + "-" + s + ".prod.example.net", "status", "ACTIVE", "os",
					Map.of("base", "Linux", "dist", "Ubuntu", "version", "22.04"), "datacenter",
					Map.of("provider", "aws", "region", "eu-west-1")));
			serverIds.add(serverId);
		}
		Map<String, Object> app = new LinkedHashMap<>();
		app.put("id", id);
		app.put("name", name);
		app.put("family", family);
		app.put("environment", "Production");
		app.put("systemIds", List.of(system.get("id")));
		app.put("serverIds", serverIds);
		apps.add(app);
		((List<String>) system.get("applicationIds")).add(id);
		return id;
	}

	private static void edge(List<Map<String, Object>> edges, String from, String to, String kind, Random random) {
		if (from.equals(to)) {
			return;
		}
		Map<String, Object> edge = new LinkedHashMap<>();
		edge.put("from", from);
		edge.put("to", to);
		edge.put("kind", kind);
		if ("dependency".equals(kind)) {
			edge.put("protocol", PROTOCOLS[random.nextInt(PROTOCOLS.length)]);
			edge.put("endpoint", ":" + (8000 + random.nextInt(1000)));
		}
		edges.add(edge);
	}

}
