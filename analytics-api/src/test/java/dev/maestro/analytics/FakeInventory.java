package dev.maestro.analytics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
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
 * inventory-service as analytics-api sees it: a MockWebServer answering {@code graph-export} per
 * team with what a test set, and 404 for anything else. One per JVM; every test context points
 * {@code maestro.request.services.inventory-service} at it (registered in spring.factories).
 */
public final class FakeInventory implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	private static final Map<String, MockResponse> ANSWERS = new ConcurrentHashMap<>();

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
					MockResponse answer = ANSWERS.get(parts[3]);
					if (answer != null) {
						return answer;
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

	/** inventory answers the team's graph-export with this body. */
	public static void exports(String teamId, Map<String, Object> export) {
		ANSWERS.put(teamId, new MockResponse.Builder().code(200)
			.addHeader("Content-Type", "application/json")
			.body(JSON.writeValueAsString(export))
			.build());
	}

	/** inventory answers the team's graph-export with this status, as a problem. */
	public static void fails(String teamId, int status) {
		ANSWERS.put(teamId, new MockResponse.Builder().code(status)
			.addHeader("Content-Type", "application/problem+json")
			.body("{\"status\":" + status + ",\"title\":\"Failure\",\"detail\":\"inventory is unwell\"}")
			.build());
	}

	/** The query string of the team's last graph-export call. */
	public static String lastQuery(String teamId) {
		return LAST_QUERY.get(teamId);
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
