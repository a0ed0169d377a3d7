package dev.maestro.request.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import dev.maestro.test.MaestroInfrastructureInitializer;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.test.context.ContextConfiguration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Jobs through a real broker: a job is done once even when delivered twice, a transient failure
 * is retried, a permanent one fails at once, and a job that keeps failing ends FAILED with its
 * reason and parked in the DLQ — never lost, never circling.
 */
@SpringBootTest(classes = JobListenersTests.TestApplication.class,
		properties = { "maestro.messaging.outbox.poll-interval=200ms", "spring.mongodb.database=maestro_lib_jobs_test",
				"maestro.messaging.consumer.initial-backoff=50ms", "maestro.messaging.consumer.max-backoff=100ms" })
@ContextConfiguration(initializers = MaestroInfrastructureInitializer.class)
class JobListenersTests {

	/** A job type of this test run only, so that no other test's worker takes these jobs. */
	static final String TYPE = "test.job." + UUID.randomUUID();

	@Autowired
	RabbitTemplate rabbit;

	@Autowired
	RabbitAdmin admin;

	@Autowired
	JsonMapper json;

	@Autowired
	ReactiveMongoTemplate mongo;

	@Autowired
	RecordingHandler handler;

	@Autowired
	JobListeners listeners;

	private void send(EventEnvelope job) {
		MessageProperties properties = new MessageProperties();
		properties.setMessageId(job.id().toString());
		properties.setContentType(MessageProperties.CONTENT_TYPE_JSON);
		this.rabbit.send(MaestroTopology.JOBS, TYPE,
				new Message(this.json.writeValueAsString(job).getBytes(StandardCharsets.UTF_8), properties));
	}

	private static EventEnvelope job(String behaviour) {
		return EventEnvelope.of(TYPE, "team-1", "req-1", Map.of("behaviour", behaviour));
	}

	@Test
	void aJobDeliveredTwiceIsDoneOnce() {
		EventEnvelope job = job("ok");
		send(job);
		send(job);
		await().atMost(Duration.ofSeconds(15)).until(() -> this.handler.done.contains(job.id()));
		// Give the second copy time to arrive and be recognised.
		await().pollDelay(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
			.until(() -> this.handler.attempts(job) >= 1);
		assertThat(this.handler.done.stream().filter(job.id()::equals)).hasSize(1);
		assertThat(this.handler.failed).doesNotContainKey(job.id());
	}

	@Test
	void aTransientFailureIsRetriedUntilTheJobSucceeds() {
		EventEnvelope job = job("flaky");
		send(job);
		await().atMost(Duration.ofSeconds(15)).until(() -> this.handler.done.contains(job.id()));
		assertThat(this.handler.attempts(job)).isEqualTo(2);
		assertThat(this.handler.failed).doesNotContainKey(job.id());
	}

	@Test
	void aJobThatFailsEveryAttemptEndsFailedWithItsReasonAndIsParked() {
		EventEnvelope job = job("broken");
		send(job);
		await().atMost(Duration.ofSeconds(15)).until(() -> this.handler.failed.containsKey(job.id()));
		assertThat(this.handler.failed.get(job.id())).isEqualTo("the inventory refused the scope");
		assertThat(this.handler.attempts(job)).isEqualTo(3);
		assertThat(this.handler.done).doesNotContain(job.id());
		await().atMost(Duration.ofSeconds(15)).until(() -> this.mongo
			.exists(Query.query(Criteria.where("_id").is(job.id() + ":dead")), OutboxMessage.COLLECTION).block());
	}

	@Test
	void aPermanentFailureIsNotRetried() {
		EventEnvelope job = job("permanent");
		send(job);
		await().atMost(Duration.ofSeconds(15)).until(() -> this.handler.failed.containsKey(job.id()));
		assertThat(this.handler.failed.get(job.id())).isEqualTo("graph 42 does not exist");
		assertThat(this.handler.attempts(job)).isEqualTo(1);
	}

	@Test
	void aJobWhoseWorkerKeepsDyingIsFailedAfterTheDeliveryLimit() {
		EventEnvelope job = job("ok");
		// Five earlier deliveries ended with the worker gone (no outcome recorded): the sixth gives up.
		for (int i = 0; i < 5; i++) {
			this.mongo.upsert(Query.query(Criteria.where("_id").is("job:" + TYPE + ":" + job.id())),
					new org.springframework.data.mongodb.core.query.Update().inc("count", 1), JobListeners.DELIVERIES)
				.block();
		}
		send(job);
		await().atMost(Duration.ofSeconds(15)).until(() -> this.handler.failed.containsKey(job.id()));
		assertThat(this.handler.failed.get(job.id())).startsWith("abandoned after 5 deliveries");
		assertThat(this.handler.attempts(job)).isZero();
	}

	static final class RecordingHandler implements JobHandler {

		final Map<UUID, AtomicInteger> attempts = new ConcurrentHashMap<>();

		final List<UUID> done = new CopyOnWriteArrayList<>();

		final Map<UUID, String> failed = new ConcurrentHashMap<>();

		int attempts(EventEnvelope job) {
			AtomicInteger count = this.attempts.get(job.id());
			return (count != null) ? count.get() : 0;
		}

		@Override
		public String jobType() {
			return TYPE;
		}

		@Override
		public Mono<Void> handle(EventEnvelope job) {
			int attempt = this.attempts.computeIfAbsent(job.id(), (id) -> new AtomicInteger()).incrementAndGet();
			return switch (String.valueOf(job.data().get("behaviour"))) {
				case "flaky" -> (attempt < 2) ? Mono.error(new IllegalStateException("inventory timed out"))
						: Mono.fromRunnable(() -> this.done.add(job.id()));
				case "broken" -> Mono.error(new IllegalStateException("the inventory refused the scope"));
				case "permanent" -> Mono.error(new JobFailure("graph 42 does not exist"));
				default -> Mono.fromRunnable(() -> this.done.add(job.id()));
			};
		}

		@Override
		public Mono<Void> failed(EventEnvelope job, String reason) {
			return Mono.fromRunnable(() -> this.failed.put(job.id(), reason));
		}

	}

	@SpringBootApplication
	static class TestApplication {

		@Bean
		RecordingHandler recordingHandler() {
			return new RecordingHandler();
		}

		/** The test job type's own queue (the shared topology declares only Maestro's job types). */
		@Bean
		org.springframework.amqp.core.Declarables testJobQueue() {
			Queue queue = new Queue(MaestroTopology.jobQueue(TYPE), false, false, true);
			return new org.springframework.amqp.core.Declarables(queue,
					BindingBuilder.bind(queue).to(new TopicExchange(MaestroTopology.JOBS, true, false)).with(TYPE));
		}

	}

}
