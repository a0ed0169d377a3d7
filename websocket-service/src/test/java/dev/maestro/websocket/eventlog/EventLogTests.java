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
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.amqp.core.MessageBuilder;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.mongodb.ReactiveMongoDatabaseFactory;
import org.springframework.data.mongodb.core.ReactiveMongoOperations;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.convert.MongoConverter;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.test.context.ContextConfiguration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Events another service publishes reach the event log through the broker, once each, with
 * everything a replaying client needs.
 */
// Each instance consumes every event (its own queue, its own log appends): a cached context
// left running would compete with the next class's instance for the same store.
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
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

	@Autowired
	EventLog log;

	@Test
	void appendsCompleteInTheirOrderAndTheLogKeepsThatOrderWithDuplicatesStoredOnce() {
		String team = "team-" + java.util.UUID.randomUUID();
		java.util.List<EventEnvelope> events = new java.util.ArrayList<>();
		java.util.List<reactor.core.publisher.Mono<Void>> appends = new java.util.ArrayList<>();
		java.util.List<String> offered = new java.util.ArrayList<>();
		java.util.List<String> completed = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
		for (int i = 0; i < 300; i++) {
			EventEnvelope event = EventEnvelope.of(MessageTypes.ENTITY_CHANGED, team, null, Map.of("n", i));
			events.add(event);
			// Each event twice, as the shared queue and this instance's queue both deliver it.
			for (int copy = 0; copy < 2; copy++) {
				offered.add(event.id().toString());
				appends.add(this.log.append(event).doOnSuccess((done) -> completed.add(event.id().toString())));
			}
		}

		reactor.core.publisher.Flux.merge(appends).blockLast(Duration.ofSeconds(30));

		assertThat(completed).containsExactlyElementsOf(offered);
		java.util.List<String> stored = this.log.page(null, java.util.List.of(team), 1000)
			.block(Duration.ofSeconds(10))
			.stream()
			.map((event) -> event.id().toString())
			.toList();
		assertThat(stored).containsExactlyElementsOf(events.stream().map((event) -> event.id().toString()).toList());
	}

	@Autowired
	ReactiveMongoDatabaseFactory databases;

	@Autowired
	MongoConverter converter;

	@Test
	void eventsStoredAfterAnotherReplicaStoredPartOfTheirBatchFollowItInTheLog() {
		String team = "team-" + java.util.UUID.randomUUID();
		java.util.List<EventEnvelope> events = java.util.stream.IntStream.range(0, 4)
			.mapToObj((i) -> EventEnvelope.of(MessageTypes.ENTITY_CHANGED, team, null, Map.of("n", i)))
			.toList();
		java.util.concurrent.atomic.AtomicInteger writes = new java.util.concurrent.atomic.AtomicInteger();
		ReactiveMongoTemplate racing = new ReactiveMongoTemplate(this.databases, this.converter) {
			@Override
			public <T> Flux<T> insertAll(java.util.Collection<? extends T> batch) {
				if (writes.incrementAndGet() == 1) {
					// The first event's write is slow, so that the other three are written together.
					return Mono.delay(Duration.ofMillis(300)).thenMany(super.insertAll(batch));
				}
				// Between this log's check and its insert, another replica stores the first of them,
				// under a position it takes a little later than this log took its own.
				StoredEvent first = (StoredEvent) batch.iterator().next();
				return Mono.delay(Duration.ofMillis(5))
					.then(Mono.defer(() -> super.insert(
							first.at(java.time.temporal.ChronoUnit.MICROS.between(java.time.Instant.EPOCH,
									java.time.Instant.now())))))
					.thenMany(super.insertAll(batch));
			}
		};
		EventLog log = new EventLog(racing);

		Flux.merge(events.stream().map(log::append).toList()).blockLast(Duration.ofSeconds(10));

		assertThat(writes).hasValue(2);
		assertThat(log.page(null, java.util.List.of(team), 10).block(Duration.ofSeconds(10)))
			.extracting(EventEnvelope::id)
			.containsExactlyElementsOf(events.stream().map(EventEnvelope::id).toList());
	}

	@Test
	void anEventThatOnlyTheSharedQueueGetsIsStoredAllTheSame() {
		// As when no instance was running to store it on its live path.
		EventEnvelope event = EventEnvelope.of(MessageTypes.SYNC_FAILED, "team-9", null, Map.of("syncId", "only-shared"));
		byte[] body = this.json.writeValueAsString(event).getBytes(StandardCharsets.UTF_8);
		this.rabbit.send("", EventLogListener.QUEUE, MessageBuilder.withBody(body)
			.setContentType(MessageProperties.CONTENT_TYPE_JSON)
			.setMessageId(event.id().toString())
			.build());

		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(this.events.existsById(event.id().toString()).block()).isTrue());
	}

	@Test
	void anEventDeliveredTwiceIsStoredOnce() {
		// The shared queue is durable: a graph id of its own keeps other runs' leftovers out of the count.
		String graphId = "g-" + java.util.UUID.randomUUID();
		EventEnvelope event = EventEnvelope.of(MessageTypes.GRAPH_READY, "team-8", null, Map.of("graphId", graphId));
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
		Long copies = this.mongo.count(Query.query(Criteria.where("data.graphId").is(graphId)), StoredEvent.class).block();
		assertThat(copies).isEqualTo(1L);
	}

}
