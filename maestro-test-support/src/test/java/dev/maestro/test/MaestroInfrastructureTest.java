package dev.maestro.test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import dev.maestro.test.MaestroInfrastructure.MongoKind;
import dev.maestro.test.MaestroInfrastructure.RabbitKind;

import static org.assertj.core.api.Assertions.assertThat;

class MaestroInfrastructureTest {

	@Test
	void theRabbitUriAcceptsAnAmqpConnectionThatRoutesMessages() throws Exception {
		ConnectionFactory factory = new ConnectionFactory();
		factory.setUri(MaestroInfrastructure.rabbitUri());
		factory.setAutomaticRecoveryEnabled(false);
		try (Connection connection = factory.newConnection(); Channel channel = connection.createChannel()) {
			String queue = channel.queueDeclare().getQueue();
			channel.basicPublish("", queue, null, "hello".getBytes(StandardCharsets.UTF_8));
			GetResponse response = null;
			for (int attempt = 0; attempt < 50 && response == null; attempt++) {
				response = channel.basicGet(queue, true);
				if (response == null) {
					Thread.sleep(100);
				}
			}
			assertThat(response).isNotNull();
			assertThat(new String(response.getBody(), StandardCharsets.UTF_8)).isEqualTo("hello");
		}
	}

	@Test
	void theRabbitKindNamesTheBrokerThatAnswers() throws Exception {
		ConnectionFactory factory = new ConnectionFactory();
		factory.setUri(MaestroInfrastructure.rabbitUri());
		factory.setAutomaticRecoveryEnabled(false);
		try (Connection connection = factory.newConnection()) {
			String product = String.valueOf(connection.getServerProperties().get("product"));
			if (MaestroInfrastructure.rabbitKind().equals("embedded-qpid")) {
				assertThat(product).containsIgnoringCase("qpid");
			}
			else if (System.getenv(MaestroInfrastructure.RABBITMQ_URI_VARIABLE) == null) {
				assertThat(MaestroInfrastructure.rabbitKind()).isIn("rabbitmq", "testcontainers");
				assertThat(product).isEqualTo("RabbitMQ");
			}
		}
	}

	@Test
	void theMongoUriAnswersAPingAndStoresDocuments() {
		assertThat(MaestroInfrastructure.mongoUri()).startsWith("mongodb://");
		try (MongoClient client = MongoClients.create(MaestroInfrastructure.mongoUri())) {
			Mono<Document> ping = Mono.from(client.getDatabase("admin").runCommand(new Document("ping", 1)));
			StepVerifier.create(ping)
				.assertNext((reply) -> assertThat(reply.get("ok", Number.class).intValue()).isEqualTo(1))
				.verifyComplete();

			var collection = client.getDatabase("maestro_test_support").getCollection("probes");
			Mono<Long> roundTrip = Mono.from(collection.insertOne(new Document("kind", "probe")))
				.then(Mono.from(collection.countDocuments(new Document("kind", "probe"))));
			StepVerifier.create(roundTrip)
				.assertNext((count) -> assertThat(count).isPositive())
				.expectComplete()
				.verify(Duration.ofSeconds(30));
		}
	}

	@Test
	void registerPointsSpringAtBothServersLazily() {
		Map<String, Supplier<Object>> properties = new HashMap<>();
		MaestroInfrastructure.register(properties::put);

		assertThat(properties).containsOnlyKeys("spring.mongodb.uri", "spring.rabbitmq.addresses");
		assertThat(properties.get("spring.mongodb.uri").get()).isEqualTo(MaestroInfrastructure.mongoUri());
		assertThat(properties.get("spring.rabbitmq.addresses").get()).isEqualTo(MaestroInfrastructure.rabbitUri());
	}

	@Test
	void aConfiguredBrokerWinsWithoutProbingAnything() {
		AtomicInteger probes = new AtomicInteger();
		RabbitKind kind = MaestroInfrastructure.chooseRabbit("amqp://u:p@rabbit.example:5672",
				() -> probes.incrementAndGet() > 0, () -> probes.incrementAndGet() > 0);
		assertThat(kind).isEqualTo(RabbitKind.CONFIGURED);
		assertThat(kind.label()).isEqualTo("rabbitmq");
		assertThat(probes).hasValue(0);
	}

	@Test
	void aLocalRabbitWinsOverDockerWhichWinsOverTheEmbeddedBroker() {
		AtomicInteger dockerProbes = new AtomicInteger();
		assertThat(MaestroInfrastructure.chooseRabbit(null, () -> true, () -> dockerProbes.incrementAndGet() > 0))
			.isEqualTo(RabbitKind.LOCAL);
		assertThat(dockerProbes).as("Docker is not asked when a local broker answers").hasValue(0);
		assertThat(MaestroInfrastructure.chooseRabbit(" ", () -> false, () -> true)).isEqualTo(RabbitKind.TESTCONTAINERS);
		assertThat(MaestroInfrastructure.chooseRabbit("", () -> false, () -> false)).isEqualTo(RabbitKind.EMBEDDED);
		assertThat(RabbitKind.TESTCONTAINERS.label()).isEqualTo("testcontainers");
		assertThat(RabbitKind.EMBEDDED.label()).isEqualTo("embedded-qpid");
	}

	@Test
	void mongoPrefersTheConfiguredUriThenDockerThenTheEmbeddedServer() {
		assertThat(MaestroInfrastructure.chooseMongo("mongodb://db:27017", () -> true)).isEqualTo(MongoKind.CONFIGURED);
		assertThat(MaestroInfrastructure.chooseMongo(null, () -> true)).isEqualTo(MongoKind.TESTCONTAINERS);
		assertThat(MaestroInfrastructure.chooseMongo(null, () -> false)).isEqualTo(MongoKind.EMBEDDED);
	}

	@Test
	void theLocalProbeRejectsAPortWithNoBrokerAndWrongCredentials() {
		assertThat(LocalRabbitProbe.answers("amqp://guest:guest@127.0.0.1:1")).isFalse();
		if (MaestroInfrastructure.rabbitKind().equals("rabbitmq")
				&& MaestroInfrastructure.rabbitUri().equals(LocalRabbitProbe.LOCAL_URI)) {
			assertThat(LocalRabbitProbe.answers(LocalRabbitProbe.LOCAL_URI)).isTrue();
			assertThat(LocalRabbitProbe.answers("amqp://guest:wrong@127.0.0.1:5672")).isFalse();
		}
	}

	@Test
	void credentialsAreHiddenInLogs() {
		assertThat(MaestroInfrastructure.redact("amqp://guest:secret@127.0.0.1:5672"))
			.isEqualTo("amqp://***@127.0.0.1:5672");
		assertThat(MaestroInfrastructure.redact("mongodb://127.0.0.1:27017")).isEqualTo("mongodb://127.0.0.1:27017");
	}

}
