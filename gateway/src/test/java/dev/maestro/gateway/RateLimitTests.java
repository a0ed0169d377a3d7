package dev.maestro.gateway;

import java.io.IOException;

import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Per-client rate limits, with limits small and slow enough (one token per 5 s) that a test
 * never sees a refill. Each test uses its own client (token subject) or its own bucket.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "maestro.gateway.rate-limit.requests-per-second=0.2", "maestro.gateway.rate-limit.burst=3",
				"maestro.gateway.rate-limit.auth.requests-per-second=0.2", "maestro.gateway.rate-limit.auth.burst=2" })
@AutoConfigureWebTestClient(timeout = "20s")
@Import(TrustedTestKey.class)
class RateLimitTests {

	static final MockWebServer inventory = new MockWebServer();

	@Autowired
	WebTestClient client;


	@DynamicPropertySource
	static void services(DynamicPropertyRegistry registry) throws IOException {
		inventory.setDispatcher(new Dispatcher() {
			@Override
			public MockResponse dispatch(RecordedRequest request) {
				return new MockResponse.Builder().code(200)
					.addHeader("Content-Type", "application/json")
					.body("{\"items\":[],\"nextCursor\":null}")
					.build();
			}
		});
		inventory.start();
		registry.add("maestro.request.services.inventory-service", () -> inventory.url("/").toString());
	}

	@AfterAll
	static void stop() {
		inventory.close();
	}

	@Test
	void aClientGetsItsBurstThenA429ProblemThatSaysWhenToRetryAndIsNotForwarded() {
		String token = TrustedTestKey.TOKENS.accessToken("alice");
		for (String remaining : new String[] { "2", "1", "0" }) {
			listServers(token).expectStatus().isOk().expectHeader().valueEquals("X-RateLimit-Remaining", remaining);
		}
		int forwarded = inventory.getRequestCount();

		listServers(token).expectStatus()
			.isEqualTo(429)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectHeader()
			.valueEquals("X-RateLimit-Remaining", "0")
			.expectHeader()
			.value("Retry-After", (seconds) -> assertThat(Integer.parseInt(seconds)).isBetween(1, 5))
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo(429);

		assertThat(inventory.getRequestCount()).isEqualTo(forwarded);
	}

	@Test
	void eachAuthenticatedUserHasABucketOfItsOwn() {
		String bob = TrustedTestKey.TOKENS.accessToken("bob");
		for (int i = 0; i < 3; i++) {
			listServers(bob).expectStatus().isOk();
		}
		listServers(bob).expectStatus().isEqualTo(429);

		listServers(TrustedTestKey.TOKENS.accessToken("carol")).expectStatus().isOk();
	}

	@Test
	void credentialEndpointsHaveAStricterLimitPerAddressThatForwardedForCannotDodge() {
		for (int i = 0; i < 2; i++) {
			login("198.51.100." + i).expectStatus().isOk();
		}

		login("203.0.113.7").expectStatus()
			.isEqualTo(429)
			.expectHeader()
			.exists("Retry-After")
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
	}

	private WebTestClient.ResponseSpec listServers(String token) {
		return this.client.get()
			.uri("/api/teams/t1/servers")
			.header("Authorization", "Bearer " + token)
			.exchange();
	}

	private WebTestClient.ResponseSpec login(String forwardedFor) {
		return this.client.post()
			.uri("/api/auth/login")
			.header("X-Forwarded-For", forwardedFor)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"email\":\"a@example.com\",\"password\":\"guess\"}")
			.exchange();
	}

}
