package dev.maestro.request;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/** A service obtains its token once, with client credentials, and presents it on its calls. */
class ClientCredentialsTokenProviderTests {

	private MockWebServer identity;

	@BeforeEach
	void start() throws IOException {
		this.identity = new MockWebServer();
		this.identity.start();
	}

	@AfterEach
	void stop() {
		this.identity.close();
	}

	private static MockResponse json(String body) {
		return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json").body(body).build();
	}

	@Test
	void theTokenIsFetchedOnceWithClientCredentialsAndReusedUntilItNearlyExpires() throws InterruptedException {
		URI base = URI.create(this.identity.url("/").toString());
		MaestroRequestProperties properties = new MaestroRequestProperties(Map.of("inventory-service", base),
				Duration.ofSeconds(1), Duration.ofSeconds(2),
				new MaestroRequestProperties.Retry(0, Duration.ofMillis(10), Duration.ofMillis(10)),
				new MaestroRequestProperties.CircuitBreaker(50, 10, 10, Duration.ofSeconds(5)),
				new MaestroRequestProperties.ServiceAccount("reports-service", "s3cret", "inventory-service",
						"/api/auth/token", Duration.ofSeconds(60)));
		WebClient webClient = WebClient.builder().build();
		ServiceTokenProvider tokens = new ClientCredentialsTokenProvider(
				new MaestroRequest(webClient, properties, ServiceTokenProvider.none()).to("inventory-service"),
				properties.serviceAccount());
		MaestroRequest maestroRequest = new MaestroRequest(webClient, properties, tokens);
		this.identity.enqueue(json("{\"accessToken\":\"service-jwt\",\"tokenType\":\"Bearer\",\"expiresIn\":600}"));
		this.identity.enqueue(json("{\"ok\":1}"));
		this.identity.enqueue(json("{\"ok\":2}"));

		for (int i = 0; i < 2; i++) {
			StepVerifier.create(maestroRequest.to("inventory-service").get("/api/anything", Map.class))
				.expectNextCount(1)
				.verifyComplete();
		}

		RecordedRequest tokenRequest = this.identity.takeRequest(1, TimeUnit.SECONDS);
		assertThat(tokenRequest.getTarget()).isEqualTo("/api/auth/token");
		assertThat(tokenRequest.getHeaders().get("Authorization")).isNull();
		assertThat(tokenRequest.getBody().utf8()).contains("\"grantType\":\"client_credentials\"")
			.contains("\"clientId\":\"reports-service\"")
			.contains("\"clientSecret\":\"s3cret\"");
		for (int i = 0; i < 2; i++) {
			RecordedRequest call = this.identity.takeRequest(1, TimeUnit.SECONDS);
			assertThat(call.getTarget()).isEqualTo("/api/anything");
			assertThat(call.getHeaders().get("Authorization")).isEqualTo("Bearer service-jwt");
		}
		assertThat(this.identity.getRequestCount()).isEqualTo(3);
	}

}
