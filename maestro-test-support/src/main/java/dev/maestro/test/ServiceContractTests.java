package dev.maestro.test;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every Maestro service promises its operators and clients, whatever it does: it reports
 * its health with its dependencies, exposes Prometheus metrics and its OpenAPI document, gives
 * every answer a request id, refuses unauthenticated API calls, and answers unknown paths with
 * problem+json. Each service subclasses this in its application's package (where
 * {@code @SpringBootTest} finds the application), on the infrastructure
 * {@link MaestroInfrastructure} picks.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = MaestroInfrastructureInitializer.class)
@AutoConfigureWebTestClient
public abstract class ServiceContractTests {

	@Autowired
	protected WebTestClient client;

	/** The health components this service needs; MongoDB and the broker unless overridden. */
	protected String[] requiredHealthComponents() {
		return new String[] { "mongo", "rabbit" };
	}

	/** A path of this service's API that needs a token. */
	protected abstract String protectedPath();

	@Test
	void reportsItselfUpWithEveryDependencyItNeeds() {
		WebTestClient.BodyContentSpec health = this.client.get()
			.uri("/actuator/health")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("UP");
		for (String component : requiredHealthComponents()) {
			health.jsonPath("$.components." + component + ".status").isEqualTo("UP");
		}
	}

	@Test
	void exposesPrometheusMetrics() {
		this.client.get()
			.uri("/actuator/prometheus")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.value((metrics) -> assertThat(metrics).contains("jvm_memory_used_bytes", "process_uptime_seconds"));
	}

	@Test
	void publishesItsOpenApiDocument() {
		this.client.get()
			.uri("/v3/api-docs")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.openapi")
			.exists()
			.jsonPath("$.info.title")
			.value((title) -> assertThat((String) title).startsWith("Maestro "))
			.jsonPath("$.components.securitySchemes.bearer.scheme")
			.isEqualTo("bearer");
	}

	@Test
	void refusesAnApiCallWithoutATokenWithProblemJsonAndARequestId() {
		this.client.get()
			.uri(protectedPath())
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectHeader()
			.exists("X-Request-Id");
	}

	@Test
	void answersAnUnknownPublicPathWithA404Problem() {
		this.client.get()
			.uri("/.well-known/no-such-document")
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
	}

}
