package dev.maestro.reports;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * inventory-service as reports-service sees it, served by MockWebServer: the service-token
 * endpoint and {@code GET /api/teams/{teamId}/{collection}/export} streaming NDJSON of the
 * records a test gave for that team. A team marked down answers every export with a 503
 * problem, as an inventory that is down behind a gateway does.
 */
public final class FakeInventory {

	static final String SERVICE_TOKEN = "service-token-for-reports";

	private static final Pattern EXPORT = Pattern.compile("/api/teams/([^/]+)/([^/]+)/export");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Map<String, Map<String, List<Map<String, Object>>>> RECORDS = new ConcurrentHashMap<>();

	private static final Set<String> DOWN = ConcurrentHashMap.newKeySet();

	/** Authorization headers of the export calls, by team. */
	private static final Map<String, String> AUTHORIZATIONS = new ConcurrentHashMap<>();

	private static final MockWebServer SERVER = start();

	private FakeInventory() {
	}

	/** Gives a team's records of one collection. */
	public static void put(String teamId, String collection, List<Map<String, Object>> records) {
		RECORDS.computeIfAbsent(teamId, (team) -> new ConcurrentHashMap<>()).put(collection, List.copyOf(records));
	}

	public static void down(String teamId) {
		DOWN.add(teamId);
	}

	public static String authorizationSeenFor(String teamId) {
		return AUTHORIZATIONS.get(teamId);
	}

	static String url() {
		return "http://127.0.0.1:" + SERVER.getPort();
	}

	private static MockWebServer start() {
		MockWebServer server = new MockWebServer();
		server.setDispatcher(new Dispatcher() {
			@Override
			public MockResponse dispatch(RecordedRequest request) {
				return answer(request);
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

	private static MockResponse answer(RecordedRequest request) {
		String path = request.getUrl().encodedPath();
		if ("/api/auth/token".equals(path)) {
			return new MockResponse.Builder().code(200)
				.addHeader("Content-Type", "application/json")
				.body("{\"accessToken\":\"" + SERVICE_TOKEN + "\",\"tokenType\":\"Bearer\",\"expiresIn\":600}")
				.build();
		}
		Matcher export = EXPORT.matcher(path);
		if (!export.matches()) {
			return new MockResponse.Builder().code(404).build();
		}
		String teamId = export.group(1);
		String authorization = request.getHeaders().get("Authorization");
		if (authorization != null) {
			AUTHORIZATIONS.put(teamId, authorization);
		}
		if (DOWN.contains(teamId)) {
			return new MockResponse.Builder().code(503)
				.addHeader("Content-Type", "application/problem+json")
				.body("{\"status\":503,\"title\":\"Service Unavailable\",\"detail\":\"inventory is down\"}")
				.build();
		}
		List<Map<String, Object>> records = RECORDS.getOrDefault(teamId, Map.of()).getOrDefault(export.group(2), List.of());
		String body = records.stream().map(JSON::writeValueAsString).map((line) -> line + "\n").collect(Collectors.joining());
		return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/x-ndjson").body(body).build();
	}

	/** Points {@code maestro.request.services.inventory-service} at the fake. */
	public static class Initializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

		@Override
		public void initialize(ConfigurableApplicationContext context) {
			context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("fakeInventory",
					Map.of("maestro.request.services.inventory-service", url())));
		}

	}

}
