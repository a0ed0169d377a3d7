package dev.maestro.analytics.worker;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/** graph-export answers shaped like inventory's, for tests. */
public final class SampleExports {

	private SampleExports() {
	}

	/**
	 * A shop: a CDN in front of an API gateway and a load balancer with two backends, services
	 * that call each other in a cycle (orders → billing → orders), a database, a cache, a
	 * broker, in two systems.
	 */
	public static Map<String, Object> shop() {
		List<Map<String, Object>> apps = new ArrayList<>();
		apps.add(app("cdn", "Shop CDN", "CDN", List.of(), List.of("srv-edge")));
		apps.add(app("gw", "API gateway", "ApiGateway", List.of("shop"), List.of("srv-gw")));
		apps.add(app("lb", "Web LB", "Loadbalance", List.of("shop"), List.of()));
		apps.add(app("web1", "Web frontend A", "Application", List.of("shop"), List.of("srv-web1")));
		apps.add(app("web2", "Web frontend B", "Application", List.of("shop"), List.of("srv-web2")));
		apps.add(app("orders", "Orders service with a rather long name that cannot fit", "Application", List.of("shop"),
				List.of("srv-app")));
		apps.add(app("billing", "Billing", "Application", List.of("finance"), List.of("srv-app")));
		apps.add(app("db", "Orders DB", "Database", List.of("shop"), List.of("srv-db1", "srv-db2")));
		apps.add(app("cache", "Session cache", "Cache", List.of("shop"), List.of()));
		apps.add(app("mq", "Events broker", "Broker", List.of("finance"), List.of()));
		List<Map<String, Object>> edges = new ArrayList<>();
		edges.add(edge("cdn", "gw", "HTTPS", "api.shop.example"));
		edges.add(edge("gw", "lb", "HTTP", ":80"));
		edges.add(target("lb", "web1"));
		edges.add(target("lb", "web2"));
		edges.add(edge("web1", "orders", "gRPC", ":9090"));
		edges.add(edge("web2", "orders", "gRPC", ":9090"));
		edges.add(edge("web1", "cache", "RESP", ":6379"));
		edges.add(edge("orders", "db", "JDBC", "orders-db:5432"));
		edges.add(edge("orders", "billing", "HTTPS", "/charge"));
		edges.add(edge("billing", "orders", "HTTPS", "/refund"));
		edges.add(edge("billing", "mq", "AMQP", "billing.events"));
		List<Map<String, Object>> servers = new ArrayList<>();
		for (String id : List.of("srv-edge", "srv-gw", "srv-web1", "srv-web2", "srv-app", "srv-db1", "srv-db2")) {
			servers.add(Map.of("id", id, "hostname", id.substring(4) + ".example.net", "status", "ACTIVE", "os",
					Map.of("base", "Linux", "dist", "Debian", "version", "12"), "datacenter",
					Map.of("provider", "aws", "region", "eu-west-1", "zone", "eu-west-1a")));
		}
		Map<String, Object> export = new LinkedHashMap<>();
		export.put("teamId", "t");
		export.put("applications", apps);
		export.put("edges", edges);
		export.put("servers", servers);
		export.put("systems", List.of(Map.of("id", "shop", "name", "Shop", "clientIds", List.of("acme")),
				Map.of("id", "finance", "name", "Finance")));
		return export;
	}

	static Map<String, Object> app(String id, String name, String family, List<String> systems, List<String> servers) {
		Map<String, Object> app = new LinkedHashMap<>();
		app.put("id", id);
		app.put("name", name);
		app.put("family", family);
		app.put("environment", "Production");
		app.put("systemIds", systems);
		app.put("serverIds", servers);
		return app;
	}

	static Map<String, Object> edge(String from, String to, String protocol, String endpoint) {
		return Map.of("from", from, "to", to, "kind", "dependency", "protocol", protocol, "endpoint", endpoint);
	}

	static Map<String, Object> target(String from, String to) {
		return Map.of("from", from, "to", to, "kind", "target");
	}

	/** A random dependency graph with systems, every family, and cycles. */
	public static Map<String, Object> random(int n, long seed) {
		Random random = new Random(seed);
		String[] families = { "Application", "Application", "Application", "Database", "Cache", "Loadbalance", "CDN",
				"ApiGateway", "Broker", "ObjectStorage", "Serverless" };
		List<Map<String, Object>> apps = new ArrayList<>();
		List<Map<String, Object>> edges = new ArrayList<>();
		List<Map<String, Object>> systems = new ArrayList<>();
		for (int s = 0; s < n / 15; s++) {
			systems.add(Map.of("id", "sys" + s, "name", "System " + s));
		}
		for (int i = 0; i < n; i++) {
			Map<String, Object> app = new LinkedHashMap<>();
			app.put("id", "a" + i);
			app.put("name", "application-" + i);
			app.put("family", families[random.nextInt(families.length)]);
			app.put("systemIds", random.nextInt(5) == 0 ? List.of() : List.of("sys" + random.nextInt(n / 15)));
			apps.add(app);
		}
		Set<String> seen = new HashSet<>();
		for (int i = 0; i < n; i++) {
			for (int k = 0, fanOut = random.nextInt(4); k < fanOut; k++) {
				int j = (random.nextInt(10) == 0) ? random.nextInt(n) : Math.min(n - 1, i + 1 + random.nextInt(30));
				if (j != i && seen.add(i + ">" + j)) {
					edges.add(Map.of("from", "a" + i, "to", "a" + j, "kind", "dependency", "protocol", "HTTPS", "endpoint",
							":" + (8000 + j)));
				}
			}
		}
		return Map.of("applications", apps, "edges", edges, "servers", List.of(), "systems", systems);
	}

}
