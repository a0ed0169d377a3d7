package dev.maestro.reports.report;

import java.util.List;
import java.util.Map;

/**
 * The inventory collections a report can read, and the columns a report shows when it names
 * none (the fields a user would print first).
 */
public final class Entities {

	public static final String SERVERS = "servers";

	/** The levels of a pivot, top to bottom. */
	public static final List<String> PIVOT_LEVELS = List.of("clients", "systems", "applications", SERVERS);

	private static final Map<String, List<String>> DEFAULT_COLUMNS = Map.ofEntries(
			Map.entry(SERVERS, List.of("id", "hostname", "ipv4Private", "ipv4Public", "os.base", "os.dist", "os.version",
					"cpu", "memoryMb", "environment", "datacenter.provider", "datacenter.region", "status")),
			Map.entry("applications", List.of("id", "name", "family", "environment", "language")),
			Map.entry("datacenters", List.of("id", "name", "provider", "regions")),
			Map.entry("systems", List.of("id", "name", "description", "owner")),
			Map.entry("clients", List.of("id", "name", "sla")),
			Map.entry("services", List.of("id", "name", "category", "vendor", "engine")),
			Map.entry("volumes", List.of("id", "name", "provider", "region", "type", "status", "serverId")),
			Map.entry("snapshots", List.of("id", "name", "provider", "region", "volumeId")),
			Map.entry("images", List.of("id", "name", "provider", "region", "os.base")),
			Map.entry("networks", List.of("id", "name", "provider", "region", "kind", "cidr")),
			Map.entry("flavors", List.of("id", "name", "provider", "region", "cpu", "memoryMb")));

	/** Singular names for a pivot's column groups ({@code server.hostname}). */
	private static final Map<String, String> SINGULAR = Map.of("clients", "client", "systems", "system",
			"applications", "application", SERVERS, "server");

	private Entities() {
	}

	public static boolean known(String entity) {
		return DEFAULT_COLUMNS.containsKey(entity);
	}

	public static List<String> names() {
		return DEFAULT_COLUMNS.keySet().stream().sorted().toList();
	}

	public static List<String> defaultColumns(String entity) {
		return DEFAULT_COLUMNS.getOrDefault(entity, List.of("id", "name"));
	}

	public static String singular(String level) {
		return SINGULAR.get(level);
	}

}
