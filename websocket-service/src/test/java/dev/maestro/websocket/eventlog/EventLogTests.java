package dev.maestro.websocket.eventlog;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import dev.maestro.request.messaging.EventEnvelope;
import dev.maestro.request.messaging.EventPublisher;
import dev.maestro.request.messaging.MaestroTopology;
import dev.maestro.request.messaging.MessageTypes;
import dev.maestro.test.MaestroInfrastructureInitializer;
import dev.maestro.websocket.WebSocketApplication;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.mongodb.core.ReactiveMongoOperations;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.test.context.ContextConfiguration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Events another service publishes reach the event log through the broker, once each, with
 * everything a replaying client needs.
 */
@SpringBootTest(classes = WebSocketApplication.class)
@ContextConfiguration(initializers = MaestroInfrastructureInitializer.class)
class EventLogTests {

	@Autowired
	EventPublisher publisher;

	@Autowired
	RabbitTemplate rabbit;

	@Autowired
	JsonMapper json;

	@Autowired
	EventLogRepository events;

	@Autowired
	ReactiveMongoOperations mongo;

	@Test
	void anEventPublishedThroughTheBrokerIsStoredInTheLog() {
		EventEnvelope event = EventEnvelope.of(MessageTypes.SYNC_FINISHED, "team-7", "req-7",
				Map.of("syncId", "sync-1", "counts", Map.of("created", 3)));

		this.publisher.publishEvent(event).block(Duration.ofSeconds(10));

		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			StoredEvent stored = this.events.findById(event.id().toString()).block();
			assertThat(stored).isNotNull();
			assertThat(stored.type()).isEqualTo(MessageTypes.SYNC_FINISHED);
			assertThat(stored.teamId()).isEqualTo("team-7");
			assertThat(stored.correlationId()).isEqualTo("req-7");
			assertThat(stored.data()).containsEntry("syncId", "sync-1");
			assertThat(stored.storedAt()).isNotNull();
		});
	}

	@Test
	void anEventDeliveredTwiceIsStoredOnce() {
		EventEnvelope event = EventEnvelope.of(MessageTypes.GRAPH_READY, "team-8", null, Map.of("graphId", "g-8"));
		byte[] body = this.json.writeValueAsString(event).getBytes(StandardCharsets.UTF_8);

		for (int i = 0; i < 2; i++) {
			this.rabbit.send(MaestroTopology.EVENTS, event.type(), MessageBuilder.withBody(body)
				.setContentType(MessageProperties.CONTENT_TYPE_JSON)
				.setMessageId(event.id().toString())
				.build());
		}
		EventEnvelope marker = EventEnvelope.of(MessageTypes.GRAPH_READY, "team-8", null, Map.of("graphId", "marker"));
		this.publisher.publishEvent(marker).block(Duration.ofSeconds(10));

		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(this.events.existsById(marker.id().toString()).block()).isTrue());
		Long copies = this.mongo.count(Query.query(Criteria.where("data.graphId").is("g-8")), StoredEvent.class).block();
		assertThat(copies).isEqualTo(1L);
	}

}
