package dev.maestro.gateway;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
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
 * Scripts call with a personal API token; the gateway exchanges it at inventory-service (a
 * stand-in here, whose JWTs are signed by a key the gateway is told to trust) and services
 * see only the JWT. Each test uses its own personal token, so the cache of one test never
 * answers for another.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "20s")
@Import(TrustedTestKey.class)
class PersonalTokenExchangeTests {

	static final MockWebServer inventory = new MockWebServer();

	static final MockWebServer reports = new MockWebServer();

	@Autowired
	WebTestClient client;


	/** What the stand-in inventory-service answers, in turn, to each personal token. */
	static final Map<String, Queue<MockResponse>> answers = new ConcurrentHashMap<>();

	/** The exchange requests the stand-in received, per personal token. */
	static final Map<String, List<String>> exchanges = new ConcurrentHashMap<>();

	static final Pattern PERSONAL_TOKEN = Pattern.compile("\"token\":\"(mst_[^\"]+)\"");

	@DynamicPropertySource
	static void services(DynamicPropertyRegistry registry) throws IOException {
		inventory.setDispatcher(new Dispatcher() {
			@Override
			public MockResponse dispatch(RecordedRequest request) {
				String body = (request.getBody() != null) ? request.getBody().utf8() : "";
				if (body.contains("client_credentials")) {
					// The gateway's own service token, which MaestroRequest fetches first.
					return tokenAnswer(TrustedTestKey.TOKENS.accessToken("gateway"), 600);
				}
				Matcher personal = PERSONAL_TOKEN.matcher(body);
				if (!"/api/auth/token".equals(request.getTarget()) || !personal.find()) {
					return new MockResponse.Builder().code(404).build();
				}
				exchanges.computeIfAbsent(personal.group(1), (token) -> new CopyOnWriteArrayList<>()).add(body);
				MockResponse answer = answers.getOrDefault(personal.group(1), new ConcurrentLinkedQueue<>()).poll();
				return (answer != null) ? answer : new MockResponse.Builder().code(500).build();
			}
		});
		inventory.start();
		reports.start();
		registry.add("maestro.request.services.inventory-service", () -> inventory.url("/").toString());
		registry.add("maestro.request.services.reports-service", () -> reports.url("/").toString());
	}

	@AfterAll
	static void stop() {
		inventory.close();
		reports.close();
	}

	@BeforeEach
	void forgetEarlierRequests() throws InterruptedException {
		while (reports.takeRequest(10, TimeUnit.MILLISECONDS) != null) {
			// drained
		}
	}

	@Test
	void aPersonalTokenIsExchangedOnceAndTheServiceReceivesTheJwt() throws InterruptedException {
		String jwt = TrustedTestKey.TOKENS.accessToken("script-user");
		answer("mst_cached0001", tokenAnswer(jwt, 600));
		reports.enqueue(reportList());
		reports.enqueue(reportList());

		listReports("mst_cached0001").expectStatus().isOk();
		listReports("mst_cached0001").expectStatus().isOk();

		for (int call = 0; call < 2; call++) {
			RecordedRequest forwarded = reports.takeRequest(5, TimeUnit.SECONDS);
			assertThat(forwarded.getHeaders().get("Authorization")).isEqualTo("Bearer " + jwt);
		}
		assertThat(exchanges.get("mst_cached0001")).singleElement()
			.satisfies((body) -> assertThat(body).contains("\"grantType\":\"personal_token\""));
	}

	@Test
	void anAccessTokenAboutToExpireIsNotReusedForTheNextCall() {
		answer("mst_shortlived1", tokenAnswer(TrustedTestKey.TOKENS.accessToken("short-lived"), 20),
				tokenAnswer(TrustedTestKey.TOKENS.accessToken("short-lived"), 20));
		reports.enqueue(reportList());
		reports.enqueue(reportList());

		listReports("mst_shortlived1").expectStatus().isOk();
		listReports("mst_shortlived1").expectStatus().isOk();

		assertThat(exchanges.get("mst_shortlived1")).hasSize(2);
	}

	@Test
	void anInvalidPersonalTokenIsA401ProblemAndNothingIsForwarded() throws InterruptedException {
		answer("mst_revoked0001", new MockResponse.Builder().code(401)
			.addHeader("Content-Type", "application/problem+json")
			.body("{\"status\":401,\"title\":\"Unauthorized\",\"detail\":\"Unknown token\"}")
			.build());

		listReports("mst_revoked0001").expectStatus()
			.isUnauthorized()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectHeader()
			.value("WWW-Authenticate", (challenge) -> assertThat(challenge).startsWith("Bearer"))
			.expectBody()
			.jsonPath("$.detail")
			.isEqualTo("The personal API token is invalid, expired or revoked");

		assertThat(reports.takeRequest(200, TimeUnit.MILLISECONDS)).isNull();
	}

	@Test
	void aPersonalTokenWhileInventoryIsDownIsA503ProblemWithRetryAfter() throws InterruptedException {
		// The first attempt and both retries of MaestroRequest find inventory-service unwell.
		MockResponse unwell = new MockResponse.Builder().code(503).build();
		answer("mst_unlucky0001", unwell, unwell, unwell);

		listReports("mst_unlucky0001").expectStatus()
			.isEqualTo(503)
			.expectHeader()
			.exists("Retry-After")
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);

		assertThat(reports.takeRequest(200, TimeUnit.MILLISECONDS)).isNull();
	}

	@Test
	void anOrdinaryJwtIsPassedOnWithoutAnExchange() throws InterruptedException {
		String jwt = TrustedTestKey.TOKENS.accessToken("browser-user");
		reports.enqueue(reportList());
		int exchangesBefore = exchanges.values().stream().mapToInt(List::size).sum();

		listReports(jwt).expectStatus().isOk();

		assertThat(reports.takeRequest(5, TimeUnit.SECONDS).getHeaders().get("Authorization"))
			.isEqualTo("Bearer " + jwt);
		assertThat(exchanges.values().stream().mapToInt(List::size).sum()).isEqualTo(exchangesBefore);
	}

	private static void answer(String personalToken, MockResponse... inTurn) {
		answers.put(personalToken, new ConcurrentLinkedQueue<>(List.of(inTurn)));
	}

	private WebTestClient.ResponseSpec listReports(String token) {
		return this.client.get()
			.uri("/api/teams/t1/reports")
			.header("Authorization", "Bearer " + token)
			.exchange();
	}

	private static MockResponse tokenAnswer(String jwt, int expiresIn) {
		return new MockResponse.Builder().code(200)
			.addHeader("Content-Type", "application/json")
			.body("{\"accessToken\":\"" + jwt + "\",\"tokenType\":\"Bearer\",\"expiresIn\":" + expiresIn + "}")
			.build();
	}

	private static MockResponse reportList() {
		return new MockResponse.Builder().code(200)
			.addHeader("Content-Type", "application/json")
			.body("{\"items\":[]}")
			.build();
	}

}
