package dev.maestro.discovery.support;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * inventory-service's three discovery endpoints as a recording fake on mockwebserver3: it
 * answers {@code /discovered} with CREATED for records it has not seen and UPDATED for the
 * others, counts {@code /orphans} and {@code /tombstones}, and keeps every call for assertions.
 * {@link #down} makes it answer 503 like an overloaded inventory.
 */
public final class FakeInventory implements AutoCloseable {

	private static final Pattern PATH = Pattern.compile("/api/teams/([^/]+)/([^/]+)/discovered(/orphans|/tombstones)?");

	private final JsonMapper json = JsonMapper.builder().build();

	private final MockWebServer server = new MockWebServer();

	private final Set<String> known = ConcurrentHashMap.newKeySet();

	public final List<Call> calls = Collections.synchronizedList(new ArrayList<>());

	public volatile boolean down;

	private static FakeInventory shared;

	/** The one fake every test context points at (contexts are cached and all consume the job queue). */
	public static synchronized FakeInventory shared() {
		if (shared == null) {
			try {
				shared = new FakeInventory();
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
		}
		return shared;
	}

	public FakeInventory() throws IOException {
		this.server.setDispatcher(new Dispatcher() {
			@Override
			public MockResponse dispatch(RecordedRequest request) {
				return answer(request);
			}
		});
		this.server.start();
	}

	public String url() {
		return "http://127.0.0.1:" + this.server.getPort();
	}

	/** Calls of one kind ({@code discovered}, {@code orphans}, {@code tombstones}) for a connection. */
	public List<Call> calls(String kind, String connectionId) {
		synchronized (this.calls) {
			return this.calls.stream().filter((c) -> c.kind().equals(kind) && c.connectionId().equals(connectionId)).toList();
		}
	}

	private MockResponse answer(RecordedRequest request) {
		Matcher matcher = PATH.matcher(request.getUrl().encodedPath());
		if (!matcher.matches()) {
			return new MockResponse.Builder().code(404).build();
		}
		if (this.down) {
			return new MockResponse.Builder().code(503)
				.setHeader("Content-Type", "application/problem+json")
				.body("{\"status\":503,\"title\":\"Service Unavailable\",\"detail\":\"inventory is overloaded\"}")
				.build();
		}
		Map<String, Object> body = this.json.readValue(request.getBody().utf8(), new TypeReference<Map<String, Object>>() {
		});
		String kind = (matcher.group(3) == null) ? "discovered" : matcher.group(3).substring(1);
		String connectionId = (String) body.get("connectionId");
		Map<String, Object> answer = new LinkedHashMap<>();
		if (kind.equals("discovered")) {
			@SuppressWarnings("unchecked")
			List<Map<String, Object>> items = (List<Map<String, Object>>) body.get("items");
			List<Map<String, Object>> outcomes = new ArrayList<>();
			long created = 0;
			long updated = 0;
			for (Map<String, Object> item : items) {
				String providerId = (String) item.get("providerId");
				boolean isNew = this.known.add(connectionId + "|" + matcher.group(2) + "|" + providerId);
				created += isNew ? 1 : 0;
				updated += isNew ? 0 : 1;
				outcomes.add(Map.of("providerId", providerId, "id", "inv-" + providerId.replaceAll("[^A-Za-z0-9]", "-"),
						"result", isNew ? "CREATED" : "UPDATED"));
			}
			answer.put("created", created);
			answer.put("updated", updated);
			answer.put("unchanged", 0);
			answer.put("failed", 0);
			answer.put("items", outcomes);
			this.calls.add(new Call(kind, matcher.group(1), matcher.group(2), connectionId,
					items.stream().map((i) -> (String) i.get("providerId")).toList(), items));
		}
		else {
			@SuppressWarnings("unchecked")
			List<String> ids = (List<String>) body.get("providerIds");
			answer.put(kind.equals("orphans") ? "orphaned" : "tombstoned", ids.size());
			this.calls.add(new Call(kind, matcher.group(1), matcher.group(2), connectionId, ids, List.of()));
		}
		return new MockResponse.Builder().code(200)
			.setHeader("Content-Type", "application/json")
			.body(this.json.writeValueAsString(answer))
			.build();
	}

	@Override
	public void close() {
		this.server.close();
	}

	/** One call discovery made. */
	public record Call(String kind, String teamId, String collection, String connectionId, List<String> providerIds,
			List<Map<String, Object>> items) {
	}

}
