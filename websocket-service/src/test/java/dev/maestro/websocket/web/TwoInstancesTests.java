package dev.maestro.websocket.web;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.maestro.request.messaging.EventEnvelope;
import dev.maestro.request.messaging.MessageTypes;
import dev.maestro.test.MaestroInfrastructureInitializer;
import dev.maestro.websocket.WebSocketApplication;
import dev.maestro.websocket.live.EventsProperties;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ContextConfiguration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Horizontal scale: two instances each bind their own queue, and both deliver every event to their clients. */
// Each instance consumes every event (its own queue, its own log appends): a cached context
// left running would compete with the next class's instance for the same store.
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@SpringBootTest(classes = WebSocketApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = MaestroInfrastructureInitializer.class)
@Import(EventTokens.class)
class TwoInstancesTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	@LocalServerPort
	int port;

	@Autowired
	RabbitTemplate rabbit;

	@Autowired
	JsonMapper json;

	@Autowired
	EventsProperties properties;

	@Test
	void twoInstancesBothDeliverEveryEvent() {
		try (ConfigurableApplicationContext second = new SpringApplicationBuilder(WebSocketApplication.class,
				EventTokens.class)
			.initializers(new MaestroInfrastructureInitializer())
			.properties("server.port=0")
			.run()) {
			int secondPort = ((WebServerApplicationContext) second).getWebServer().getPort();
			assertThat(second.getBean(EventsProperties.class).queueName()).isNotEqualTo(this.properties.queueName());
			Broker broker = new Broker(this.rabbit, this.json);
			String team = "team-" + UUID.randomUUID();
			String token = EventTokens.token("user", Map.of(team, "VIEWER"));
			try (LiveClient one = LiveClient.connect(this.port, "access_token=" + token);
					LiveClient two = LiveClient.connect(secondPort, "access_token=" + token)) {
				await().atMost(WAIT).untilAsserted(() -> {
					EventEnvelope event = broker.publish(MessageTypes.GRAPH_READY, team, Map.of("graphId", "g"));
					await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> {
						assertThat(one.ids()).contains(event.id().toString());
						assertThat(two.ids()).contains(event.id().toString());
					});
				});

				// Both instances store what they deliver; the shared queue's consumers (one per
				// instance, each getting half of it) must not put the log out of delivery order.
				List<EventEnvelope> burst = new ArrayList<>();
				for (int i = 0; i < 60; i++) {
					burst.add(EventEnvelope.of(MessageTypes.ENTITY_CHANGED, team, null, Map.of("n", i)));
				}
				broker.publishInOrder(burst);
				List<String> expected = burst.stream().map((event) -> event.id().toString()).toList();
				await().atMost(WAIT).untilAsserted(() -> assertThat(one.ids()).containsSubsequence(expected));
				await().atMost(WAIT).untilAsserted(() -> assertThat(two.ids()).containsSubsequence(expected));
				try (LiveClient replaying = LiveClient.connect(secondPort,
						"access_token=" + token + "&since=" + expected.get(0))) {
					await().atMost(WAIT).untilAsserted(
							() -> assertThat(replaying.ids()).containsExactlyElementsOf(expected.subList(1, expected.size())));
				}
			}
		}
	}

}
