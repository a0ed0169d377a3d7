package dev.maestro.inventory.identity;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.maestro.inventory.InventoryApi;
import dev.maestro.inventory.InventoryApiTest;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/** The identity contract of the API, through real HTTP on real MongoDB. */
@InventoryApiTest
@TestPropertySource(properties = "maestro.identity.login.max-failures-per-account=3")
class IdentityApiTests {

	static final String PASSWORD = InventoryApi.PASSWORD;

	@Autowired
	WebTestClient client;

	@LocalServerPort
	int port;

	static String newEmail() {
		return "user-" + UUID.randomUUID() + "@example.com";
	}

	Map<String, Object> register(String email) {
		return api().call(HttpMethod.POST, "/api/auth/register", null,
				Map.of("email", email, "password", PASSWORD, "name", "Ada Lovelace"), 201);
	}

	Map<String, Object> login(String email, String password) {
		return api().call(HttpMethod.POST, "/api/auth/login", null, Map.of("email", email, "password", password), 200);
	}

	InventoryApi api() {
		return new InventoryApi(this.client);
	}

	WebTestClient.ResponseSpec loginAttempt(String email, String password) {
		return this.client.post()
			.uri("/api/auth/login")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("email", email, "password", password))
			.exchange();
	}

	WebTestClient.ResponseSpec refresh(Object refreshToken) {
		return this.client.post()
			.uri("/api/auth/refresh")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("refreshToken", refreshToken))
			.exchange();
	}

	@Test
	void aNewUserGetsAPersonalTeamTheyOwnAndCanSeeItInTheirProfile() {
		String email = newEmail();
		Map<String, Object> user = register(email);
		assertThat(user).containsEntry("email", email).containsEntry("name", "Ada Lovelace").containsKey("id");
		assertThat(user).doesNotContainKeys("password", "passwordHash");

		Map<String, Object> tokens = login(email.toUpperCase(), PASSWORD);
		assertThat(tokens).containsEntry("tokenType", "Bearer").containsKeys("accessToken", "refreshToken", "expiresIn");

		this.client.get()
			.uri("/api/me")
			.header("Authorization", "Bearer " + tokens.get("accessToken"))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.email")
			.isEqualTo(email)
			.jsonPath("$.teams.length()")
			.isEqualTo(1)
			.jsonPath("$.teams[0].role")
			.isEqualTo("OWNER")
			.jsonPath("$.teams[0].name")
			.isEqualTo("Ada Lovelace's team");
	}

	@Test
	void theAccessTokenIsAnRs256TokenThatAnyServiceCanCheckAgainstThePublishedKeys() throws Exception {
		String email = newEmail();
		register(email);
		String accessToken = (String) login(email, PASSWORD).get("accessToken");

		SignedJWT parsed = SignedJWT.parse(accessToken);
		assertThat(parsed.getHeader().getAlgorithm().getName()).isEqualTo("RS256");
		Jwt jwt = NimbusReactiveJwtDecoder.withJwkSetUri("http://localhost:" + this.port + "/.well-known/jwks.json")
			.build()
			.decode(accessToken)
			.block();
		assertThat(jwt.getClaimAsString("email")).isEqualTo(email);
		assertThat(jwt.getClaimAsString("iss")).isEqualTo("maestro");
		assertThat(jwt.getClaimAsMap("teams")).hasSize(1).containsValue("OWNER");
		assertThat(jwt.getExpiresAt()).isBefore(jwt.getIssuedAt().plusSeconds(3601));
	}

	@Test
	void aSecondAccountWithTheSameEmailIsAConflictWhateverItsCase() {
		String email = newEmail();
		register(email);

		this.client.post()
			.uri("/api/auth/register")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("email", email.toUpperCase(), "password", "another good passphrase", "name", "Eve"))
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.CONFLICT)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
		// The original account is untouched.
		login(email, PASSWORD);
	}

	@Test
	void aWeakPasswordIsRefusedAndNoAccountIsCreated() {
		String email = newEmail();

		this.client.post()
			.uri("/api/auth/register")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("email", email, "password", "password1", "name", "Weak"))
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("password");

		loginAttempt(email, "password1").expectStatus().isUnauthorized();
	}

	@Test
	void missingAndMalformedFieldsAreRefusedByName() {
		this.client.post()
			.uri("/api/auth/register")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("email", "not-an-email", "password", PASSWORD))
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody(String.class)
			.value((body) -> assertThat(body).contains("\"email\"").contains("\"name\""));
	}

	@Test
	void malformedJsonAnOversizeFieldAndAnUnknownFieldTypeAreRefusedAndCreateNothing() {
		String email = newEmail();
		this.client.post()
			.uri("/api/auth/register")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"email\":\"" + email + "\",\"password\":")
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
		this.client.post()
			.uri("/api/auth/register")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("email", email, "password", PASSWORD, "name", "n".repeat(101)))
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("name");
		this.client.post()
			.uri("/api/auth/register")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("email", List.of(email), "password", PASSWORD, "name", "Ada"))
			.exchange()
			.expectStatus()
			.isBadRequest();

		loginAttempt(email, PASSWORD).expectStatus().isUnauthorized();
	}

	@Test
	void repeatedFailedLoginsLockTheAccountEvenAgainstTheRightPassword() {
		String email = newEmail();
		register(email);

		for (int i = 0; i < 3; i++) {
			loginAttempt(email, "wrong password " + i).expectStatus().isUnauthorized();
		}

		loginAttempt(email, PASSWORD).expectStatus()
			.isEqualTo(HttpStatus.TOO_MANY_REQUESTS)
			.expectHeader()
			.exists("Retry-After");
	}

	@Test
	void aRefreshTokenWorksOnceAndReusingItRevokesItsSuccessorToo() {
		String email = newEmail();
		register(email);
		Object first = login(email, PASSWORD).get("refreshToken");

		Map<String, Object> second = api().call(HttpMethod.POST, "/api/auth/refresh", null,
				Map.of("refreshToken", first), 200);
		assertThat(second.get("refreshToken")).isNotEqualTo(first);
		assertThat(second).containsKey("accessToken");

		refresh(first).expectStatus().isUnauthorized();
		refresh(second.get("refreshToken")).expectStatus().isUnauthorized();
	}

	@Test
	void logoutRevokesTheRefreshToken() {
		String email = newEmail();
		register(email);
		Object refreshToken = login(email, PASSWORD).get("refreshToken");

		this.client.post()
			.uri("/api/auth/logout")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("refreshToken", refreshToken))
			.exchange()
			.expectStatus()
			.isNoContent();

		refresh(refreshToken).expectStatus().isUnauthorized();
	}

	@Test
	void changingThePasswordSignsOutEveryOtherSession() {
		String email = newEmail();
		register(email);
		Map<String, Object> tokens = login(email, PASSWORD);

		this.client.post()
			.uri("/api/me/password")
			.header("Authorization", "Bearer " + tokens.get("accessToken"))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("currentPassword", PASSWORD, "newPassword", "a brand new passphrase"))
			.exchange()
			.expectStatus()
			.isNoContent();

		refresh(tokens.get("refreshToken")).expectStatus().isUnauthorized();
		loginAttempt(email, PASSWORD).expectStatus().isUnauthorized();
		login(email, "a brand new passphrase");
	}

	@Test
	void adminsAddMembersViewersCannotAndOutsidersDoNotEvenSeeTheTeam() {
		String ownerEmail = newEmail();
		String viewerEmail = newEmail();
		String outsiderEmail = newEmail();
		register(ownerEmail);
		register(viewerEmail);
		register(outsiderEmail);
		String owner = "Bearer " + login(ownerEmail, PASSWORD).get("accessToken");

		String teamId = (String) api().call(HttpMethod.POST, "/api/teams", owner, Map.of("name", "Platform"), 201)
			.get("id");

		this.client.post()
			.uri("/api/teams/{teamId}/members", teamId)
			.header("Authorization", owner)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("email", viewerEmail, "role", "VIEWER"))
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody()
			.jsonPath("$.role")
			.isEqualTo("VIEWER");

		String viewer = "Bearer " + login(viewerEmail, PASSWORD).get("accessToken");
		this.client.post()
			.uri("/api/teams/{teamId}/members", teamId)
			.header("Authorization", viewer)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("email", outsiderEmail, "role", "VIEWER"))
			.exchange()
			.expectStatus()
			.isForbidden();

		String outsider = "Bearer " + login(outsiderEmail, PASSWORD).get("accessToken");
		this.client.get()
			.uri("/api/teams/{teamId}/members", teamId)
			.header("Authorization", outsider)
			.exchange()
			.expectStatus()
			.isNotFound();

		this.client.post()
			.uri("/api/teams/{teamId}/members", teamId)
			.header("Authorization", owner)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("email", outsiderEmail, "role", "SUPERUSER"))
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("role");

		List<?> members = this.client.get()
			.uri("/api/teams/{teamId}/members", teamId)
			.header("Authorization", viewer)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBodyList(Map.class)
			.returnResult()
			.getResponseBody();
		assertThat(members).hasSize(2);
	}

}
