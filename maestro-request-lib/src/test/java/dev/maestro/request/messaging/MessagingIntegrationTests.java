package dev.maestro.request.messaging;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import com.mongodb.reactivestreams.client.MongoClient;
import dev.maestro.embedded.EmbeddedBroker;
import dev.maestro.test.MaestroInfrastructureInitializer;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.test.context.ContextConfiguration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Messages through a real broker: what one service publishes, another receives; jobs land in
 * their durable queue; failed jobs are parked with their reason; and nothing is lost while the
 * broker is away.
 */
@SpringBootTest(classes = MessagingIntegrationTests.TestApplication.class,
		properties = { "maestro.messaging.outbox.poll-interval=200ms", "spring.mongodb.database=maestro_lib_test" })
@ContextConfiguration(initializers = MaestroInfrastructureInitializer.class)
class MessagingIntegrationTests {

	@Autowired
	EventPublisher publisher;

	@Autowired
	ProcessedEvents processedEvents;

	@Autowired
	RabbitTemplate rabbit;

	@Autowired
	RabbitAdmin admin;

	@Autowired
	JsonMapper json;

	@Autowired
	MongoClient mongoClient;

	// Not AnonymousQueue: its x-queue-leader-locator argument is refused by RabbitMQ before 3.10.
	private static Queue temporaryQueue() {
		return new Queue("maestro.test." + UUID.randomUUID(), false, true, false);
	}

	/**
	 * The message with the given id from the queue. Other services' tests may publish on the same
	 * broker at the same time, so messages with other ids are skipped.
	 */
	private EventEnvelope receive(String queue, UUID id) {
		long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
		while (System.nanoTime() < deadline) {
			Message message = this.rabbit.receive(queue, 1_000);
			if (message != null) {
				EventEnvelope envelope = this.json.readValue(new String(message.getBody(), StandardCharsets.UTF_8),
						EventEnvelope.class);
				if (envelope.id().equals(id)) {
					return envelope;
				}
			}
		}
		throw new AssertionError("no message " + id + " in " + queue);
	}

	private boolean anotherCopyArrives(String queue, UUID id) {
		long deadline = System.nanoTime() + Duration.ofSeconds(1).toNanos();
		while (System.nanoTime() < deadline) {
			Message message = this.rabbit.receive(queue, 200);
			if (message != null && new String(message.getBody(), StandardCharsets.UTF_8).contains(id.toString())) {
				return true;
			}
		}
		return false;
	}

	@Test
	void anEventPublishedByOneServiceReachesAnotherServicesQueueThroughTheBroker() {
		Queue listenerQueue = temporaryQueue();
		this.admin.declareQueue(listenerQueue);
		MaestroTopology.bindEvents(listenerQueue, MessageTypes.ENTITY_CHANGED).forEach(this.admin::declareBinding);
		EventEnvelope event = EventEnvelope.of(MessageTypes.ENTITY_CHANGED, "team-1", "req-1",
				Map.of("entity", "server", "id", "s-1"));

		this.publisher.publishEvent(event).block(Duration.ofSeconds(10));

		EventEnvelope received = receive(listenerQueue.getName(), event.id());
		assertThat(received).isEqualTo(event);
	}

	@Test
	void aSubmittedJobWaitsInItsDurableQueueForAWorker() {
		String queue = MaestroTopology.jobQueue(MessageTypes.GRAPH_REQUESTED);
		this.admin.purgeQueue(queue);
		EventEnvelope job = EventEnvelope.of(MessageTypes.GRAPH_REQUESTED, "team-1", "req-2", Map.of("graphId", "g-1"));

		this.publisher.submitJob(job).block(Duration.ofSeconds(10));

		assertThat(receive(queue, job.id())).isEqualTo(job);
	}

	@Test
	void aJobThatFailedEveryAttemptIsParkedWithItsReason() {
		this.admin.purgeQueue(MaestroTopology.JOBS_DLQ);
		EventEnvelope job = EventEnvelope.of(MessageTypes.REPORT_REQUESTED, "team-1", "req-3", Map.of("reportId", "r-1"));

		this.publisher.deadLetter(job, "inventory-service unavailable").block(Duration.ofSeconds(10));

		Message message = this.rabbit.receive(MaestroTopology.JOBS_DLQ, 15_000);
		assertThat(message).isNotNull();
		assertThat((String) message.getMessageProperties().getHeader(MaestroTopology.FAILURE_REASON_HEADER))
			.isEqualTo("inventory-service unavailable");
		assertThat(message.getMessageProperties().getReceivedRoutingKey()).isEqualTo(MessageTypes.REPORT_REQUESTED);
	}

	@Test
	void publishingTheSameMessageTwiceSendsItOnce() {
		Queue listenerQueue = temporaryQueue();
		this.admin.declareQueue(listenerQueue);
		MaestroTopology.bindEvents(listenerQueue, MessageTypes.GRAPH_READY).forEach(this.admin::declareBinding);
		EventEnvelope event = EventEnvelope.of(MessageTypes.GRAPH_READY, "team-1", null, Map.of("graphId", "g-2"));

		this.publisher.publishEvent(event).then(this.publisher.publishEvent(event)).block(Duration.ofSeconds(10));

		assertThat(receive(listenerQueue.getName(), event.id())).isEqualTo(event);
		assertThat(anotherCopyArrives(listenerQueue.getName(), event.id())).isFalse();
	}

	@Test
	void aConsumerDoesTheWorkOfAMessageOnlyOnceEvenWhenItIsRedelivered() {
		EventEnvelope event = EventEnvelope.of(MessageTypes.SYNC_FINISHED, "team-1", null, Map.of("syncId", "x"));
		AtomicInteger work = new AtomicInteger();
		Mono<Integer> doWork = Mono.fromSupplier(work::incrementAndGet);

		Boolean first = this.processedEvents.once("test-consumer", event, doWork).block();
		Boolean second = this.processedEvents.once("test-consumer", event, doWork).block();
		Boolean otherConsumer = this.processedEvents.once("other-consumer", event, doWork).block();

		assertThat(first).isTrue();
		assertThat(second).isFalse();
		assertThat(otherConsumer).isTrue();
		assertThat(work).hasValue(2);
	}

	@Test
	void aConsumerThatFailsMidWorkGetsToDoItAgain() {
		EventEnvelope event = EventEnvelope.of(MessageTypes.SYNC_FAILED, "team-1", null, Map.of("syncId", "y"));
		AtomicInteger attempts = new AtomicInteger();
		Mono<Integer> failingOnce = Mono.fromSupplier(attempts::incrementAndGet)
			.flatMap((n) -> (n == 1) ? Mono.error(new IllegalStateException("crash")) : Mono.just(n));

		Mono<Boolean> first = this.processedEvents.once("flaky-consumer", event, failingOnce);
		assertThat(first.onErrorReturn(false).block()).isFalse();
		assertThat(this.processedEvents.once("flaky-consumer", event, failingOnce).block()).isTrue();
		assertThat(attempts).hasValue(2);
	}

	@Test
	void messagesWaitInTheOutboxWhileTheBrokerIsDownAndArriveWhenItIsBack() throws IOException {
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		// An outbox of its own, so that this service's real relay does not pick these messages up.
		ReactiveMongoTemplate mongo = new ReactiveMongoTemplate(this.mongoClient, "outbox_" + UUID.randomUUID().toString().replace("-", ""));
		CachingConnectionFactory connections = new CachingConnectionFactory("127.0.0.1", port);
		connections.setUsername("guest");
		connections.setPassword("guest");
		connections.setPublisherConfirmType(CachingConnectionFactory.ConfirmType.SIMPLE);
		RabbitTemplate template = new RabbitTemplate(connections);
		MessagingProperties.Outbox settings = new MessagingProperties.Outbox(Duration.ofMillis(100), 50,
				Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofMillis(100), Duration.ofMillis(500),
				Duration.ofDays(1));
		OutboxRelay relay = new OutboxRelay(mongo, template, settings);
		OutboxEventPublisher publisher = new OutboxEventPublisher(mongo, this.json, relay);
		EventEnvelope event = EventEnvelope.of(MessageTypes.REPORT_READY, "team-1", null, Map.of("reportId", "r-9"));
		relay.start();
		try {
			// The broker is not there: publishing still succeeds, the message waits.
			publisher.publishEvent(event).block(Duration.ofSeconds(10));
			await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(mongo
				.findOne(Query.query(Criteria.where("_id").is(event.id().toString())), OutboxMessage.class)
				.block()).satisfies((waiting) -> {
					assertThat(waiting.publishedAt()).isNull();
					assertThat(waiting.attempts()).isGreaterThanOrEqualTo(1);
				}));

			// Hold the relay while the fresh broker gets its exchanges and the listener's queue:
			// an event published into an exchange with no queue bound yet would be dropped.
			relay.stop();
			try (EmbeddedBroker broker = EmbeddedBroker.inMemory(port)) {
				RabbitAdmin brokerAdmin = new RabbitAdmin(connections);
				MaestroTopology.declarables().getDeclarables().forEach((declarable) -> {
					if (declarable instanceof org.springframework.amqp.core.Exchange exchange) {
						brokerAdmin.declareExchange(exchange);
					}
				});
				Queue listenerQueue = new Queue("outbox-test", false, false, false);
				brokerAdmin.declareQueue(listenerQueue);
				MaestroTopology.bindEvents(listenerQueue, MessageTypes.REPORT_READY).forEach(brokerAdmin::declareBinding);
				relay.start();

				Message delivered = template.receive("outbox-test", 20_000);

				assertThat(delivered).as("the message published while the broker was down").isNotNull();
				assertThat(delivered.getMessageProperties().getMessageId()).isEqualTo(event.id().toString());
				await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(mongo
					.findOne(Query.query(Criteria.where("_id").is(event.id().toString())), OutboxMessage.class)
					.block()
					.publishedAt()).isNotNull());
			}
		}
		finally {
			relay.stop();
			connections.destroy();
		}
	}

	@SpringBootApplication
	static class TestApplication {

	}

}
