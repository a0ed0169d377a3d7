package dev.maestro.request;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.maestro.request.web.RequestId;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import org.springframework.http.HttpMethod;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link MaestroRequest} against a real HTTP server. */
class MaestroRequestTests {

	private MockWebServer server;

	private MaestroRequest maestroRequest;

	@BeforeEach
	void start() throws IOException {
		this.server = new MockWebServer();
		this.server.start();
		this.maestroRequest = create(URI.create(this.server.url("/").toString()), 2, Duration.ofMillis(500), 100);
	}

	@AfterEach
	void stop() {
		this.server.close();
	}

	private static MaestroRequest create(URI baseUrl, int retries, Duration responseTimeout, int minimumCalls) {
		MaestroRequestProperties properties = new MaestroRequestProperties(Map.of("inventory-service", baseUrl),
				Duration.ofMillis(500), responseTimeout,
				new MaestroRequestProperties.Retry(retries, Duration.ofMillis(10), Duration.ofMillis(50)),
				new MaestroRequestProperties.CircuitBreaker(50, minimumCalls, minimumCalls, Duration.ofSeconds(30)),
				new MaestroRequestProperties.ServiceAccount(null, null, "inventory-service", "/api/auth/token",
						Duration.ofSeconds(60)));
		return new MaestroRequest(WebClient.builder().build(), properties, () -> Mono.just("service-token"));
	}

	private static MockResponse json(int status, String body) {
		return new MockResponse.Builder().code(status).addHeader("Content-Type", "application/json").body(body).build();
	}

	private static MockResponse problem(int status, String detail) {
		return new MockResponse.Builder().code(status)
			.addHeader("Content-Type", "application/problem+json")
			.body("{\"type\":\"about:blank\",\"title\":\"t\",\"status\":" + status + ",\"detail\":\"" + detail + "\"}")
			.build();
	}

	record Server(String id, String hostname) {
	}

	@Test
	void aGetReturnsTheTypedBodyAndCarriesTheServiceTokenAndTheRequestId() throws InterruptedException {
		this.server.enqueue(json(200, "{\"id\":\"s1\",\"hostname\":\"web-01\"}"));

		Mono<Server> call = this.maestroRequest.to("inventory-service")
			.get("/api/teams/{teamId}/servers/{id}", Server.class, "team 1", "s1")
			.contextWrite((ctx) -> ctx.put(RequestId.CONTEXT_KEY, "req-12345678"));

		StepVerifier.create(call).expectNext(new Server("s1", "web-01")).verifyComplete();
		RecordedRequest request = this.server.takeRequest(1, TimeUnit.SECONDS);
		assertThat(request.getTarget()).isEqualTo("/api/teams/team%201/servers/s1");
		assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer service-token");
		assertThat(request.getHeaders().get(RequestId.HEADER)).isEqualTo("req-12345678");
	}

	@Test
	void aPathMayCarryAQueryWhoseValuesAreEncodedOneByOne() throws InterruptedException {
		this.server.enqueue(json(200, "{\"id\":\"s1\",\"hostname\":\"web-01\"}"));

		StepVerifier.create(this.maestroRequest.to("inventory-service")
			.get("/api/teams/{teamId}/servers?environment={env}&q={q}", Server.class, "t1", "Production", "a&b=c d?"))
			.expectNext(new Server("s1", "web-01"))
			.verifyComplete();
		RecordedRequest request = this.server.takeRequest(1, TimeUnit.SECONDS);
		assertThat(request.getTarget()).isEqualTo("/api/teams/t1/servers?environment=Production&q=a%26b%3Dc%20d?");
	}

	@Test
	void aGetIsRetriedAfterServerErrorsAndSucceedsWhenTheServiceRecovers() {
		this.server.enqueue(problem(503, "starting"));
		this.server.enqueue(problem(500, "oops"));
		this.server.enqueue(json(200, "{\"id\":\"s1\",\"hostname\":\"web-01\"}"));

		StepVerifier.create(this.maestroRequest.to("inventory-service").get("/servers/s1", Server.class))
			.expectNext(new Server("s1", "web-01"))
			.verifyComplete();
		assertThat(this.server.getRequestCount()).isEqualTo(3);
	}

	@Test
	void aNotFoundProblemBecomesATypedExceptionAndIsNotRetried() {
		this.server.enqueue(problem(404, "Server s1 was not found"));

		StepVerifier.create(this.maestroRequest.to("inventory-service").get("/servers/s1", Server.class))
			.expectErrorSatisfies((ex) -> {
				assertThat(ex).isInstanceOf(MaestroRequestException.NotFound.class);
				MaestroRequestException error = (MaestroRequestException) ex;
				assertThat(error.service()).isEqualTo("inventory-service");
				assertThat(error.problem().getDetail()).isEqualTo("Server s1 was not found");
				assertThat(error.status().value()).isEqualTo(404);
			})
			.verify();
		assertThat(this.server.getRequestCount()).isEqualTo(1);
	}

	@Test
	void otherClientErrorsAreNeverRetried() {
		this.server.enqueue(problem(409, "duplicate"));
		this.server.enqueue(problem(400, "bad"));

		StepVerifier.create(this.maestroRequest.to("inventory-service").put("/servers/s1", Map.of(), Server.class))
			.expectError(MaestroRequestException.Conflict.class)
			.verify();
		StepVerifier.create(this.maestroRequest.to("inventory-service").get("/servers", Server.class))
			.expectError(MaestroRequestException.BadRequest.class)
			.verify();
		assertThat(this.server.getRequestCount()).isEqualTo(2);
	}

	@Test
	void aPostIsNotRetriedAfterA500BecauseTheServiceMayHaveActedOnIt() {
		this.server.enqueue(problem(500, "half done"));
		this.server.enqueue(json(201, "{\"id\":\"s2\",\"hostname\":\"web-02\"}"));

		StepVerifier
			.create(this.maestroRequest.to("inventory-service").post("/servers", Map.of("hostname", "web-02"), Server.class))
			.expectError(MaestroRequestException.Unavailable.class)
			.verify();
		assertThat(this.server.getRequestCount()).isEqualTo(1);
	}

	@Test
	void aPostIsRetriedAfterA429WhichPromisesNothingWasDone() {
		this.server.enqueue(problem(429, "slow down"));
		this.server.enqueue(json(201, "{\"id\":\"s2\",\"hostname\":\"web-02\"}"));

		StepVerifier
			.create(this.maestroRequest.to("inventory-service").post("/servers", Map.of("hostname", "web-02"), Server.class))
			.expectNext(new Server("s2", "web-02"))
			.verifyComplete();
		assertThat(this.server.getRequestCount()).isEqualTo(2);
	}

	@Test
	void anIdempotentPostIsRetriedAfterATimeoutAndAServerError() {
		this.server.enqueue(new MockResponse.Builder().code(200).headersDelay(2, TimeUnit.SECONDS).body("{}").build());
		this.server.enqueue(problem(500, "half done"));
		this.server.enqueue(json(200, "{\"id\":\"s2\",\"hostname\":\"web-02\"}"));

		StepVerifier
			.create(this.maestroRequest.to("inventory-service")
				.postIdempotent("/servers/discovered", Map.of("hostname", "web-02"), Server.class))
			.expectNext(new Server("s2", "web-02"))
			.verifyComplete();
		assertThat(this.server.getRequestCount()).isEqualTo(3);
	}

	@Test
	void aServiceMayBeGivenItsOwnResponseTimeout() {
		MaestroRequestProperties properties = new MaestroRequestProperties(
				Map.of("inventory-service", URI.create(this.server.url("/").toString())), Duration.ofMillis(500),
				Duration.ofMillis(200), new MaestroRequestProperties.Retry(0, Duration.ofMillis(10), Duration.ofMillis(50)),
				new MaestroRequestProperties.CircuitBreaker(50, 100, 100, Duration.ofSeconds(30)),
				new MaestroRequestProperties.ServiceAccount(null, null, "inventory-service", "/api/auth/token",
						Duration.ofSeconds(60)),
				Map.of("inventory-service", Duration.ofSeconds(3)));
		MaestroRequest patient = new MaestroRequest(WebClient.builder().build(), properties, () -> Mono.just("t"));
		this.server.enqueue(new MockResponse.Builder().code(200)
			.headersDelay(600, TimeUnit.MILLISECONDS)
			.addHeader("Content-Type", "application/json")
			.body("{\"id\":\"s1\",\"hostname\":\"slow\"}")
			.build());

		StepVerifier.create(patient.to("inventory-service").get("/servers/s1", Server.class))
			.expectNext(new Server("s1", "slow"))
			.verifyComplete();
		assertThat(properties.responseTimeout("reports-service")).isEqualTo(Duration.ofMillis(200));
	}

	@Test
	void aSlowServiceTimesOutOnEveryAttemptAndEndsUnavailable() {
		for (int i = 0; i < 3; i++) {
			this.server.enqueue(new MockResponse.Builder().code(200)
				.headersDelay(2, TimeUnit.SECONDS)
				.body("{\"id\":\"s1\",\"hostname\":\"late\"}")
				.build());
		}

		StepVerifier.create(this.maestroRequest.to("inventory-service").get("/servers/s1", Server.class))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(MaestroRequestException.Unavailable.class)
				.hasMessageContaining("did not answer within"))
			.verify(Duration.ofSeconds(10));
		assertThat(this.server.getRequestCount()).isEqualTo(3);
	}

	@Test
	void aServiceThatIsNotListeningIsUnavailableEvenForAPost() throws IOException {
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		MaestroRequest client = create(URI.create("http://127.0.0.1:" + port), 2, Duration.ofMillis(500), 100);

		StepVerifier.create(client.to("inventory-service").post("/servers", Map.of(), Server.class))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(MaestroRequestException.Unavailable.class)
				.hasMessageContaining("cannot be reached"))
			.verify(Duration.ofSeconds(10));
	}

	@Test
	void theCircuitOpensAfterRepeatedFailuresAndThenFailsFastWithoutCallingTheService() {
		MaestroRequest client = create(URI.create(this.server.url("/").toString()), 0, Duration.ofMillis(500), 4);
		for (int i = 0; i < 4; i++) {
			this.server.enqueue(problem(503, "down"));
		}
		for (int i = 0; i < 4; i++) {
			StepVerifier.create(client.to("inventory-service").get("/servers", Server.class))
				.expectError(MaestroRequestException.Unavailable.class)
				.verify();
		}

		StepVerifier.create(client.to("inventory-service").get("/servers", Server.class))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(MaestroRequestException.Unavailable.class)
				.hasMessageContaining("suspended"))
			.verify();
		assertThat(this.server.getRequestCount()).isEqualTo(4);
	}

	@Test
	void clientErrorsDoNotOpenTheCircuit() {
		MaestroRequest client = create(URI.create(this.server.url("/").toString()), 0, Duration.ofMillis(500), 4);
		for (int i = 0; i < 6; i++) {
			this.server.enqueue(problem(404, "missing"));
		}
		for (int i = 0; i < 6; i++) {
			StepVerifier.create(client.to("inventory-service").get("/servers/x", Server.class))
				.expectError(MaestroRequestException.NotFound.class)
				.verify();
		}
		assertThat(this.server.getRequestCount()).isEqualTo(6);
	}

	@Test
	void getAllStreamsAJsonArray() {
		this.server.enqueue(json(200, "[{\"id\":\"a\",\"hostname\":\"h1\"},{\"id\":\"b\",\"hostname\":\"h2\"}]"));

		StepVerifier.create(this.maestroRequest.to("inventory-service").getAll("/servers", Server.class))
			.expectNext(new Server("a", "h1"), new Server("b", "h2"))
			.verifyComplete();
	}

	@Test
	void aNonJsonErrorBodyStillBecomesAProblem() {
		this.server.enqueue(new MockResponse.Builder().code(502).body("<html>Bad Gateway</html>").build());
		this.server.enqueue(new MockResponse.Builder().code(502).body("<html>Bad Gateway</html>").build());
		this.server.enqueue(new MockResponse.Builder().code(502).body("<html>Bad Gateway</html>").build());

		StepVerifier.create(this.maestroRequest.to("inventory-service").exchange(HttpMethod.DELETE, "/servers/s1", null,
				(response) -> response.releaseBody()))
			.expectErrorSatisfies((ex) -> {
				MaestroRequestException error = (MaestroRequestException) ex;
				assertThat(error.status().value()).isEqualTo(502);
				assertThat(error.problem().getDetail()).contains("Bad Gateway");
			})
			.verify();
	}

	@Test
	void anUnknownServiceNameIsAConfigurationErrorThatSaysWhatToSet() {
		org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
			.isThrownBy(() -> this.maestroRequest.to("reports-service"))
			.withMessageContaining("maestro.request.services.reports-service")
			.withMessageContaining("MAESTRO_SERVICES_REPORTS_SERVICE_URL");
	}

}
