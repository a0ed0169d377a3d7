package dev.maestro.embedded;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.MessageProperties;
import com.rabbitmq.client.PossibleAuthenticationFailureException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class EmbeddedBrokerTest {

	@TempDir
	Path dir;

	@Test
	void aPersistentMessageInADurableQueueSurvivesARestart() throws Exception {
		Path workDir = this.dir.resolve("broker");
		try (EmbeddedBroker broker = EmbeddedBroker.persistent(workDir, 0);
				Connection connection = connect(broker);
				Channel channel = connection.createChannel()) {
			channel.exchangeDeclare("maestro.jobs", BuiltinExchangeType.TOPIC, true);
			channel.queueDeclare("analytics.graph.jobs", true, false, false, null);
			channel.queueBind("analytics.graph.jobs", "maestro.jobs", "analytics.graph.#");
			channel.confirmSelect();
			channel.basicPublish("maestro.jobs", "analytics.graph.requested", MessageProperties.PERSISTENT_TEXT_PLAIN,
					bytes("graph-42"));
			channel.waitForConfirmsOrDie(10_000);
		}

		try (EmbeddedBroker broker = EmbeddedBroker.persistent(workDir, 0);
				Connection connection = connect(broker);
				Channel channel = connection.createChannel()) {
			// Passive declares fail if the exchange or queue was not recovered.
			channel.exchangeDeclarePassive("maestro.jobs");
			GetResponse message = channel.basicGet("analytics.graph.jobs", false);
			assertThat(message).isNotNull();
			assertThat(text(message)).isEqualTo("graph-42");
			channel.basicAck(message.getEnvelope().getDeliveryTag(), false);

			// The binding survived too: a new message is routed to the recovered queue.
			channel.basicPublish("maestro.jobs", "analytics.graph.requested", null, bytes("graph-43"));
			await().atMost(5, TimeUnit.SECONDS)
				.until(() -> channel.messageCount("analytics.graph.jobs") == 1);
		}
	}

	@Test
	void anInMemoryBrokerForgetsItsQueuesOnRestart() throws Exception {
		try (EmbeddedBroker broker = EmbeddedBroker.inMemory(0);
				Connection connection = connect(broker);
				Channel channel = connection.createChannel()) {
			channel.queueDeclare("jobs", true, false, false, null);
		}
		try (EmbeddedBroker broker = EmbeddedBroker.inMemory(0); Connection connection = connect(broker)) {
			Channel channel = connection.createChannel();
			assertThatThrownBy(() -> channel.queueDeclarePassive("jobs")).isInstanceOf(IOException.class)
				.rootCause()
				.hasMessageContaining("404");
		}
	}

	@Test
	void publisherConfirmsAckRoutedMessages() throws Exception {
		try (EmbeddedBroker broker = EmbeddedBroker.inMemory(0);
				Connection connection = connect(broker);
				Channel channel = connection.createChannel()) {
			channel.queueDeclare("confirmed", true, false, false, null);
			channel.confirmSelect();
			for (int i = 0; i < 10; i++) {
				channel.basicPublish("", "confirmed", MessageProperties.PERSISTENT_TEXT_PLAIN, bytes("m" + i));
			}
			assertThat(channel.waitForConfirms(10_000)).isTrue();
			assertThat(channel.messageCount("confirmed")).isEqualTo(10);
		}
	}

	/**
	 * RabbitMQ answers an unroutable mandatory publish on a confirm channel with basic.return
	 * followed by basic.ack. Qpid returns it as well but then nacks it, so a publisher that treats
	 * a nack as "retry later" would retry a message that can never be routed.
	 */
	@Test
	void anUnroutableMandatoryMessageIsReturnedAndNackedUnderConfirms() throws Exception {
		try (EmbeddedBroker broker = EmbeddedBroker.inMemory(0);
				Connection connection = connect(broker);
				Channel channel = connection.createChannel()) {
			List<Integer> returnCodes = new CopyOnWriteArrayList<>();
			List<String> confirms = new CopyOnWriteArrayList<>();
			channel.addReturnListener((returned) -> returnCodes.add(returned.getReplyCode()));
			channel.addConfirmListener((tag, multiple) -> confirms.add("ack"), (tag, multiple) -> confirms.add("nack"));
			channel.exchangeDeclare("maestro.events", BuiltinExchangeType.TOPIC, true);
			channel.confirmSelect();

			channel.basicPublish("maestro.events", "nobody.listens", true, MessageProperties.PERSISTENT_TEXT_PLAIN,
					bytes("lost"));

			assertThat(channel.waitForConfirms(10_000)).isFalse();
			await().atMost(5, TimeUnit.SECONDS).until(() -> !returnCodes.isEmpty());
			assertThat(returnCodes).containsExactly(AMQP.NO_ROUTE);
			assertThat(confirms).containsExactly("nack");
			assertThat(connection.isOpen()).isTrue();
		}
	}

	@Test
	void anUnroutableMandatoryMessageWithoutConfirmsIsReturnedAndTheConnectionStaysOpen() throws Exception {
		try (EmbeddedBroker broker = EmbeddedBroker.inMemory(0);
				Connection connection = connect(broker);
				Channel channel = connection.createChannel()) {
			List<Integer> returnCodes = new CopyOnWriteArrayList<>();
			channel.addReturnListener((returned) -> returnCodes.add(returned.getReplyCode()));
			channel.exchangeDeclare("maestro.events", BuiltinExchangeType.TOPIC, true);

			channel.basicPublish("maestro.events", "nobody.listens", true, null, bytes("lost"));

			await().atMost(5, TimeUnit.SECONDS).until(() -> !returnCodes.isEmpty());
			assertThat(returnCodes).containsExactly(AMQP.NO_ROUTE);
			// A later request on the same channel still works.
			assertThat(channel.queueDeclare().getQueue()).isNotBlank();
			assertThat(connection.isOpen()).isTrue();
		}
	}

	/**
	 * Qpid does not implement RabbitMQ's dead-letter arguments: the embedded broker accepts the
	 * declaration (Qpid's default would close the connection) and ignores them. Worse, without a
	 * Qpid maximum delivery count, a reject or nack with {@code requeue=false} puts the message
	 * back on the queue instead of dropping or dead-lettering it. Portable code therefore
	 * dead-letters in the application: publish to the dead-letter queue, then ack.
	 */
	@Test
	void aMessageRejectedWithoutRequeueIsNeitherDeadLetteredNorDropped() throws Exception {
		try (EmbeddedBroker broker = EmbeddedBroker.inMemory(0);
				Connection connection = connect(broker);
				Channel channel = connection.createChannel()) {
			channel.exchangeDeclare("maestro.jobs.dlx", BuiltinExchangeType.TOPIC, true);
			channel.queueDeclare("maestro.jobs.dlq", true, false, false, null);
			channel.queueBind("maestro.jobs.dlq", "maestro.jobs.dlx", "#");
			channel.queueDeclare("reports.jobs", true, false, false,
					Map.of("x-dead-letter-exchange", "maestro.jobs.dlx", "x-message-ttl", 60_000));
			channel.basicPublish("", "reports.jobs", null, bytes("report-7"));
			channel.basicPublish("", "reports.jobs", null, bytes("report-8"));
			await().atMost(5, TimeUnit.SECONDS).until(() -> channel.messageCount("reports.jobs") == 2);

			GetResponse first = channel.basicGet("reports.jobs", false);
			channel.basicReject(first.getEnvelope().getDeliveryTag(), false);
			GetResponse second = channel.basicGet("reports.jobs", false);
			channel.basicNack(second.getEnvelope().getDeliveryTag(), false, false);

			await().atMost(5, TimeUnit.SECONDS).until(() -> channel.messageCount("reports.jobs") == 2);
			assertThat(channel.messageCount("maestro.jobs.dlq")).isZero();
			try (Channel other = connection.createChannel()) {
				GetResponse again = other.basicGet("reports.jobs", true);
				assertThat(again).isNotNull();
				assertThat(again.getEnvelope().isRedeliver()).isTrue();
			}
			assertThat(connection.isOpen()).isTrue();
		}
	}

	@Test
	void aPerMessageExpirationIsHonoured() throws Exception {
		try (EmbeddedBroker broker = EmbeddedBroker.inMemory(0);
				Connection connection = connect(broker);
				Channel channel = connection.createChannel()) {
			channel.queueDeclare("short-lived", false, false, false, null);
			AMQP.BasicProperties expiring = new AMQP.BasicProperties.Builder().expiration("100").build();
			channel.basicPublish("", "short-lived", expiring, bytes("stale"));
			channel.basicPublish("", "short-lived", null, bytes("fresh"));
			Thread.sleep(400);
			GetResponse first = channel.basicGet("short-lived", true);
			assertThat(first).isNotNull();
			assertThat(text(first)).isEqualTo("fresh");
		}
	}

	@Test
	void theDefaultVirtualHostIsReachableAsSlashAndByName() throws Exception {
		try (EmbeddedBroker broker = EmbeddedBroker.inMemory(0)) {
			for (String virtualHost : List.of("/", "default")) {
				ConnectionFactory factory = factory(broker);
				factory.setVirtualHost(virtualHost);
				try (Connection connection = factory.newConnection(); Channel channel = connection.createChannel()) {
					channel.queueDeclare("shared", false, false, false, null);
					channel.basicPublish("", "shared", null, bytes(virtualHost));
				}
			}
			try (Connection connection = connect(broker); Channel channel = connection.createChannel()) {
				assertThat(channel.messageCount("shared")).isEqualTo(2);
			}
		}
	}

	@Test
	void aWrongPasswordIsRefused() throws Exception {
		try (EmbeddedBroker broker = EmbeddedBroker.inMemory(0)) {
			ConnectionFactory factory = factory(broker);
			factory.setPassword("not-guest");
			assertThatThrownBy(factory::newConnection).isInstanceOf(PossibleAuthenticationFailureException.class);
		}
	}

	@Test
	void portZeroPicksAFreePortAndAFixedPortIsHonoured() throws Exception {
		int port;
		try (ServerSocket probe = new ServerSocket(0)) {
			port = probe.getLocalPort();
		}
		try (EmbeddedBroker broker = EmbeddedBroker.inMemory(port)) {
			assertThat(broker.port()).isEqualTo(port);
			assertThat(broker.uri()).isEqualTo("amqp://guest:guest@127.0.0.1:" + port);
			assertThatThrownBy(() -> EmbeddedBroker.inMemory(port)).isInstanceOf(IllegalStateException.class);
		}
		try (EmbeddedBroker broker = EmbeddedBroker.inMemory(0)) {
			assertThat(broker.port()).isPositive().isNotEqualTo(5672);
		}
	}

	@Test
	void aDirectoryInUseByAnotherBrokerIsRefused() {
		Path workDir = this.dir.resolve("broker");
		try (EmbeddedBroker broker = EmbeddedBroker.persistent(workDir, 0)) {
			assertThatThrownBy(() -> EmbeddedBroker.persistent(workDir, 0)).isInstanceOf(IllegalStateException.class);
		}
	}

	static Connection connect(EmbeddedBroker broker) throws IOException, TimeoutException {
		return factory(broker).newConnection();
	}

	static ConnectionFactory factory(EmbeddedBroker broker) {
		ConnectionFactory factory = new ConnectionFactory();
		try {
			factory.setUri(broker.uri());
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
		factory.setAutomaticRecoveryEnabled(false);
		return factory;
	}

	static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	static String text(GetResponse response) {
		return new String(response.getBody(), StandardCharsets.UTF_8);
	}

}
