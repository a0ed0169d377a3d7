package dev.maestro.inventory.token;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.nimbusds.jwt.SignedJWT;
import dev.maestro.inventory.InventoryApi;
import dev.maestro.inventory.InventoryApiTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Rotating the signing key logs nobody out: tokens signed with the previous key stay valid (and
 * its public key stays published) until they expire. The rotation period is shortened to a few
 * seconds here; in production it is 30 days.
 */
@InventoryApiTest
@TestPropertySource(properties = "maestro.identity.tokens.key-rotation=3s")
class KeyRotationTests {

	@Autowired
	WebTestClient client;

	@LocalServerPort
	int port;

	String kid(String token) throws Exception {
		return SignedJWT.parse(token).getHeader().getKeyID();
	}

	@Test
	void aTokenSignedBeforeARotationStillWorksAfterIt() throws Exception {
		InventoryApi api = new InventoryApi(this.client);
		InventoryApi.User user = api.newUser();
		String before = user.bearer().substring("Bearer ".length());
		// Another service's decoder, which caches the published keys like a real resource server.
		ReactiveJwtDecoder otherService = NimbusReactiveJwtDecoder
			.withJwkSetUri("http://localhost:" + this.port + "/.well-known/jwks.json")
			.build();
		assertThat(otherService.decode(before).block()).isNotNull();

		String[] after = new String[1];
		await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
			after[0] = (String) api.call(HttpMethod.POST, "/api/auth/refresh", null,
					Map.of("refreshToken", refreshOf(api, user)), 200).get("accessToken");
			assertThat(kid(after[0])).isNotEqualTo(kid(before));
		});

		List<?> keys = (List<?>) api.call(HttpMethod.GET, "/.well-known/jwks.json", null, null, 200).get("keys");
		assertThat(keys).hasSizeGreaterThanOrEqualTo(2);
		assertThat(otherService.decode(after[0]).block()).isNotNull();
		assertThat(otherService.decode(before).block()).isNotNull();
		api.call(HttpMethod.GET, "/api/me", "Bearer " + before, null, 200);
		api.call(HttpMethod.GET, "/api/me", "Bearer " + after[0], null, 200);
	}

	// Each refresh rotates the refresh token: log in again for a fresh one each poll.
	private static Object refreshOf(InventoryApi api, InventoryApi.User user) {
		return api.call(HttpMethod.POST, "/api/auth/login", null,
				Map.of("email", user.email(), "password", InventoryApi.PASSWORD), 200).get("refreshToken");
	}

}
