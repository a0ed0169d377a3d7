package dev.maestro.analytics.worker.job;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.maestro.analytics.worker.AnalyticsWorkerApplication;
import dev.maestro.analytics.worker.FakeInventory;
import dev.maestro.analytics.worker.SampleExports;
import dev.maestro.request.messaging.EventEnvelope;
import dev.maestro.request.messaging.EventPublisher;
import dev.maestro.request.messaging.JobHandler;
import dev.maestro.request.messaging.MaestroTopology;
import dev.maestro.request.messaging.MessageTypes;
import dev.maestro.test.MaestroInfrastructureInitializer;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.Queue;
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
 * A graph job travels through the real broker to this worker, which reads graph-export from
 * (fake) inventory over HTTP, stores the renderings, marks the graph and announces the outcome.
 */
@SpringBootTest(classes = AnalyticsWorkerApplication.class)
@ContextConfiguration(initializers = MaestroInfrastructureInitializer.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GraphJobTests {

	@Autowired
	EventPublisher publisher;

	@Autowired
	ReactiveMongoOperations mongo;

	@Autowired
	RabbitTemplate rabbit;

	@Autowired
	AmqpAdmin admin;

	@Autowired
	JsonMapper json;

	@Autowired
	List<JobHandler> handlers;

	private final String queue = "maestro.test." + UUID.randomUUID();

	@BeforeAll
	void listen() {
		this.admin.declareQueue(new Queue(this.queue, false, true, false));
		MaestroTopology.bindEvents(new Queue(this.queue, false, true, false), MessageTypes.GRAPH_READY,
				MessageTypes.GRAPH_FAILED)
			.forEach(this.admin::declareBinding);
	}

	@AfterAll
	void stopListening() {
		this.admin.deleteQueue(this.queue);
	}

	@Test
	void aJobFromTheBrokerEndsReadyWithRenderingsAndAnnouncesIt() {
		String team = "team-" + UUID.randomUUID();
		FakeInventory.exports(team, SampleExports.shop());
		String graphId = newGraph(team, Map.of("systemIds", List.of("shop"), "dependents", true));

		this.publisher.submitJob(EventEnvelope.of(MessageTypes.GRAPH_REQUESTED, team, "req-1", Map.of("graphId", graphId)))
			.block(Duration.ofSeconds(10));

		await().atMost(Duration.ofSeconds(60)).until(() -> "READY".equals(graph(graphId).getString("status")));
		Document graph = graph(graphId);
		Map<?, ?> stats = (Map<?, ?>) graph.get("stats");
		assertThat(stats.get("nodes")).isEqualTo(10);
		assertThat(stats.get("edges")).isEqualTo(11);
		assertThat(graph.get("readyAt")).isNotNull();
		// The shop system, what it uses (billing and its broker), and the CDN in front of it.
		assertThat(FakeInventory.lastQuery(team)).isEqualTo("dependents=true&systemIds=shop");
		List<Document> renderings = this.mongo
			.find(Query.query(Criteria.where("graphId").is(graphId)), Document.class, GraphDocuments.RENDERINGS)
			.collectList()
			.block();
		assertThat(renderings).extracting((d) -> d.getString("format"))
			.containsExactlyInAnyOrder("svg", "png", "png2x", "html");
		EventEnvelope event = awaitEvent(graphId);
		assertThat(event.type()).isEqualTo(MessageTypes.GRAPH_READY);
		assertThat(event.teamId()).isEqualTo(team);
		assertThat(event.correlationId()).isEqualTo("req-1");
		assertThat(((Map<?, ?>) event.data().get("stats")).get("nodes")).isEqualTo(10);
	}

	@Test
	void aFailingInventoryEndsFailedWithTheReasonAndAnnouncesIt() {
		String team = "team-" + UUID.randomUUID();
		FakeInventory.fails(team, 503);
		String graphId = newGraph(team, Map.of("applicationIds", List.of("orders")));

		this.publisher.submitJob(EventEnvelope.of(MessageTypes.GRAPH_REQUESTED, team, "req-2", Map.of("graphId", graphId)))
			.block(Duration.ofSeconds(10));

		await().atMost(Duration.ofSeconds(90)).until(() -> "FAILED".equals(graph(graphId).getString("status")));
		assertThat(graph(graphId).getString("error")).isNotBlank();
		EventEnvelope event = awaitEvent(graphId);
		assertThat(event.type()).isEqualTo(MessageTypes.GRAPH_FAILED);
		assertThat(event.data().get("error")).isEqualTo(graph(graphId).getString("error"));
		assertThat(this.mongo.count(Query.query(Criteria.where("graphId").is(graphId)), GraphDocuments.RENDERINGS).block())
			.isZero();
	}

	@Test
	void aScopeInventoryRefusesFailsAtOnceWithInventorysReason() {
		String team = "team-" + UUID.randomUUID();
		FakeInventory.fails(team, 400);
		String graphId = newGraph(team, Map.of("applicationIds", List.of("gone")));
		EventEnvelope job = EventEnvelope.of(MessageTypes.GRAPH_REQUESTED, team, null, Map.of("graphId", graphId));

		java.util.concurrent.atomic.AtomicReference<Throwable> error = new java.util.concurrent.atomic.AtomicReference<>();
		handler().handle(job).doOnError(error::set).onErrorComplete().block(Duration.ofSeconds(30));

		assertThat(error.get()).isInstanceOf(JobHandler.JobFailure.class).hasMessageContaining("400");
	}

	@Test
	void runningAJobTwiceOverwritesItsResultsAndAnnouncesOnce() {
		String team = "team-" + UUID.randomUUID();
		FakeInventory.exports(team, SampleExports.shop());
		String graphId = newGraph(team, Map.of("applicationIds", List.of("orders")));
		EventEnvelope job = EventEnvelope.of(MessageTypes.GRAPH_REQUESTED, team, null, Map.of("graphId", graphId));

		handler().handle(job).block(Duration.ofSeconds(60));
		handler().handle(job).block(Duration.ofSeconds(60));

		assertThat(this.mongo.count(Query.query(Criteria.where("graphId").is(graphId)), GraphDocuments.RENDERINGS).block())
			.isEqualTo(4);
		// orders, billing (cycle), db, mq — nothing that depends on orders, as dependents were not asked.
		assertThat(FakeInventory.lastQuery(team)).isEqualTo("dependents=false&applicationIds=orders");
		assertThat(((Map<?, ?>) graph(graphId).get("stats")).get("nodes")).isEqualTo(4);
		assertThat(graph(graphId).getInteger("attempts")).isEqualTo(2);
		assertThat(this.mongo.count(Query.query(Criteria.where("routingKey").is(MessageTypes.GRAPH_READY)
			.and("payload").regex(graphId)), "outbox").block()).isEqualTo(1);
	}

	@Test
	void aJobForADeletedGraphDoesNothing() {
		EventEnvelope job = EventEnvelope.of(MessageTypes.GRAPH_REQUESTED, "team-x", null, Map.of("graphId", "no-such"));
		handler().handle(job).block(Duration.ofSeconds(10));
		assertThat(this.mongo.count(Query.query(Criteria.where("graphId").is("no-such")), GraphDocuments.RENDERINGS).block())
			.isZero();
	}

	private JobHandler handler() {
		return this.handlers.stream().filter((h) -> h.jobType().equals(MessageTypes.GRAPH_REQUESTED)).findFirst().orElseThrow();
	}

	private String newGraph(String team, Map<String, Object> scope) {
		String id = UUID.randomUUID().toString();
		Document graph = new Document("_id", id).append("teamId", team)
			.append("name", "Test map")
			.append("status", "PENDING")
			.append("scope", new Document(scope))
			.append("createdAt", Instant.now());
		this.mongo.insert(graph, GraphDocuments.GRAPHS).block(Duration.ofSeconds(10));
		return id;
	}

	private Document graph(String id) {
		return this.mongo.findById(id, Document.class, GraphDocuments.GRAPHS).block(Duration.ofSeconds(10));
	}

	private EventEnvelope awaitEvent(String graphId) {
		long deadline = System.currentTimeMillis() + 30_000;
		while (System.currentTimeMillis() < deadline) {
			Message message = this.rabbit.receive(this.queue, 1000);
			if (message != null) {
				EventEnvelope event = this.json.readValue(new String(message.getBody(), StandardCharsets.UTF_8),
						EventEnvelope.class);
				if (graphId.equals(event.data().get("graphId"))) {
					return event;
				}
			}
		}
		throw new AssertionError("no event about graph " + graphId);
	}

}
