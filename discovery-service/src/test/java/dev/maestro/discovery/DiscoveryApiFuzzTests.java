package dev.maestro.discovery;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.maestro.discovery.support.DiscoveryTest;
import dev.maestro.discovery.support.Syncs;
import dev.maestro.discovery.support.Tokens;
import dev.maestro.test.PublicApiFuzzTests;

import org.springframework.core.ParameterizedTypeReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Random input at every discovery operation (connections, credentials, uploads, syncs and their
 * confirmation): never a 5xx, a refusal changes nothing.
 */
@DiscoveryTest
class DiscoveryApiFuzzTests extends PublicApiFuzzTests {

	private static final ParameterizedTypeReference<Map<String, Object>> MAP = new ParameterizedTypeReference<>() {
	};

	private List<String> ids = List.of();

	@Override
	protected Caller caller() {
		String team = "team-" + UUID.randomUUID();
		String token = Tokens.user("fuzz-owner", Map.of(team, "OWNER"));
		Syncs syncs = new Syncs(this.client, team, token);
		String connection = syncs.createConnection(Map.of("name", "fuzz", "provider", "files", "credentials", Map.of()));
		String sync = (String) this.client.post()
			.uri("/api/teams/{t}/connections/{c}/syncs", team, connection)
			.header("Authorization", "Bearer " + token)
			.bodyValue(Map.of("tasks", List.of("servers")))
			.exchange()
			.expectStatus().isAccepted()
			.expectBody(MAP)
			.returnResult().getResponseBody().get("id");
		// The sync ends before fuzzing starts, so that its own writes are not taken for the fuzz's.
		await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(this.client.get()
			.uri("/api/teams/{t}/connections/{c}/syncs/{s}", team, connection, sync)
			.header("Authorization", "Bearer " + token)
			.exchange()
			.expectBody(MAP)
			.returnResult().getResponseBody().get("status")).isIn("SUCCEEDED", "FAILED"));
		this.ids = List.of(connection, sync);
		return new Caller("Bearer " + token, team);
	}

	@Override
	protected Map<String, List<String>> knownPathValues() {
		return Map.of("id", this.ids, "connectionId", this.ids, "syncId", this.ids);
	}

	@Override
	protected Set<String> collectionsChangedByRefusals() {
		// A sync the fuzz started (an accepted request) goes on writing its run, its executions and
		// its leases in the background while later requests are checked; refusals of the sync
		// operations themselves are checked by the isolation and concurrency tests.
		return Set.of("outbox", "processed_messages", "job_deliveries", "syncs", "executions",
				"sync_leases", "tracker");
	}

}
