package dev.maestro.inventory.identity;

import java.util.Map;

import dev.maestro.inventory.InventoryApi;
import dev.maestro.inventory.InventoryApiTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
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

	@Autowired
	WebTestClient client;

	Map<String, Object> post(String path, String authorization, Object body, int status) {
		return new InventoryApi(this.client).call(HttpMethod.POST, path, authorization, body, status);
	}

	InventoryApi.User user() {
		return new InventoryApi(this.client).newUser();
	}

	@Test
	void aPersonalTokenIsShownOnceExchangedForAnAccessTokenAndStopsWorkingWhenRevoked() {
		String bearer = user().bearer();

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
		String owner = user().bearer();
		String other = user().bearer();
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
		InventoryApi.User owner = user();
		String reader = "Bearer " + post("/api/auth/token", null,
				Map.of("grantType", "client_credentials", "clientId", "reader", "clientSecret", "reader-secret"), 200)
			.get("accessToken");

		this.client.get()
			.uri("/api/teams/{teamId}/members", owner.personalTeamId())
			.header("Authorization", reader)
			.exchange()
			.expectStatus()
			.isOk();
		post("/api/teams/" + owner.personalTeamId() + "/members", reader, Map.of("email", owner.email(), "role", "VIEWER"), 403);
		this.client.get()
			.uri("/api/teams/{teamId}/members", "no-such-team")
			.header("Authorization", reader)
			.exchange()
			.expectStatus()
			.isNotFound();
	}

	@Test
	void aServiceWithTheWriteScopeMayChangeATeam() {
		InventoryApi.User owner = user();
		InventoryApi.User newcomer = user();
		String writer = "Bearer " + post("/api/auth/token", null,
				Map.of("grantType", "client_credentials", "clientId", "writer", "clientSecret", "writer-secret"), 200)
			.get("accessToken");

		post("/api/teams/" + owner.personalTeamId() + "/members", writer, Map.of("email", newcomer.email(), "role", "EDITOR"), 201);
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
