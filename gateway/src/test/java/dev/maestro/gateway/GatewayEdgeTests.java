package dev.maestro.gateway;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Import;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the gateway does at the edge before anything reaches a service — CORS and body caps —
 * and WebSocket proxying, with stand-in services on real sockets.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "20s")
@Import(TrustedTestKey.class)
class GatewayEdgeTests {

	static final String WEB_UI = "http://localhost:8080";

	static final int MEGABYTE = 1024 * 1024;

	static final MockWebServer inventory = new MockWebServer();

	static final MockWebServer discovery = new MockWebServer();

	static final List<String> webSocketRequests = new CopyOnWriteArrayList<>();

	/** Stands in for websocket-service: echoes every text message, prefixed. */
	static final DisposableServer events = HttpServer.create()
		.host("127.0.0.1")
		.port(0)
		.route((routes) -> routes.get("/ws", (request, response) -> {
			webSocketRequests.add(request.uri());
			return response.sendWebsocket(
					(in, out) -> out.sendString(in.receive().asString().map((text) -> "echo: " + text)));
		}))
		.bindNow();

	@Autowired
	WebTestClient client;


	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void services(DynamicPropertyRegistry registry) throws IOException {
		inventory.start();
		discovery.start();
		registry.add("maestro.request.services.inventory-service", () -> inventory.url("/").toString());
		registry.add("maestro.request.services.discovery-service", () -> discovery.url("/").toString());
		registry.add("maestro.request.services.websocket-service", () -> "http://127.0.0.1:" + events.port());
	}

	@AfterAll
	static void stop() {
		inventory.close();
		discovery.close();
		events.disposeNow();
	}

	@BeforeEach
	void forgetEarlierRequests() throws InterruptedException {
		while (inventory.takeRequest(10, TimeUnit.MILLISECONDS) != null) {
			// drained
		}
		while (discovery.takeRequest(10, TimeUnit.MILLISECONDS) != null) {
			// drained
		}
	}

	@Test
	void aPreflightFromTheWebUiIsAnsweredByTheGatewayWithoutATokenAndNotForwarded() throws InterruptedException {
		this.client.options()
			.uri("/api/teams/t1/servers/s1")
			.header("Origin", WEB_UI)
			.header("Access-Control-Request-Method", "PATCH")
			.header("Access-Control-Request-Headers", "authorization, content-type, if-match")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals("Access-Control-Allow-Origin", WEB_UI)
			.expectHeader()
			.value("Access-Control-Allow-Methods", (methods) -> assertThat(methods).contains("PATCH"))
			.expectHeader()
			.value("Access-Control-Allow-Headers",
					(headers) -> assertThat(headers.toLowerCase()).contains("authorization", "if-match"));

		assertThat(inventory.takeRequest(200, TimeUnit.MILLISECONDS)).isNull();
	}

	@Test
	void aPreflightFromAnOriginThatIsNotAllowedIsA403Problem() {
		this.client.options()
			.uri("/api/teams/t1/servers")
			.header("Origin", "https://evil.example")
			.header("Access-Control-Request-Method", "GET")
			.exchange()
			.expectStatus()
			.isForbidden()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectHeader()
			.doesNotExist("Access-Control-Allow-Origin")
			.expectBody()
			.jsonPath("$.detail")
			.value((detail) -> assertThat((String) detail).contains("https://evil.example"));
	}

	@Test
	void aCrossOriginAnswerLetsTheWebUiReadTheHeadersItNeeds() {
		inventory.enqueue(new MockResponse.Builder().code(201)
			.addHeader("Content-Type", "application/json")
			.addHeader("Location", "/api/users/u1")
			.body("{\"id\":\"u1\"}")
			.build());

		this.client.post()
			.uri("/api/auth/register")
			.header("Origin", WEB_UI)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"email\":\"a@example.com\",\"password\":\"correct horse\",\"name\":\"A\"}")
			.exchange()
			.expectStatus()
			.isCreated()
			.expectHeader()
			.valueEquals("Access-Control-Allow-Origin", WEB_UI)
			.expectHeader()
			.value("Access-Control-Expose-Headers", (exposed) -> assertThat(exposed).contains("ETag", "Location",
					"X-Request-Id", "Retry-After"));
	}

	@Test
	void aRefusalForAMissingTokenStillCarriesCorsHeadersSoTheWebUiCanReadIt() {
		this.client.get()
			.uri("/api/teams/t1/servers")
			.header("Origin", WEB_UI)
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.valueEquals("Access-Control-Allow-Origin", WEB_UI)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
	}

	@Test
	void aBodyDeclaredLargerThanTheCapIs413ProblemAndIsNotForwarded() throws InterruptedException {
		this.client.post()
			.uri("/api/auth/register")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(new byte[MEGABYTE + 1])
			.exchange()
			.expectStatus()
			.isEqualTo(413)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.detail")
			.value((detail) -> assertThat((String) detail).contains("1 MB"));

		assertThat(inventory.takeRequest(200, TimeUnit.MILLISECONDS)).isNull();
	}

	@Test
	void aChunkedBodyThatGrowsPastTheCapIs413Problem() {
		this.client.post()
			.uri("/api/auth/register")
			.contentType(MediaType.APPLICATION_JSON)
			.body(BodyInserters.fromDataBuffers(chunks(24, 64 * 1024)))
			.exchange()
			.expectStatus()
			.isEqualTo(413)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
	}

	@Test
	void aChunkedBodyWithinTheCapIsForwardedIntact() throws InterruptedException {
		inventory.enqueue(new MockResponse.Builder().code(204).build());

		this.client.post()
			.uri("/api/auth/register")
			.contentType(MediaType.APPLICATION_JSON)
			.body(BodyInserters.fromDataBuffers(chunks(8, 64 * 1024)))
			.exchange()
			.expectStatus()
			.isNoContent();

		RecordedRequest forwarded = inventory.takeRequest(5, TimeUnit.SECONDS);
		assertThat(forwarded.getBodySize()).isEqualTo(8 * 64 * 1024);
	}

	@Test
	void uploadsMayBeLargerThanTheDefaultCap() throws InterruptedException {
		discovery.enqueue(new MockResponse.Builder().code(202).build());

		this.client.post()
			.uri("/api/teams/t1/connections/c1/uploads/servers.csv")
			.header("Authorization", "Bearer " + TrustedTestKey.TOKENS.accessToken("uploader"))
			.contentType(MediaType.APPLICATION_OCTET_STREAM)
			.bodyValue(new byte[3 * MEGABYTE])
			.exchange()
			.expectStatus()
			.isAccepted();
		assertThat(discovery.takeRequest(5, TimeUnit.SECONDS).getBodySize()).isEqualTo(3 * MEGABYTE);

		this.client.post()
			.uri("/api/teams/t1/connections/c1/uploads/servers.csv")
			.header("Authorization", "Bearer " + TrustedTestKey.TOKENS.accessToken("uploader"))
			.contentType(MediaType.APPLICATION_OCTET_STREAM)
			.bodyValue(new byte[11 * MEGABYTE])
			.exchange()
			.expectStatus()
			.isEqualTo(413);
		assertThat(discovery.takeRequest(200, TimeUnit.MILLISECONDS)).isNull();
	}

	@Test
	void aWebSocketThroughTheGatewayReachesTheEventServiceWithItsAccessTokenAndEchoes() {
		List<String> received = new CopyOnWriteArrayList<>();
		String token = TrustedTestKey.TOKENS.accessToken("watcher");
		URI uri = URI.create("ws://localhost:" + this.port + "/ws?access_token=" + token + "&since=e42");

		new ReactorNettyWebSocketClient().execute(uri,
				(session) -> session.send(Mono.just(session.textMessage("hello")))
					.thenMany(session.receive().take(1).map(WebSocketMessage::getPayloadAsText))
					.doOnNext(received::add)
					.then())
			.block(Duration.ofSeconds(10));

		assertThat(received).containsExactly("echo: hello");
		assertThat(webSocketRequests).contains("/ws?access_token=" + token + "&since=e42");
	}

	@Test
	void aWebSocketWithABadTokenIsRefusedBeforeAnyUpgradeAndNeverReachesTheEventService() {
		int before = webSocketRequests.size();
		this.client.get()
			.uri("/ws?access_token=abc.def.ghi")
			.header("Upgrade", "websocket")
			.header("Connection", "Upgrade")
			.header("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==")
			.header("Sec-WebSocket-Version", "13")
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
		this.client.get().uri("/ws").header("Upgrade", "websocket").exchange().expectStatus().isUnauthorized();
		assertThat(webSocketRequests).hasSize(before);
	}

	@Test
	void aTokenInTheQueryCountsOnlyWhereBrowsersCannotSendHeaders() {
		String token = TrustedTestKey.TOKENS.accessToken("scripted");
		this.client.get().uri("/api/me?access_token=" + token).exchange().expectStatus().isUnauthorized();
	}

	private static Flux<DataBuffer> chunks(int count, int size) {
		byte[] chunk = new byte[size];
		Arrays.fill(chunk, (byte) 'x');
		return Flux.range(0, count).map((i) -> DefaultDataBufferFactory.sharedInstance.wrap(chunk.clone()));
	}

}
