package dev.maestro.websocket.web;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.maestro.request.messaging.EventEnvelope;
import dev.maestro.request.messaging.MessageTypes;
import dev.maestro.test.BadTokens;
import dev.maestro.test.MaestroInfrastructureInitializer;
import dev.maestro.websocket.WebSocketApplication;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Import;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Events published by other services reach the right clients, end to end: through the real
 * broker, this instance's queue, the event log and a real WebSocket (or SSE) connection.
 */
// Each instance consumes every event (its own queue, its own log appends): a cached context
// left running would compete with the next class's instance for the same store.
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@SpringBootTest(classes = WebSocketApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = MaestroInfrastructureInitializer.class)
@AutoConfigureWebTestClient(timeout = "30s")
@Import(EventTokens.class)
class EventDeliveryTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	@LocalServerPort
	int port;

	@Autowired
	WebTestClient http;

	@Autowired
	RabbitTemplate rabbit;

	@Autowired
	JsonMapper json;

	Broker broker;

	String team;

	String otherTeam;

	@BeforeEach
	void teams() {
		this.broker = new Broker(this.rabbit, this.json);
		this.team = "team-" + UUID.randomUUID();
		this.otherTeam = "team-" + UUID.randomUUID();
	}

	@Test
	void aMemberReceivesTheSyncGraphAndReportEventsOfItsTeamThroughTheBroker() {
		try (LiveClient client = connected("user-1", Map.of(this.team, "VIEWER"))) {
			EventEnvelope sync = this.broker.publish(MessageTypes.SYNC_FINISHED, this.team,
					Map.of("syncId", "s-1", "counts", Map.of("created", 2)));
			EventEnvelope graph = this.broker.publish(MessageTypes.GRAPH_READY, this.team, Map.of("graphId", "g-1"));
			EventEnvelope report = this.broker.publish(MessageTypes.REPORT_READY, this.team, Map.of("reportId", "r-1"));

			await().atMost(WAIT).untilAsserted(() -> assertThat(client.ids()).containsSubsequence(
					sync.id().toString(), graph.id().toString(), report.id().toString()));
			Map<String, Object> received = client.events()
				.stream()
				.filter((event) -> event.get("id").equals(report.id().toString()))
				.findFirst()
				.orElseThrow();
			assertThat(received).containsOnlyKeys("id", "type", "teamId", "occurredAt", "correlationId", "data");
			assertThat(received).containsEntry("type", MessageTypes.REPORT_READY)
				.containsEntry("teamId", this.team)
				.containsEntry("correlationId", "test-correlation")
				.containsEntry("data", Map.of("reportId", "r-1"));
			assertThat((String) received.get("occurredAt")).isEqualTo(report.occurredAt().toString());
		}
	}

	@Test
	void aMemberOfAnotherTeamReceivesNothingOfTheTeam() {
		try (LiveClient member = connected("member", Map.of(this.team, "OWNER"));
				LiveClient outsider = connected("outsider", Map.of(this.otherTeam, "OWNER"))) {
			EventEnvelope secret = this.broker.publish(MessageTypes.GRAPH_READY, this.team, Map.of("graphId", "secret"));
			EventEnvelope marker = this.broker.publish(MessageTypes.GRAPH_READY, this.otherTeam, Map.of("graphId", "marker"));

			await().atMost(WAIT).untilAsserted(() -> assertThat(outsider.ids()).contains(marker.id().toString()));
			await().atMost(WAIT).untilAsserted(() -> assertThat(member.ids()).contains(secret.id().toString()));
			assertThat(outsider.ids()).doesNotContain(secret.id().toString());
			assertThat(member.ids()).doesNotContain(marker.id().toString());
			// Nor does it find the team's events in the log.
			this.http.get()
				.uri("/api/events?limit=1000")
				.header("Authorization", "Bearer " + EventTokens.token("outsider", Map.of(this.otherTeam, "OWNER")))
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.items[*].teamId")
				.value((teams) -> assertThat((List<String>) teams).containsOnly(this.otherTeam));
		}
	}

	@Test
	void aMissingBadOrExpiredTokenIsRefusedWith401BeforeTheUpgrade() {
		String valid = EventTokens.token("user-2", Map.of(this.team, "VIEWER"));
		String expired = EventTokens.token("user-2", Map.of(this.team, "VIEWER"), Instant.now().minusSeconds(1200),
				Instant.now().minusSeconds(600));
		List<String> refused = List.of("", "access_token=not-a-jwt", "access_token=" + expired,
				"access_token=" + BadTokens.tampered(valid), "access_token=" + BadTokens.signedWithAnotherKey(valid));
		for (String query : refused) {
			this.http.get()
				.uri("/ws?" + query)
				.header("Upgrade", "websocket")
				.header("Connection", "Upgrade")
				.header("Sec-WebSocket-Version", "13")
				.header("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==")
				.exchange()
				.expectStatus()
				.isUnauthorized()
				.expectHeader()
				.contentType(MediaType.APPLICATION_PROBLEM_JSON)
				.expectHeader()
				.valueEquals("WWW-Authenticate", "Bearer");
			assertThatThrownBy(() -> new ReactorNettyWebSocketClient()
				.execute(java.net.URI.create("ws://localhost:" + this.port + "/ws?" + query), (session) -> session.close())
				.block(WAIT)).as(query).hasMessageContaining("401");
		}
		this.http.get()
			.uri("/api/events/stream?access_token=" + expired)
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
	}

	@Test
	void theTokenMayComeInTheAuthorizationHeader() {
		String token = EventTokens.token("user-3", Map.of(this.team, "VIEWER"));
		org.springframework.http.HttpHeaders headers = new org.springframework.http.HttpHeaders();
		headers.setBearerAuth(token);
		List<String> frames = new java.util.concurrent.CopyOnWriteArrayList<>();
		reactor.core.Disposable connection = new ReactorNettyWebSocketClient()
			.execute(java.net.URI.create("ws://localhost:" + this.port + "/ws"), headers,
					(session) -> session.receive().doOnNext((m) -> frames.add(m.getPayloadAsText())).then())
			.subscribe();
		try {
			await().atMost(WAIT).untilAsserted(() -> {
				EventEnvelope probe = this.broker.publish("test.probe", this.team, Map.of());
				await().atMost(Duration.ofSeconds(2))
					.untilAsserted(() -> assertThat(String.join("", frames)).contains(probe.id().toString()));
			});
		}
		finally {
			connection.dispose();
		}
	}

	@Test
	void replayWithSinceSendsExactlyTheMissedEventsInOrderThenLiveOnes() {
		List<EventEnvelope> published = new ArrayList<>();
		try (LiveClient first = connected("user-4", Map.of(this.team, "EDITOR"))) {
			published.addAll(this.broker.publishInOrder(changes(0, 6)));
			await().atMost(WAIT).untilAsserted(() -> assertThat(first.ids()).containsAll(ids(published)));
		}
		// The client saw the first two, then was away for the other four.
		String since = published.get(1).id().toString();
		String token = EventTokens.token("user-4", Map.of(this.team, "EDITOR"));
		try (LiveClient back = LiveClient.connect(this.port, "access_token=" + token + "&since=" + since)) {
			await().atMost(WAIT).untilAsserted(() -> assertThat(back.ids()).hasSize(4));
			EventEnvelope live = this.broker.publish(MessageTypes.REPORT_READY, this.team, Map.of("reportId", "r-live"));
			List<String> expected = new ArrayList<>(ids(published.subList(2, 6)));
			expected.add(live.id().toString());
			await().atMost(WAIT).untilAsserted(() -> assertThat(back.ids()).containsExactlyElementsOf(expected));
		}
		// The polling page tells the same story.
		this.http.get()
			.uri("/api/events?since=" + since + "&limit=3")
			.header("Authorization", "Bearer " + token)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.items[*].id")
			.isEqualTo(ids(published.subList(2, 5)))
			.jsonPath("$.nextCursor")
			.isEqualTo(published.get(4).id().toString())
			.jsonPath("$.lastEventId")
			.isEqualTo(published.get(4).id().toString());
	}

	@Test
	void replayWhileEventsKeepArrivingHasNeitherGapsNorDuplicatesAndFollowsTheLogOrder() {
		EventEnvelope start = this.broker.publish(MessageTypes.ENTITY_CHANGED, this.team, Map.of("n", -1));
		String token = EventTokens.token("user-5", Map.of(this.team, "VIEWER"));
		await().atMost(WAIT).untilAsserted(() -> this.http.get()
			.uri("/api/events?since=" + start.id())
			.header("Authorization", "Bearer " + token)
			.exchange()
			.expectStatus()
			.isOk());
		List<EventEnvelope> published = new ArrayList<>(this.broker.publishInOrder(changes(0, 100)));
		// Connects while the hundred are still being stored and delivered.
		try (LiveClient client = LiveClient.connect(this.port, "access_token=" + token + "&since=" + start.id())) {
			published.addAll(this.broker.publishInOrder(changes(100, 150)));
			await().atMost(WAIT).untilAsserted(() -> assertThat(client.ids()).hasSizeGreaterThanOrEqualTo(150));
			assertThat(client.ids()).containsExactlyElementsOf(ids(published));
			this.http.get()
				.uri("/api/events?limit=1000&since=" + start.id())
				.header("Authorization", "Bearer " + token)
				.exchange()
				.expectBody()
				.jsonPath("$.items[*].id")
				.isEqualTo(ids(published));
		}
	}

	private List<EventEnvelope> changes(int from, int to) {
		List<EventEnvelope> events = new ArrayList<>();
		for (int i = from; i < to; i++) {
			events.add(EventEnvelope.of(MessageTypes.ENTITY_CHANGED, this.team, "test-correlation", Map.of("n", i)));
		}
		return events;
	}

	@Test
	void aRemovedMemberStopsReceivingTheTeamAtOnceEvenWithAnOldToken() {
		String token = EventTokens.token("leaver", Map.of(this.team, "EDITOR", this.otherTeam, "OWNER"));
		try (LiveClient leaver = LiveClient.connect(this.port, "access_token=" + token);
				LiveClient stayer = connected("stayer", Map.of(this.team, "OWNER"))) {
			awaitSubscribed(leaver, this.team);
			Map<String, Object> removed = new java.util.HashMap<>();
			removed.put("userId", "leaver");
			removed.put("role", null);
			EventEnvelope removal = this.broker.publish(MessageTypes.MEMBERSHIP_CHANGED, this.team, removed);
			EventEnvelope after = this.broker.publish(MessageTypes.REPORT_READY, this.team, Map.of("reportId", "after"));
			EventEnvelope marker = this.broker.publish(MessageTypes.REPORT_READY, this.otherTeam, Map.of("reportId", "m"));

			await().atMost(WAIT).untilAsserted(() -> assertThat(leaver.ids()).contains(marker.id().toString()));
			await().atMost(WAIT).untilAsserted(() -> assertThat(stayer.ids()).contains(after.id().toString()));
			assertThat(stayer.ids()).contains(removal.id().toString());
			assertThat(leaver.ids()).doesNotContain(removal.id().toString(), after.id().toString());

			// A new connection with the same (still valid) token does not get the team back.
			try (LiveClient again = LiveClient.connect(this.port, "access_token=" + token)) {
				EventEnvelope[] probe = new EventEnvelope[1];
				awaitSubscribed(again, this.otherTeam);
				EventEnvelope later = this.broker.publish(MessageTypes.REPORT_READY, this.team, Map.of("reportId", "later"));
				probe[0] = this.broker.publish(MessageTypes.REPORT_READY, this.otherTeam, Map.of("reportId", "m2"));
				await().atMost(WAIT).untilAsserted(() -> assertThat(again.ids()).contains(probe[0].id().toString()));
				assertThat(again.ids()).doesNotContain(later.id().toString());
			}
		}
		// A token issued after a re-join (tokens carry whole seconds, so in a later second than the
		// removal) names the team again and gets it.
		Instant removedAt = Instant.now();
		await().atMost(WAIT).until(() -> Instant.now().getEpochSecond() > removedAt.getEpochSecond());
		try (LiveClient rejoined = connected("leaver", Map.of(this.team, "VIEWER"))) {
			EventEnvelope back = this.broker.publish(MessageTypes.REPORT_READY, this.team, Map.of("reportId", "back"));
			await().atMost(WAIT).untilAsserted(() -> assertThat(rejoined.ids()).contains(back.id().toString()));
		}
	}

	@Test
	void theSseStreamDeliversTheSameEventsWithIdAndTypeAndReplaysFromLastEventId() {
		String token = EventTokens.token("user-6", Map.of(this.team, "VIEWER"));
		WebClient client = WebClient.create("http://localhost:" + this.port);
		List<ServerSentEvent<String>> received = new java.util.concurrent.CopyOnWriteArrayList<>();
		ParameterizedTypeReference<ServerSentEvent<String>> type = new ParameterizedTypeReference<>() {
		};
		reactor.core.Disposable stream = client.get()
			.uri("/api/events/stream?access_token=" + token)
			.accept(MediaType.TEXT_EVENT_STREAM)
			.retrieve()
			.bodyToFlux(type)
			.subscribe(received::add);
		EventEnvelope first;
		try {
			first = awaitSse(received, MessageTypes.SYNC_FINISHED);
			ServerSentEvent<String> event = received.stream()
				.filter((e) -> first.id().toString().equals(e.id()))
				.findFirst()
				.orElseThrow();
			assertThat(event.event()).isEqualTo(MessageTypes.SYNC_FINISHED);
			assertThat(this.json.readValue(event.data(), Map.class)).containsEntry("teamId", this.team)
				.containsEntry("data", Map.of("syncId", "sse"));
		}
		finally {
			stream.dispose();
		}
		EventEnvelope missed = this.broker.publish(MessageTypes.GRAPH_FAILED, this.team, Map.of("graphId", "g"));
		await().atMost(WAIT).untilAsserted(() -> this.http.get()
			.uri("/api/events?since=" + first.id())
			.header("Authorization", "Bearer " + token)
			.exchange()
			.expectBody()
			.jsonPath("$.items[0].id")
			.isEqualTo(missed.id().toString()));
		List<ServerSentEvent<String>> replayed = client.get()
			.uri("/api/events/stream")
			.header("Authorization", "Bearer " + token)
			.header("Last-Event-ID", first.id().toString())
			.accept(MediaType.TEXT_EVENT_STREAM)
			.retrieve()
			.bodyToFlux(type)
			.filter((e) -> e.id() != null)
			.take(1)
			.collectList()
			.block(WAIT);
		assertThat(replayed).extracting(ServerSentEvent::id).containsExactly(missed.id().toString());
	}

	@Test
	void aConnectionEndsWhenItsTokenExpiresSoThatTheClientReconnectsWithAFreshOne() {
		Instant now = Instant.now();
		String shortLived = EventTokens.token("user-8", Map.of(this.team, "VIEWER"), now.minusSeconds(60),
				now.plusSeconds(3));
		try (LiveClient client = LiveClient.connect(this.port, "access_token=" + shortLived)) {
			await().atMost(WAIT).until(() -> client.closeStatus != null);
			assertThat(client.closeStatus.getCode()).isEqualTo(4401);
		}
		Instant later = Instant.now();
		String alsoShortLived = EventTokens.token("user-8", Map.of(this.team, "VIEWER"), later.minusSeconds(60),
				later.plusSeconds(3));
		List<ServerSentEvent<String>> stream = WebClient.create("http://localhost:" + this.port)
			.get()
			.uri("/api/events/stream?access_token=" + alsoShortLived)
			.accept(MediaType.TEXT_EVENT_STREAM)
			.retrieve()
			.bodyToFlux(new ParameterizedTypeReference<ServerSentEvent<String>>() {
			})
			.collectList()
			.block(WAIT);
		assertThat(stream).extracting(ServerSentEvent::event).containsExactly("token-expired");
	}

	@Test
	void badInputIsA400ProblemWithTheFieldNamed() {
		String token = EventTokens.token("user-7", Map.of(this.team, "VIEWER"));
		String unknown = UUID.randomUUID().toString();
		for (String query : List.of("since=not-an-id", "since=" + unknown, "limit=0", "limit=x", "limit=100000")) {
			String field = query.substring(0, query.indexOf('='));
			this.http.get()
				.uri("/api/events?" + query)
				.header("Authorization", "Bearer " + token)
				.exchange()
				.expectStatus()
				.isBadRequest()
				.expectHeader()
				.contentType(MediaType.APPLICATION_PROBLEM_JSON)
				.expectBody()
				.jsonPath("$.errors[0].field")
				.isEqualTo(field);
		}
		this.http.get()
			.uri("/ws?access_token=" + token + "&since=" + unknown)
			.header("Upgrade", "websocket")
			.header("Connection", "Upgrade")
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("since");
		this.http.get()
			.uri("/api/events/stream?access_token=" + token + "&since=nope")
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("since");
	}

	@Test
	void aServiceTokenIsNotASubscriber() {
		String service = serviceToken();
		this.http.get()
			.uri("/api/events")
			.header("Authorization", "Bearer " + service)
			.exchange()
			.expectStatus()
			.isForbidden()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
	}

	private static String serviceToken() {
		try {
			com.nimbusds.jwt.JWTClaimsSet claims = new com.nimbusds.jwt.JWTClaimsSet.Builder().subject("service:reports-service")
				.issuer("maestro")
				.claim("service", "reports-service")
				.claim("scope", "teams:read")
				.issueTime(new java.util.Date())
				.expirationTime(java.util.Date.from(Instant.now().plusSeconds(600)))
				.build();
			com.nimbusds.jwt.SignedJWT jwt = new com.nimbusds.jwt.SignedJWT(
					new com.nimbusds.jose.JWSHeader(com.nimbusds.jose.JWSAlgorithm.RS256), claims);
			jwt.sign(new com.nimbusds.jose.crypto.RSASSASigner(EventTokens.KEYS.getPrivate()));
			return jwt.serialize();
		}
		catch (com.nimbusds.jose.JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private EventEnvelope awaitSse(List<ServerSentEvent<String>> received, String type) {
		EventEnvelope[] last = new EventEnvelope[1];
		await().atMost(WAIT).untilAsserted(() -> {
			last[0] = this.broker.publish(type, this.team, Map.of("syncId", "sse"));
			await().atMost(Duration.ofSeconds(2))
				.untilAsserted(() -> assertThat(received).extracting(ServerSentEvent::id).contains(last[0].id().toString()));
		});
		return last[0];
	}

	/** A connected client, once the server delivers to it (a probe of its first team came through). */
	private LiveClient connected(String userId, Map<String, String> teams) {
		LiveClient client = LiveClient.connect(this.port, "access_token=" + EventTokens.token(userId, teams));
		awaitSubscribed(client, teams.keySet().iterator().next());
		return client;
	}

	private void awaitSubscribed(LiveClient client, String teamId) {
		await().atMost(WAIT).untilAsserted(() -> {
			EventEnvelope probe = this.broker.publish("test.probe", teamId, Map.of());
			await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> assertThat(client.ids()).contains(probe.id().toString()));
		});
	}

	private static List<String> ids(List<EventEnvelope> events) {
		return events.stream().map((event) -> event.id().toString()).toList();
	}

}
