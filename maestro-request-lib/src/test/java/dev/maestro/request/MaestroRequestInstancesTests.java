package dev.maestro.request;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link MaestroRequest} calling a service that runs several instances, on real HTTP servers. */
class MaestroRequestInstancesTests {

	private MockWebServer first;

	private MockWebServer second;

	@BeforeEach
	void start() throws IOException {
		this.first = new MockWebServer();
		this.first.start();
		this.second = new MockWebServer();
		this.second.start();
	}

	@AfterEach
	void stop() {
		this.first.close();
		this.second.close();
	}

	private static URI url(MockWebServer server) {
		return URI.create(server.url("/").toString());
	}

	private static MaestroRequest create(List<URI> instances, int retries) {
		MaestroRequestProperties properties = new MaestroRequestProperties(Map.of(), Duration.ofSeconds(1),
				Duration.ofSeconds(3), new MaestroRequestProperties.Retry(retries, Duration.ofMillis(10), Duration.ofMillis(50)),
				new MaestroRequestProperties.CircuitBreaker(50, 100, 100, Duration.ofSeconds(30)),
				new MaestroRequestProperties.ServiceAccount(null, null, "inventory-service", "/api/auth/token",
						Duration.ofSeconds(60)),
				Map.of(), Map.of("inventory-service", instances));
		return new MaestroRequest(WebClient.builder().build(), properties, () -> Mono.just("service-token"));
	}

	private static MockResponse json(String body) {
		return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json").body(body).build();
	}

	private static int closedPort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	record Server(String id, String hostname) {
	}

	@Test
	void callsAreSpreadRoundRobinOverTheInstances() {
		for (int i = 0; i < 3; i++) {
			this.first.enqueue(json("{\"id\":\"a\",\"hostname\":\"first\"}"));
			this.second.enqueue(json("{\"id\":\"b\",\"hostname\":\"second\"}"));
		}
		ServiceClient inventory = create(List.of(url(this.first), url(this.second)), 0).to("inventory-service");

		List<String> answeredBy = new java.util.ArrayList<>();
		for (int i = 0; i < 6; i++) {
			answeredBy.add(inventory.get("/servers/{id}", Server.class, "s" + i).block().hostname());
		}

		assertThat(answeredBy).containsExactly("first", "second", "first", "second", "first", "second");
		assertThat(this.first.getRequestCount()).isEqualTo(3);
		assertThat(this.second.getRequestCount()).isEqualTo(3);
	}

	@Test
	void aRetryGoesToAnotherInstanceSoAnInstanceThatIsDownCostsNoCall() throws IOException {
		URI down = URI.create("http://127.0.0.1:" + closedPort() + "/");
		for (int i = 0; i < 4; i++) {
			this.first.enqueue(json("{\"id\":\"a\",\"hostname\":\"up\"}"));
		}
		ServiceClient inventory = create(List.of(down, url(this.first)), 1).to("inventory-service");

		for (int i = 0; i < 2; i++) {
			StepVerifier.create(inventory.get("/servers/{id}", Server.class, "s" + i))
				.expectNext(new Server("a", "up"))
				.verifyComplete();
			// A POST that never reached the down instance is safe to send to the other one.
			StepVerifier.create(inventory.post("/servers", Map.of("hostname", "web-" + i), Server.class))
				.expectNext(new Server("a", "up"))
				.verifyComplete();
		}
		assertThat(this.first.getRequestCount()).isEqualTo(4);
	}

	@Test
	void aGetThatAnInstanceAnswersWithA503IsRetriedOnTheOtherInstance() {
		this.first.enqueue(new MockResponse.Builder().code(503).build());
		this.first.enqueue(json("{\"id\":\"a\",\"hostname\":\"first\"}"));
		this.second.enqueue(json("{\"id\":\"b\",\"hostname\":\"second\"}"));
		this.second.enqueue(new MockResponse.Builder().code(503).build());
		ServiceClient inventory = create(List.of(url(this.first), url(this.second)), 1).to("inventory-service");

		// The first call starts at the first instance and retries on the second, the next one the reverse.
		StepVerifier.create(inventory.get("/servers/s1", Server.class))
			.expectNext(new Server("b", "second"))
			.verifyComplete();
		StepVerifier.create(inventory.get("/servers/s2", Server.class))
			.expectNext(new Server("a", "first"))
			.verifyComplete();
		assertThat(this.first.getRequestCount()).isEqualTo(2);
		assertThat(this.second.getRequestCount()).isEqualTo(2);
	}

	@Test
	void everyInstanceDownIsUnavailable() throws IOException {
		ServiceClient inventory = create(List.of(URI.create("http://127.0.0.1:" + closedPort() + "/"),
				URI.create("http://127.0.0.1:" + closedPort() + "/")), 2).to("inventory-service");

		StepVerifier.create(inventory.get("/servers/s1", Server.class))
			.expectError(MaestroRequestException.Unavailable.class)
			.verify(Duration.ofSeconds(5));
	}

	@Test
	void instancesBindFromACommaSeparatedValueOrAListAndTheFirstStandsForTheService() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(WebClientAutoConfiguration.class,
					MaestroRequestAutoConfiguration.class))
			.withPropertyValues("maestro.request.instances.inventory-service=http://a:8081, http://b:8081",
					"maestro.request.instances.reports-service[0]=http://r1:8085",
					"maestro.request.instances.reports-service[1]=http://r2:8085",
					"maestro.request.services.reports-service=http://reports:8085",
					"maestro.request.services.analytics-api=http://analytics:8083")
			.run((context) -> {
				MaestroRequestProperties properties = context.getBean(MaestroRequestProperties.class);
				assertThat(properties.instances("inventory-service")).containsExactly(URI.create("http://a:8081"),
						URI.create("http://b:8081"));
				assertThat(properties.services().get("inventory-service")).isEqualTo(URI.create("http://a:8081"));
				assertThat(properties.instances("reports-service")).containsExactly(URI.create("http://r1:8085"),
						URI.create("http://r2:8085"));
				assertThat(properties.services().get("reports-service")).isEqualTo(URI.create("http://reports:8085"));
				assertThat(properties.instances("analytics-api")).containsExactly(URI.create("http://analytics:8083"));
				assertThat(properties.instances("unknown")).isEmpty();
				assertThat(context.getBean(MaestroRequest.class).to("inventory-service").instances())
					.containsExactly(URI.create("http://a:8081"), URI.create("http://b:8081"));
			});
	}

}
