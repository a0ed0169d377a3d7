package dev.maestro.embedded;

import java.net.ServerSocket;
import java.nio.file.Path;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EmbeddedMongoTest {

	@TempDir
	Path dir;

	@Test
	void dataSurvivesARestartOnTheSameFile() {
		Path file = this.dir.resolve("mongo/maestro.mv.db");
		try (EmbeddedMongo mongo = EmbeddedMongo.persistent(file, 0); MongoClient client = MongoClients.create(mongo.uri())) {
			servers(client).insertOne(new Document("_id", "srv-1").append("name", "web-01").append("cpus", 4));
		}
		assertThat(file).isRegularFile();

		try (EmbeddedMongo mongo = EmbeddedMongo.persistent(file, 0); MongoClient client = MongoClients.create(mongo.uri())) {
			Document found = servers(client).find(new Document("_id", "srv-1")).first();
			assertThat(found).isNotNull();
			assertThat(found.getString("name")).isEqualTo("web-01");
			assertThat(found.getInteger("cpus")).isEqualTo(4);
		}
	}

	@Test
	void inMemoryDataIsGoneAfterARestart() {
		try (EmbeddedMongo mongo = EmbeddedMongo.inMemory(0); MongoClient client = MongoClients.create(mongo.uri())) {
			servers(client).insertOne(new Document("_id", "srv-1"));
			assertThat(servers(client).countDocuments()).isEqualTo(1);
		}
		try (EmbeddedMongo mongo = EmbeddedMongo.inMemory(0); MongoClient client = MongoClients.create(mongo.uri())) {
			assertThat(servers(client).countDocuments()).isZero();
		}
	}

	@Test
	void portZeroPicksAFreePortAndTheUriPointsAtIt() {
		try (EmbeddedMongo mongo = EmbeddedMongo.inMemory(0); MongoClient client = MongoClients.create(mongo.uri())) {
			assertThat(mongo.port()).isPositive();
			assertThat(mongo.uri()).isEqualTo("mongodb://127.0.0.1:" + mongo.port());
			Document ping = client.getDatabase("admin").runCommand(new Document("ping", 1));
			assertThat(ping.get("ok", Number.class).doubleValue()).isEqualTo(1.0);
		}
	}

	@Test
	void reportsItselfAsMongo50() {
		try (EmbeddedMongo mongo = EmbeddedMongo.inMemory(0); MongoClient client = MongoClients.create(mongo.uri())) {
			Document buildInfo = client.getDatabase("admin").runCommand(new Document("buildInfo", 1));
			assertThat(buildInfo.getString("version")).startsWith("5.0");
		}
	}

	@Test
	void answersHelloOnAnApplicationDatabaseAsSpringBootsHealthCheckDoes() {
		try (EmbeddedMongo mongo = EmbeddedMongo.inMemory(0); MongoClient client = MongoClients.create(mongo.uri())) {
			Document hello = client.getDatabase("maestro_inventory").runCommand(new Document("hello", 1));
			assertThat(hello.get("ok", Number.class).doubleValue()).isEqualTo(1.0);
			assertThat(hello.getBoolean("isWritablePrimary")).isTrue();
			assertThat(hello.get("maxWireVersion", Number.class).intValue()).isPositive();
		}
		Path file = this.dir.resolve("hello.mv.db");
		try (EmbeddedMongo mongo = EmbeddedMongo.persistent(file, 0); MongoClient client = MongoClients.create(mongo.uri())) {
			Document hello = client.getDatabase("maestro_reports").runCommand(new Document("hello", 1));
			assertThat(hello.getBoolean("isWritablePrimary")).isTrue();
		}
	}

	@Test
	void aFixedPortIsHonouredAndATakenPortIsReported() throws Exception {
		int port;
		try (ServerSocket probe = new ServerSocket(0)) {
			port = probe.getLocalPort();
		}
		try (EmbeddedMongo mongo = EmbeddedMongo.inMemory(port)) {
			assertThat(mongo.port()).isEqualTo(port);
			assertThatThrownBy(() -> EmbeddedMongo.inMemory(port)).isInstanceOf(IllegalStateException.class)
				.hasMessageContaining(Integer.toString(port));
		}
	}

	@Test
	void aTakenPortDoesNotLeaveTheDataFileLocked() throws Exception {
		Path file = this.dir.resolve("maestro.mv.db");
		try (EmbeddedMongo first = EmbeddedMongo.inMemory(0)) {
			assertThatThrownBy(() -> EmbeddedMongo.persistent(file, first.port())).isInstanceOf(IllegalStateException.class);
		}
		try (EmbeddedMongo mongo = EmbeddedMongo.persistent(file, 0)) {
			assertThat(mongo.port()).isPositive();
		}
	}

	@Test
	void aFileInUseByAnotherServerIsRefused() {
		Path file = this.dir.resolve("maestro.mv.db");
		try (EmbeddedMongo mongo = EmbeddedMongo.persistent(file, 0)) {
			assertThatThrownBy(() -> EmbeddedMongo.persistent(file, 0)).hasMessageContaining("locked");
		}
	}

	@Test
	void closingTwiceIsHarmless() {
		EmbeddedMongo mongo = EmbeddedMongo.inMemory(0);
		mongo.close();
		mongo.close();
	}

	@Test
	void anInvalidPortIsRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> EmbeddedMongo.inMemory(70000));
		assertThatIllegalArgumentException().isThrownBy(() -> EmbeddedMongo.inMemory(-1));
	}

	private static MongoCollection<Document> servers(MongoClient client) {
		return client.getDatabase("maestro_inventory").getCollection("servers");
	}

}
