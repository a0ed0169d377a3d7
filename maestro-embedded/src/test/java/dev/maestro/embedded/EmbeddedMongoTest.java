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
	void queriesThatNameAUniqueIndexAndMoreAreAnsweredExactlyAsByAScan() {
		Path file = this.dir.resolve("mongo/narrow.mv.db");
		try (EmbeddedMongo mongo = EmbeddedMongo.persistent(file, 0); MongoClient client = MongoClients.create(mongo.uri())) {
			MongoCollection<Document> records = servers(client);
			records.createIndex(new Document("_discovery.key", 1),
					new com.mongodb.client.model.IndexOptions().unique(true).sparse(true));
			for (int i = 0; i < 50; i++) {
				Document record = new Document("_id", "s" + i).append("teamId", (i % 2 == 0) ? "t1" : "t2")
					.append("version", 1);
				if (i < 10) {
					record.append("_discovery", new Document("key", "t1/i-" + i).append("connectionId", "c" + (i % 3)));
				}
				records.insertOne(record);
			}

			// _id and more: the id index narrows, the rest of the query still decides.
			assertThat(records.find(new Document("_id", "s4").append("teamId", "t1")).first()).isNotNull();
			assertThat(records.find(new Document("_id", "s4").append("teamId", "t2")).first()).isNull();
			assertThat(records.find(new Document("_id", new Document("$in", java.util.List.of("s1", "s2", "s3")))
				.append("teamId", "t1")).map((d) -> d.getString("_id")).into(new java.util.ArrayList<>()))
				.containsExactly("s2");
			assertThat(records.find(new Document("_id", "s4").append("teamId", new Document("$ne", "t1"))).first())
				.isNull();
			assertThat(records.find(new Document("_id", "nope").append("teamId", "t1")).first()).isNull();
			// A compare-and-set on a version: matches once, then no more.
			assertThat(records.updateOne(new Document("_id", "s6").append("version", 1),
					new Document("$set", new Document("version", 2))).getModifiedCount()).isEqualTo(1);
			assertThat(records.updateOne(new Document("_id", "s6").append("version", 1),
					new Document("$set", new Document("version", 3))).getModifiedCount()).isZero();
			// A unique dotted key and more.
			assertThat(records.find(new Document("_discovery.key", new Document("$in", java.util.List.of("t1/i-3", "t1/i-4")))
				.append("_discovery.connectionId", "c0")).map((d) -> d.getString("_id")).into(new java.util.ArrayList<>()))
				.containsExactly("s3");
			// Ranges are not narrowed and still work.
			assertThat(records.countDocuments(new Document("_id", new Document("$gt", "s8")).append("teamId", "t1")))
				.isEqualTo(records.find(new Document("teamId", "t1")).into(new java.util.ArrayList<>()).stream()
					.filter((d) -> d.getString("_id").compareTo("s8") > 0).count());
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
