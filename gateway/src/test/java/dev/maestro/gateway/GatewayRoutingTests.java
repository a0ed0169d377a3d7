package dev.maestro.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.concurrent.TimeUnit;

import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/** The gateway in front of a real HTTP server standing in for inventory-service. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "20s")
class GatewayRoutingTests {

	static final MockWebServer inventory = new MockWebServer();

	static final int closedPort = freePort();

	@Autowired
	WebTestClient client;

	@DynamicPropertySource
	static void services(DynamicPropertyRegistry registry) throws IOException {
		inventory.start();
		registry.add("maestro.request.services.inventory-service", () -> inventory.url("/").toString());
		registry.add("maestro.request.services.discovery-service", () -> "http://127.0.0.1:" + closedPort);
	}

	@AfterAll
	static void stop() {
		inventory.close();
	}

	@BeforeEach
	void drain() throws InterruptedException {
		while (inventory.takeRequest(10, TimeUnit.MILLISECONDS) != null) {
			// forget requests of earlier tests
		}
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Test
	void aServicesHealthIsReachableThroughTheGatewayWithTheRequestIdPassedOn() throws InterruptedException {
		inventory.enqueue(new MockResponse.Builder().code(200)
			.addHeader("Content-Type", "application/json")
			.body("{\"status\":\"UP\",\"components\":{\"mongo\":{\"status\":\"UP\"}}}")
			.build());

		this.client.get()
			.uri("/services/inventory-service/actuator/health")
			.header("X-Request-Id", "smoke-test-0001")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals("X-Request-Id", "smoke-test-0001")
			.expectBody()
			.jsonPath("$.components.mongo.status")
			.isEqualTo("UP");

		RecordedRequest forwarded = inventory.takeRequest(5, TimeUnit.SECONDS);
		assertThat(forwarded.getTarget()).isEqualTo("/actuator/health");
		assertThat(forwarded.getHeaders().get("X-Request-Id")).isEqualTo("smoke-test-0001");
	}

	@Test
	void anUnknownServiceIsA404Problem() {
		this.client.get()
			.uri("/services/no-such-service/actuator/health")
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
	}

	@Test
	void publicIdentityCallsAreForwardedWithoutAToken() throws InterruptedException {
		inventory.enqueue(new MockResponse.Builder().code(401)
			.addHeader("Content-Type", "application/problem+json")
			.body("{\"status\":401,\"title\":\"Unauthorized\",\"detail\":\"Wrong e-mail or password\"}")
			.build());

		this.client.post()
			.uri("/api/auth/login")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"email\":\"a@example.com\",\"password\":\"x\"}")
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectBody()
			.jsonPath("$.detail")
			.isEqualTo("Wrong e-mail or password");

		RecordedRequest forwarded = inventory.takeRequest(5, TimeUnit.SECONDS);
		assertThat(forwarded.getTarget()).isEqualTo("/api/auth/login");
		assertThat(forwarded.getBody().utf8()).contains("a@example.com");
	}

	@Test
	void teamResourcesNeedATokenAndAreNotForwardedWithoutOne() throws InterruptedException {
		this.client.get()
			.uri("/api/teams/t1/servers")
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);

		assertThat(inventory.takeRequest(200, TimeUnit.MILLISECONDS)).isNull();
	}

	@Test
	void aServiceThatIsDownIsA503ProblemWithRetryAfter() {
		this.client.get()
			.uri("/services/discovery-service/actuator/health")
			.exchange()
			.expectStatus()
			.isEqualTo(503)
			.expectHeader()
			.exists("Retry-After")
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
	}

	@Test
	void theGatewayReportsItsOwnHealth() {
		this.client.get().uri("/actuator/health").exchange().expectStatus().isOk();
	}

	@Test
	void theAggregatedSwaggerUiListsEveryServicesDocument() {
		this.client.get()
			.uri("/v3/api-docs/swagger-config")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.value((config) -> assertThat(config).contains("/services/inventory-service/v3/api-docs",
					"/services/discovery-service/v3/api-docs", "/services/analytics-api/v3/api-docs",
					"/services/reports-service/v3/api-docs", "/services/websocket-service/v3/api-docs"));
	}

}
