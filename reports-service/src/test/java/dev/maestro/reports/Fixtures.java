package dev.maestro.reports;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Inventory records the tests report on. */
final class Fixtures {

	private Fixtures() {
	}

	static Map<String, Object> server(String id, String hostname, String privateIp, String publicIp, String os,
			String dist, int cpu, int memoryMb, String environment, String provider, String region, String createdAt,
			List<Map<String, Object>> storage) {
		Map<String, Object> server = new LinkedHashMap<>();
		server.put("id", id);
		server.put("hostname", hostname);
		if (privateIp != null) {
			server.put("ipv4Private", privateIp);
		}
		if (publicIp != null) {
			server.put("ipv4Public", publicIp);
		}
		server.put("os", Map.of("base", os, "dist", dist));
		server.put("cpu", cpu);
		server.put("memoryMb", memoryMb);
		server.put("environment", environment);
		server.put("datacenter", Map.of("provider", provider, "region", region));
		server.put("status", "ACTIVE");
		server.put("createdAt", createdAt);
		server.put("storage", storage);
		return server;
	}

	/** Three servers: two in production (aws, gcp), one in development. */
	static List<Map<String, Object>> servers() {
		return List.of(
				server("s1", "web-01", "10.0.0.1", "52.1.1.1", "Linux", "Ubuntu", 4, 8192, "Production", "aws", "eu-west-1",
						"2024-01-10T00:00:00Z",
						List.of(Map.of("mountPath", "/", "sizeGb", 50), Map.of("mountPath", "/data", "sizeGb", 500))),
				server("s2", "db-01", "10.0.0.2", null, "Linux", "Debian", 16, 65536, "Production", "gcp", "europe-west1",
						"2024-06-01T00:00:00Z", List.of(Map.of("mountPath", "/", "sizeGb", 100))),
				server("s3", "dev-01", null, "34.0.0.3", "Windows", "Server 2022", 2, 4096, "Development", "aws",
						"us-east-1", "2023-12-01T00:00:00Z", List.of()));
	}

	static Map<String, Object> filter(String field, String op, Object value) {
		Map<String, Object> filter = new LinkedHashMap<>();
		filter.put("field", field);
		filter.put("op", op);
		filter.put("value", value);
		return filter;
	}

	static Map<String, Object> general(String name, String entity, List<?> filters, List<String> columns) {
		Map<String, Object> definition = new LinkedHashMap<>();
		definition.put("name", name);
		definition.put("type", "general");
		definition.put("entity", entity);
		definition.put("filters", filters);
		if (columns != null) {
			definition.put("columns", columns);
		}
		return definition;
	}

}
