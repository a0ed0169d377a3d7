package dev.maestro.discovery.support;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Connections and syncs through discovery's HTTP API, for provider tests. */
public record Syncs(WebTestClient client, String teamId, String token) {

	private static final ParameterizedTypeReference<Map<String, Object>> MAP = new ParameterizedTypeReference<>() {
	};

	public String createConnection(Map<String, Object> body) {
		return (String) this.client.post()
			.uri("/api/teams/{t}/connections", this.teamId)
			.header("Authorization", "Bearer " + this.token)
			.bodyValue(body)
			.exchange()
			.expectStatus().isCreated()
			.expectBody(MAP)
			.returnResult().getResponseBody().get("id");
	}

	/** Starts a sync of these tasks and waits for its end; asserts it ended with {@code status}. */
	@SuppressWarnings("unchecked")
	public Map<String, Object> syncAndWait(String connectionId, List<String> tasks, String status) {
		Object syncId = this.client.post()
			.uri("/api/teams/{t}/connections/{c}/syncs", this.teamId, connectionId)
			.header("Authorization", "Bearer " + this.token)
			.bodyValue(Map.of("tasks", tasks))
			.exchange()
			.expectStatus().isAccepted()
			.expectBody(MAP)
			.returnResult().getResponseBody().get("id");
		Map<String, Object>[] last = new Map[1];
		await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
			last[0] = this.client.get()
				.uri("/api/teams/{t}/connections/{c}/syncs/{s}", this.teamId, connectionId, syncId)
				.header("Authorization", "Bearer " + this.token)
				.exchange()
				.expectStatus().isOk()
				.expectBody(MAP)
				.returnResult().getResponseBody();
			assertThat(last[0].get("status")).isIn("SUCCEEDED", "FAILED", "AWAITING_CONFIRMATION");
		});
		assertThat(last[0]).as("sync %s", last[0]).containsEntry("status", status);
		return last[0];
	}

	@SuppressWarnings("unchecked")
	public static Map<String, Object> counts(Map<String, Object> sync) {
		return (Map<String, Object>) sync.get("counts");
	}

	@SuppressWarnings("unchecked")
	public static Map<String, Object> progress(Map<String, Object> sync) {
		return (Map<String, Object>) sync.get("progress");
	}

	/** The bodies inventory received for a connection in one collection, by provider id (last one wins). */
	public static Map<String, Map<String, Object>> bodies(FakeInventory inventory, String connectionId, String collection) {
		Map<String, Map<String, Object>> bodies = new java.util.LinkedHashMap<>();
		inventory.calls("discovered", connectionId)
			.stream()
			.filter((call) -> call.collection().equals(collection))
			.flatMap((call) -> call.items().stream())
			.forEach((item) -> bodies.put((String) item.get("providerId"), castBody(item.get("body"))));
		return bodies;
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> castBody(Object body) {
		return (Map<String, Object>) body;
	}

}
