package dev.maestro.inventory.identity;

import java.util.Map;
import java.util.UUID;

import dev.maestro.inventory.InventoryApiTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/** Personal API tokens for scripts, and client credentials for Maestro's own services. */
@InventoryApiTest
@TestPropertySource(properties = { "maestro.identity.service-accounts.reader.secret=reader-secret",
				"maestro.identity.service-accounts.reader.scopes=teams:read",
				"maestro.identity.service-accounts.writer.secret=writer-secret",
				"maestro.identity.service-accounts.writer.scopes=teams:read,teams:write" })
class MachineTokenApiTests {

	static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
	};

	@Autowired
	WebTestClient client;

	Map<String, Object> post(String path, String authorization, Object body, int status) {
		WebTestClient.RequestBodySpec spec = this.client.post().uri(path).contentType(MediaType.APPLICATION_JSON);
		if (authorization != null) {
			spec.header("Authorization", authorization);
		}
		return spec.bodyValue(body)
			.exchange()
			.expectStatus()
			.isEqualTo(status)
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
	}

	/** Registers a user and answers "Bearer <access token>" and their personal team's id. */
	String[] user() {
		String email = "m-" + UUID.randomUUID() + "@example.com";
		post("/api/auth/register", null, Map.of("email", email, "password", "a long enough passphrase", "name", "Bot"),
				201);
		String bearer = "Bearer " + post("/api/auth/login", null,
				Map.of("email", email, "password", "a long enough passphrase"), 200).get("accessToken");
		String teamId = this.client.get()
			.uri("/api/me")
			.header("Authorization", bearer)
			.exchange()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody()
			.get("teams")
			.toString()
			.replaceAll(".*id=([^,]+),.*", "$1");
		return new String[] { bearer, teamId, email };
	}

	@Test
	void aPersonalTokenIsShownOnceExchangedForAnAccessTokenAndStopsWorkingWhenRevoked() {
		String bearer = user()[0];

		Map<String, Object> created = post("/api/me/tokens", bearer, Map.of("name", "CI", "expiresInDays", 30), 201);
		String token = (String) created.get("token");
		assertThat(token).startsWith("mst_").hasSizeGreaterThan(40);
		this.client.get()
			.uri("/api/me/tokens")
			.header("Authorization", bearer)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.value((list) -> assertThat(list).contains("\"CI\"").doesNotContain(token));

		String exchanged = (String) post("/api/auth/token", null,
				Map.of("grantType", "personal_token", "token", token), 200).get("accessToken");
		this.client.get()
			.uri("/api/me")
			.header("Authorization", "Bearer " + exchanged)
			.exchange()
			.expectStatus()
			.isOk();

		this.client.delete()
			.uri("/api/me/tokens/{id}", created.get("id"))
			.header("Authorization", bearer)
			.exchange()
			.expectStatus()
			.isNoContent();
		post("/api/auth/token", null, Map.of("grantType", "personal_token", "token", token), 401);
	}

	@Test
	void nobodyCanRevokeSomeoneElsesToken() {
		String owner = user()[0];
		String other = user()[0];
		Object id = post("/api/me/tokens", owner, Map.of("name", "mine"), 201).get("id");

		this.client.delete()
			.uri("/api/me/tokens/{id}", id)
			.header("Authorization", other)
			.exchange()
			.expectStatus()
			.isNotFound();
	}

	@Test
	void aServiceWithTheReadScopeMayReadAnyTeamButNotChangeIt() {
		String[] owner = user();
		String reader = "Bearer " + post("/api/auth/token", null,
				Map.of("grantType", "client_credentials", "clientId", "reader", "clientSecret", "reader-secret"), 200)
			.get("accessToken");

		this.client.get()
			.uri("/api/teams/{teamId}/members", owner[1])
			.header("Authorization", reader)
			.exchange()
			.expectStatus()
			.isOk();
		post("/api/teams/" + owner[1] + "/members", reader, Map.of("email", owner[2], "role", "VIEWER"), 403);
		this.client.get()
			.uri("/api/teams/{teamId}/members", "no-such-team")
			.header("Authorization", reader)
			.exchange()
			.expectStatus()
			.isNotFound();
	}

	@Test
	void aServiceWithTheWriteScopeMayChangeATeam() {
		String[] owner = user();
		String[] newcomer = user();
		String writer = "Bearer " + post("/api/auth/token", null,
				Map.of("grantType", "client_credentials", "clientId", "writer", "clientSecret", "writer-secret"), 200)
			.get("accessToken");

		post("/api/teams/" + owner[1] + "/members", writer, Map.of("email", newcomer[2], "role", "EDITOR"), 201);
	}

	@Test
	void aPasswordResetIsUnavailableWhenNoMailServerIsConfigured() {
		this.client.post()
			.uri("/api/auth/forgot-password")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("email", "someone@example.com"))
			.exchange()
			.expectStatus()
			.isEqualTo(503)
			.expectHeader()
			.exists("Retry-After");
	}

	@Test
	void wrongClientCredentialsAndUnknownGrantsAreRefused() {
		post("/api/auth/token", null,
				Map.of("grantType", "client_credentials", "clientId", "reader", "clientSecret", "guess"), 401);
		post("/api/auth/token", null, Map.of("grantType", "client_credentials", "clientId", "nobody",
				"clientSecret", "reader-secret"), 401);
		post("/api/auth/token", null, Map.of("grantType", "password"), 400);
	}

}
