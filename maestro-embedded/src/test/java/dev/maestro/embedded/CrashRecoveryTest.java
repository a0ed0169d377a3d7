package dev.maestro.embedded;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.MessageProperties;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A launcher killed with SIGKILL leaves lock files and unflushed state behind; the next start on
 * the same data must still work.
 */
class CrashRecoveryTest {

	@TempDir
	Path dir;

	private Process child;

	@AfterEach
	void killChild() {
		if (this.child != null) {
			this.child.destroyForcibly();
		}
	}

	@Test
	void mongoStartsOnAFileLeftLockedByAKilledProcess() throws Exception {
		Path file = this.dir.resolve("mongo/maestro.mv.db");
		try (EmbeddedMongo mongo = EmbeddedMongo.persistent(file, 0); MongoClient client = MongoClients.create(mongo.uri())) {
			teams(client).insertOne(new Document("_id", "team-1"));
		}

		String uri = fork("mongo", file);
		try (MongoClient client = MongoClients.create(uri)) {
			assertThat(teams(client).countDocuments()).isEqualTo(1);
		}
		assertThatThrownBy(() -> EmbeddedMongo.persistent(file, 0)).hasMessageContaining("locked");
		killChild(this.child);

		try (EmbeddedMongo mongo = EmbeddedMongo.persistent(file, 0); MongoClient client = MongoClients.create(mongo.uri())) {
			assertThat(teams(client).find(new Document("_id", "team-1")).first()).isNotNull();
			teams(client).insertOne(new Document("_id", "team-2"));
			assertThat(teams(client).countDocuments()).isEqualTo(2);
		}
	}

	@Test
	void brokerStartsOnADirectoryLeftLockedByAKilledProcessAndKeepsConfirmedMessages() throws Exception {
		Path workDir = this.dir.resolve("broker");
		String uri = fork("broker", workDir);
		try (Connection connection = connect(uri); Channel channel = connection.createChannel()) {
			channel.queueDeclare("discovery.sync.jobs", true, false, false, null);
			channel.confirmSelect();
			channel.basicPublish("", "discovery.sync.jobs", MessageProperties.PERSISTENT_TEXT_PLAIN,
					"sync-1".getBytes(StandardCharsets.UTF_8));
			channel.waitForConfirmsOrDie(10_000);
		}
		assertThatThrownBy(() -> EmbeddedBroker.persistent(workDir, 0)).isInstanceOf(IllegalStateException.class);
		killChild(this.child);

		try (EmbeddedBroker broker = EmbeddedBroker.persistent(workDir, 0);
				Connection connection = connect(broker.uri());
				Channel channel = connection.createChannel()) {
			GetResponse message = channel.basicGet("discovery.sync.jobs", true);
			assertThat(message).isNotNull();
			assertThat(new String(message.getBody(), StandardCharsets.UTF_8)).isEqualTo("sync-1");
		}
	}

	private String fork(String kind, Path path) throws IOException, InterruptedException {
		Path output = this.dir.resolve(kind + "-child.log");
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		this.child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
				ForkedInfrastructure.class.getName(), kind, path.toString())
			.redirectErrorStream(true)
			.redirectOutput(output.toFile())
			.start();
		Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
		while (Instant.now().isBefore(deadline)) {
			Optional<String> ready = readyLine(output);
			if (ready.isPresent()) {
				return ready.get().substring(ForkedInfrastructure.READY.length()).trim();
			}
			assertThat(this.child.isAlive()).as("forked %s died:%n%s", kind, Files.readString(output)).isTrue();
			Thread.sleep(100);
		}
		throw new AssertionError("Forked " + kind + " did not start:\n" + Files.readString(output));
	}

	private static Optional<String> readyLine(Path output) throws IOException {
		if (!Files.exists(output)) {
			return Optional.empty();
		}
		try (var lines = Files.lines(output, StandardCharsets.UTF_8)) {
			return lines.filter((line) -> line.startsWith(ForkedInfrastructure.READY)).findFirst();
		}
	}

	private static void killChild(Process process) throws InterruptedException {
		// destroyForcibly() is SIGKILL on Unix: no shutdown hook, no flush, locks left in place.
		process.destroyForcibly();
		assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
	}

	private static Connection connect(String uri) throws Exception {
		ConnectionFactory factory = new ConnectionFactory();
		factory.setUri(uri);
		factory.setAutomaticRecoveryEnabled(false);
		return factory.newConnection();
	}

	private static MongoCollection<Document> teams(MongoClient client) {
		return client.getDatabase("maestro_inventory").getCollection("teams");
	}

}
