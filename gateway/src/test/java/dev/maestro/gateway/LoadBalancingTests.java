package dev.maestro.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.maestro.gateway.loadbalancer.ServiceInstances;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Routes to a service with several instances ({@code maestro.request.instances.<name>}), through
 * real HTTP: round-robin over two backend servers per service, an instance that refuses
 * connections skipped (the request itself going to the other one), every instance down a fast
 * 503, and WebSockets spread the same way.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "maestro.gateway.rate-limit.enabled=false", "maestro.gateway.load-balancer.eject-for=30s" })
@AutoConfigureWebTestClient(timeout = "20s")
@Import(TrustedTestKey.class)
class LoadBalancingTests {

	/** What each backend received: "instance method path body". */
	static final List<String> received = new CopyOnWriteArrayList<>();

	static final DisposableServer inventoryA = backend("inventory-a");

	static final DisposableServer inventoryB = backend("inventory-b");

	static final DisposableServer reports = backend("reports-live");

	static final DisposableServer analytics = backend("analytics-live");

	static final DisposableServer eventsA = backend("events-a");

	static final DisposableServer eventsB = backend("events-b");

	static final int reportsDown = freePort();

	static final int analyticsDown = freePort();

	static final int[] discoveryDown = { freePort(), freePort() };

	@LocalServerPort
	int port;

	@Autowired
	WebTestClient client;

	@Autowired
	ServiceInstances instances;

	/** A stand-in service that says which instance answered, and records what it received. */
	static DisposableServer backend(String name) {
		return HttpServer.create()
			.host("127.0.0.1")
			.port(0)
			.route((routes) -> routes
				.get("/ws", (request, response) -> {
					received.add(name + " WS " + request.uri());
					// Greets, then stays open until the client leaves, as websocket-service does: a
					// backend that closed right after its message could have the close reach the
					// client through the gateway before the message (a race of the proxy's two
					// directions, seen once in CI), which is not what this test is about.
					return response.sendWebsocket((in, out) -> out.sendString(Mono.just(name))
						.then(in.receive().then()));
				})
				.route((request) -> true, (request, response) -> response
					.header("Content-Type", "application/json")
					.sendString(request.receive().aggregate().asString().defaultIfEmpty("").map((body) -> {
						received.add(name + " " + request.method() + " " + request.uri() + " " + body);
						return "{\"instance\":\"" + name + "\"}";
					}))))
			.bindNow();
	}

	static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static String url(DisposableServer server) {
		return "http://127.0.0.1:" + server.port();
	}

	static String closed(int port) {
		return "http://127.0.0.1:" + port;
	}

	@DynamicPropertySource
	static void services(DynamicPropertyRegistry registry) {
		registry.add("maestro.request.instances.inventory-service[0]", () -> url(inventoryA));
		registry.add("maestro.request.instances.inventory-service[1]", () -> url(inventoryB));
		registry.add("maestro.request.instances.reports-service[0]", () -> closed(reportsDown));
		registry.add("maestro.request.instances.reports-service[1]", () -> url(reports));
		registry.add("maestro.request.instances.analytics-api[0]", () -> closed(analyticsDown));
		registry.add("maestro.request.instances.analytics-api[1]", () -> url(analytics));
		registry.add("maestro.request.instances.discovery-service[0]", () -> closed(discoveryDown[0]));
		registry.add("maestro.request.instances.discovery-service[1]", () -> closed(discoveryDown[1]));
		registry.add("maestro.request.instances.websocket-service[0]", () -> url(eventsA));
		registry.add("maestro.request.instances.websocket-service[1]", () -> url(eventsB));
	}

	@AfterAll
	static void stop() {
		for (DisposableServer server : List.of(inventoryA, inventoryB, reports, analytics, eventsA, eventsB)) {
			server.disposeNow();
		}
	}

	private String token() {
		return TrustedTestKey.TOKENS.accessToken("balanced");
	}

	private String instance(WebTestClient.RequestHeadersSpec<?> request) {
		Map<?, ?> answer = request.exchange().expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
		return String.valueOf(answer.get("instance"));
	}

	@Test
	void requestsToAServiceWithTwoInstancesAlternateBetweenThem() {
		List<String> answeredBy = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			answeredBy.add(instance(this.client.get().uri("/api/me").header("Authorization", "Bearer " + token())));
		}
		assertThat(answeredBy).filteredOn("inventory-a"::equals).hasSize(5);
		assertThat(answeredBy).filteredOn("inventory-b"::equals).hasSize(5);
		for (int i = 0; i < answeredBy.size() - 1; i++) {
			assertThat(answeredBy.get(i)).isNotEqualTo(answeredBy.get(i + 1));
		}
	}

	@Test
	void aPostWithItsBodyReachesEitherInstanceIntact() {
		List<String> answeredBy = new ArrayList<>();
		for (int i = 0; i < 2; i++) {
			answeredBy.add(instance(this.client.post()
				.uri("/api/auth/login")
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue("{\"email\":\"user" + i + "@example.com\",\"password\":\"x\"}")));
		}
		assertThat(answeredBy).containsExactlyInAnyOrder("inventory-a", "inventory-b");
		assertThat(received).anyMatch((line) -> line.startsWith("inventory-a POST /api/auth/login {\"email\":\"user"))
			.anyMatch((line) -> line.startsWith("inventory-b POST /api/auth/login {\"email\":\"user"));
	}

	@Test
	void anInstanceThatRefusesConnectionsIsSkippedAndNoRequestFails() {
		for (int i = 0; i < 6; i++) {
			assertThat(instance(this.client.get()
				.uri("/api/teams/t1/reports?page=" + i)
				.header("Authorization", "Bearer " + token()))).isEqualTo("reports-live");
		}
		assertThat(received).filteredOn((line) -> line.startsWith("reports-live GET /api/teams/t1/reports")).hasSize(6);
		assertThat(this.instances.isEjected(URI.create(closed(reportsDown)))).isTrue();
		assertThat(this.instances.isEjected(URI.create(url(reports)))).isFalse();
	}

	@Test
	void aPostThatMetARefusedConnectionIsSentWithItsBodyToTheOtherInstance() {
		// The rotation of analytics-api starts at the instance that is down.
		assertThat(instance(this.client.post()
			.uri("/api/teams/t1/graphs")
			.header("Authorization", "Bearer " + token())
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"name\":\"Orders\"}"))).isEqualTo("analytics-live");
		assertThat(received).contains("analytics-live POST /api/teams/t1/graphs {\"name\":\"Orders\"}");
		assertThat(this.instances.isEjected(URI.create(closed(analyticsDown)))).isTrue();
	}

	@Test
	void everyInstanceDownIsAFast503ProblemWithRetryAfter() {
		for (int i = 0; i < 2; i++) {
			long start = System.nanoTime();
			this.client.get()
				.uri("/api/providers")
				.header("Authorization", "Bearer " + token())
				.exchange()
				.expectStatus()
				.isEqualTo(503)
				.expectHeader()
				.exists("Retry-After")
				.expectHeader()
				.contentType(MediaType.APPLICATION_PROBLEM_JSON);
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
		}
	}

	@Test
	void aServicesHealthThroughTheGatewayReachesItsInstancesInTurn() {
		List<String> answeredBy = new ArrayList<>();
		for (int i = 0; i < 2; i++) {
			answeredBy.add(instance(this.client.get().uri("/services/websocket-service/actuator/health")));
		}
		assertThat(answeredBy).containsExactlyInAnyOrder("events-a", "events-b");
	}

	@Test
	void webSocketsAreSpreadOverTheInstancesToo() {
		List<String> greetings = new CopyOnWriteArrayList<>();
		for (int i = 0; i < 2; i++) {
			URI uri = URI.create("ws://localhost:" + this.port + "/ws?access_token=" + token());
			new ReactorNettyWebSocketClient().execute(uri, (session) -> session.receive()
				.take(1)
				.map(WebSocketMessage::getPayloadAsText)
				.doOnNext(greetings::add)
				.then()).block(Duration.ofSeconds(10));
		}
		assertThat(greetings).containsExactlyInAnyOrder("events-a", "events-b");
	}

}
