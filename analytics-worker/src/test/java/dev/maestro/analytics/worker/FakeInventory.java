package dev.maestro.analytics.worker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * inventory-service as the worker sees it: a MockWebServer answering {@code graph-export} per
 * team with what a test set, scoped like inventory does it ({@code applicationIds}, {@code systemIds},
 * {@code clientIds} comma-separated, {@code dependents}; unknown ids are a 400 with field errors),
 * and 404 for anything else. One per JVM; every test context points
 * {@code maestro.request.services.inventory-service} at it (registered in spring.factories).
 */
public final class FakeInventory implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	private static final Map<String, Map<String, Object>> EXPORTS = new ConcurrentHashMap<>();

	private static final Map<String, MockResponse> FAILURES = new ConcurrentHashMap<>();

	private static final Map<String, String> LAST_QUERY = new ConcurrentHashMap<>();

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final MockWebServer SERVER = start();

	private static MockWebServer start() {
		MockWebServer server = new MockWebServer();
		server.setDispatcher(new Dispatcher() {
			@Override
			public MockResponse dispatch(RecordedRequest request) {
				String[] parts = request.getUrl().encodedPath().split("/");
				if (request.getUrl().encodedPath().equals("/api/auth/token")) {
					// The worker's service token (client credentials).
					return new MockResponse.Builder().code(200)
						.addHeader("Content-Type", "application/json")
						.body("{\"accessToken\":\"service-token\",\"tokenType\":\"Bearer\",\"expiresIn\":600}")
						.build();
				}
				// /api/teams/{teamId}/graph-export
				if (parts.length == 5 && "graph-export".equals(parts[4])) {
					LAST_QUERY.put(parts[3], String.valueOf(request.getUrl().query()));
					MockResponse failure = FAILURES.get(parts[3]);
					if (failure != null) {
						return failure;
					}
					Map<String, Object> export = EXPORTS.get(parts[3]);
					if (export != null) {
						return scoped(export, request);
					}
				}
				return new MockResponse.Builder().code(404)
					.addHeader("Content-Type", "application/problem+json")
					.body("{\"status\":404,\"title\":\"Not Found\",\"detail\":\"Team was not found\"}")
					.build();
			}
		});
		try {
			server.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return server;
	}

	/** The team's whole graph: inventory answers graph-export with it, cut to the asked scope. */
	public static void exports(String teamId, Map<String, Object> export) {
		FAILURES.remove(teamId);
		EXPORTS.put(teamId, export);
	}

	/** inventory answers the team's graph-export with this status, as a problem. */
	public static void fails(String teamId, int status) {
		EXPORTS.remove(teamId);
		FAILURES.put(teamId, new MockResponse.Builder().code(status)
			.addHeader("Content-Type", "application/problem+json")
			.body("{\"status\":" + status + ",\"title\":\"Failure\",\"detail\":\"inventory is unwell\"}")
			.build());
	}

	/** The query string of the team's last graph-export call. */
	public static String lastQuery(String teamId) {
		return LAST_QUERY.get(teamId);
	}

	/** What inventory's GraphExportController answers: the scope, its dependencies, its dependents if asked. */
	@SuppressWarnings("unchecked")
	private static MockResponse scoped(Map<String, Object> export, RecordedRequest request) {
		List<String> applicationIds = param(request, "applicationIds");
		List<String> systemIds = param(request, "systemIds");
		List<String> clientIds = param(request, "clientIds");
		boolean dependents = "true".equals(request.getUrl().queryParameter("dependents"));
		Map<String, Map<String, Object>> apps = byId((List<Map<String, Object>>) export.get("applications"));
		Map<String, Map<String, Object>> systems = byId((List<Map<String, Object>>) export.get("systems"));
		List<String> errors = new ArrayList<>();
		applicationIds.stream().filter((id) -> !apps.containsKey(id))
			.forEach((id) -> errors.add("{\"field\":\"applicationIds\",\"message\":\"no application with id " + id + "\"}"));
		systemIds.stream().filter((id) -> !systems.containsKey(id))
			.forEach((id) -> errors.add("{\"field\":\"systemIds\",\"message\":\"no system with id " + id + "\"}"));
		if (!errors.isEmpty()) {
			return new MockResponse.Builder().code(400)
				.addHeader("Content-Type", "application/problem+json")
				.body("{\"status\":400,\"title\":\"Bad Request\",\"detail\":\"The scope names records that do not exist\","
						+ "\"errors\":[" + String.join(",", errors) + "]}")
				.build();
		}
		Set<String> scope = new LinkedHashSet<>(applicationIds);
		Set<String> scopedSystems = new LinkedHashSet<>(systemIds);
		systems.values().stream()
			.filter((system) -> strings(system.get("clientIds")).stream().anyMatch(clientIds::contains))
			.forEach((system) -> scopedSystems.add(String.valueOf(system.get("id"))));
		apps.values().stream()
			.filter((app) -> strings(app.get("systemIds")).stream().anyMatch(scopedSystems::contains))
			.forEach((app) -> scope.add(String.valueOf(app.get("id"))));
		if (applicationIds.isEmpty() && systemIds.isEmpty() && clientIds.isEmpty()) {
			scope.addAll(apps.keySet());
		}
		List<Map<String, Object>> edges = (List<Map<String, Object>>) export.get("edges");
		Map<String, List<String>> out = new HashMap<>();
		Map<String, List<String>> in = new HashMap<>();
		for (Map<String, Object> edge : edges) {
			out.computeIfAbsent(String.valueOf(edge.get("from")), (k) -> new ArrayList<>()).add(String.valueOf(edge.get("to")));
			in.computeIfAbsent(String.valueOf(edge.get("to")), (k) -> new ArrayList<>()).add(String.valueOf(edge.get("from")));
		}
		Set<String> included = walk(scope, out);
		if (dependents) {
			included.addAll(walk(scope, in));
		}
		Set<String> serverIds = new LinkedHashSet<>();
		Set<String> systemIdsUsed = new LinkedHashSet<>();
		included.forEach((id) -> {
			serverIds.addAll(strings(apps.get(id).get("serverIds")));
			serverIds.addAll(strings(apps.get(id).get("targets")));
			systemIdsUsed.addAll(strings(apps.get(id).get("systemIds")));
		});
		Map<String, Object> answer = new LinkedHashMap<>(export);
		answer.put("applications", included.stream().map(apps::get).toList());
		answer.put("edges", edges.stream()
			.filter((edge) -> included.contains(String.valueOf(edge.get("from"))) && included.contains(String.valueOf(edge.get("to"))))
			.toList());
		answer.put("servers", ((List<Map<String, Object>>) export.get("servers")).stream()
			.filter((server) -> serverIds.contains(String.valueOf(server.get("id"))))
			.toList());
		answer.put("systems", systemIdsUsed.stream().map(systems::get).filter(Objects::nonNull).toList());
		return new MockResponse.Builder().code(200)
			.addHeader("Content-Type", "application/json")
			.body(JSON.writeValueAsString(answer))
			.build();
	}

	private static List<String> param(RecordedRequest request, String name) {
		String value = request.getUrl().queryParameter(name);
		return (value == null || value.isEmpty()) ? List.of() : Arrays.asList(value.split(","));
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

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		context.getEnvironment()
			.getPropertySources()
			.addFirst(new MapPropertySource("fakeInventory",
					Map.of("maestro.request.services.inventory-service", "http://127.0.0.1:" + SERVER.getPort(),
							"maestro.messaging.consumer.initial-backoff", "200ms",
							"maestro.messaging.consumer.max-backoff", "500ms",
							"maestro.request.retry.max-retries", "1")));
	}

}
