package dev.maestro.discovery.connection;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.maestro.discovery.support.DiscoveryTest;
import dev.maestro.discovery.support.Tokens;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.data.mongodb.core.ReactiveMongoOperations;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/** Connections through HTTP: validated, sealed at rest, and never answered with their credentials. */
@DiscoveryTest
class ConnectionApiTests {

	static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

	final String team = "team-" + UUID.randomUUID();

	final String owner = "Bearer " + Tokens.user("owner", Map.of(this.team, "OWNER"));

	@Autowired
	WebTestClient client;

	@Autowired
	ReactiveMongoOperations mongo;

	@Test
	void aConnectionIsCreatedReadListedPatchedAndDeletedWithoutEverShowingItsCredentials() {
		String created = this.client.post().uri("/api/teams/{t}/connections", this.team)
			.header("Authorization", this.owner)
			.bodyValue(awsConnection())
			.exchange()
			.expectStatus().isCreated()
			.expectBody(String.class).returnResult().getResponseBody();
		assertThat(created).doesNotContain(SECRET, "AKIDEXAMPLE").contains("\"provider\":\"aws\"", "\"servers\":\"PT5M\"",
				"\"networks\":\"PT168H\"", "\"volumes\":\"PT1H\"");
		String id = created.replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");

		Document stored = this.mongo.findById(id, Document.class, "connections").block();
		assertThat(stored.getString("credentials")).startsWith("v1:dev:").doesNotContain(SECRET);
		assertThat(stored.toJson()).doesNotContain(SECRET, "AKIDEXAMPLE");

		for (String uri : List.of("/api/teams/{t}/connections", "/api/teams/{t}/connections/" + id)) {
			assertThat(this.client.get().uri(uri, this.team).header("Authorization", this.owner).exchange()
				.expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody())
				.contains(id).doesNotContain(SECRET, "AKIDEXAMPLE");
		}
		this.client.patch().uri("/api/teams/{t}/connections/{id}", this.team, id)
			.header("Authorization", this.owner)
			.bodyValue(Map.of("name", "renamed", "schedule", Map.of("servers", "off"),
					"credentials", Map.of("accessKeyId", "AKIDOTHER", "secretAccessKey", "another-secret-value")))
			.exchange()
			.expectStatus().isOk()
			.expectBody()
			.jsonPath("$.name").isEqualTo("renamed")
			.jsonPath("$.effectiveSchedule.servers").isEqualTo("off")
			.jsonPath("$.credentials").doesNotExist();
		this.client.delete().uri("/api/teams/{t}/connections/{id}", this.team, id)
			.header("Authorization", this.owner).exchange().expectStatus().isNoContent();
		this.client.get().uri("/api/teams/{t}/connections/{id}", this.team, id)
			.header("Authorization", this.owner).exchange().expectStatus().isNotFound();
	}

	@Test
	void badInputIsA400NamingEveryFieldAndStoresNothing() {
		this.client.post().uri("/api/teams/{t}/connections", this.team)
			.header("Authorization", this.owner)
			.bodyValue(Map.of("provider", "aws", "credentials", Map.of("accessKeyId", "AKID", "password", "x"),
					"regions", List.of("Not A Region"), "endpoint", "ftp://host", "schedule", Map.of("servers", "1s",
							"coffee", "5m"), "colour", "blue"))
			.exchange()
			.expectStatus().isBadRequest()
			.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody(String.class)
			.value((body) -> assertThat(body).contains("\"field\":\"name\"", "\"field\":\"colour\"",
					"\"field\":\"credentials.secretAccessKey\"", "\"field\":\"credentials.password\"",
					"\"field\":\"regions[0]\"", "\"field\":\"endpoint\"", "\"field\":\"schedule.servers\"",
					"\"field\":\"schedule.coffee\"").doesNotContain("AKID"));
		this.client.post().uri("/api/teams/{t}/connections", this.team)
			.header("Authorization", this.owner)
			.bodyValue(Map.of("name", "x", "provider", "nimbus", "credentials", Map.of()))
			.exchange()
			.expectStatus().isBadRequest()
			.expectBody().jsonPath("$.errors[0].field").isEqualTo("provider");
		this.client.post().uri("/api/teams/{t}/connections", this.team)
			.header("Authorization", this.owner)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"name\": ")
			.exchange()
			.expectStatus().isBadRequest();
		this.client.get().uri("/api/teams/{t}/connections", this.team).header("Authorization", this.owner).exchange()
			.expectStatus().isOk().expectBody().jsonPath("$.items.length()").isEqualTo(0);
	}

	@Test
	void aSyncWithAnUnknownTaskIsRefusedAndASecondOverlappingSyncIsAConflict() {
		String id = (String) this.client.post().uri("/api/teams/{t}/connections", this.team)
			.header("Authorization", this.owner)
			.bodyValue(Map.of("name", "lab", "provider", "aws", "credentials",
					Map.of("accessKeyId", "AKIDEXAMPLE", "secretAccessKey", SECRET), "regions", List.of("us-east-1"),
					"endpoint", "http://127.0.0.1:9"))
			.exchange().expectStatus().isCreated()
			.expectBody(new ParameterizedTypeReference<Map<String, Object>>() {
			}).returnResult().getResponseBody().get("id");
		this.client.post().uri("/api/teams/{t}/connections/{id}/syncs", this.team, id)
			.header("Authorization", this.owner)
			.bodyValue(Map.of("tasks", List.of("servers", "teleporters")))
			.exchange()
			.expectStatus().isBadRequest()
			.expectBody().jsonPath("$.errors[0].field").isEqualTo("tasks[1]");
		// The job of the first sync cannot reach the (closed) endpoint quickly enough to end before
		// the second request: the SDK retries. The second one, sharing "servers", is refused.
		this.client.post().uri("/api/teams/{t}/connections/{id}/syncs", this.team, id)
			.header("Authorization", this.owner)
			.bodyValue(Map.of("tasks", List.of("servers", "volumes")))
			.exchange().expectStatus().isAccepted().expectBody().jsonPath("$.status").isEqualTo("PENDING");
		this.client.post().uri("/api/teams/{t}/connections/{id}/syncs", this.team, id)
			.header("Authorization", this.owner)
			.bodyValue(Map.of("tasks", List.of("servers")))
			.exchange().expectStatus().isEqualTo(409);
	}

	@Test
	void providersDescribeTheirCredentialFieldsAndTasks() {
		this.client.get().uri("/api/providers").header("Authorization", this.owner).exchange()
			.expectStatus().isOk()
			.expectBody()
			.jsonPath("$.items[?(@.id=='aws')].credentialFields[1].name").isEqualTo("secretAccessKey")
			.jsonPath("$.items[?(@.id=='aws')].credentialFields[1].secret").isEqualTo(true)
			.jsonPath("$.items[?(@.id=='aws')].tasks[0].collection").isEqualTo("servers")
			.jsonPath("$.items[?(@.id=='aws')].tasks[0].defaultInterval").isEqualTo("PT5M");
	}

	private static Map<String, Object> awsConnection() {
		return Map.of("name", "prod account", "provider", "aws", "credentials",
				Map.of("accessKeyId", "AKIDEXAMPLE", "secretAccessKey", SECRET), "regions",
				List.of("us-east-1", "eu-west-1"), "schedule", Map.of("volumes", "1h"));
	}

}
