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
	void documentsOfEveryKindComeBackTheSameAfterARestart() {
		Path file = this.dir.resolve("mongo/kinds.mv.db");
		Document original = new Document("_id", "srv-kinds").append("name", "web-01")
			.append("cpus", 4)
			.append("bytes", 17_179_869_184L)
			.append("load", 0.75)
			.append("price", new org.bson.types.Decimal128(new java.math.BigDecimal("12.50")))
			.append("active", true)
			.append("retired", null)
			.append("seen", new java.util.Date(1_764_000_000_123L))
			.append("oid", new org.bson.types.ObjectId("65a1f0c2e4b0a1b2c3d4e5f6"))
			.append("uuid", new org.bson.types.Binary(org.bson.BsonBinarySubType.UUID_STANDARD, new byte[16]))
			.append("tags", java.util.List.of("linux", "web", 3))
			.append("datacenter", new Document("provider", "aws").append("zones", java.util.List.of(
					new Document("name", "eu-west-1a").append("weight", 2), new Document("name", "eü-wëst-1b"))));
		try (EmbeddedMongo mongo = EmbeddedMongo.persistent(file, 0); MongoClient client = MongoClients.create(mongo.uri())) {
			servers(client).insertOne(original);
		}
		try (EmbeddedMongo mongo = EmbeddedMongo.persistent(file, 0); MongoClient client = MongoClients.create(mongo.uri())) {
			assertThat(servers(client).find(new Document("_id", "srv-kinds")).first()).isEqualTo(original);
		}
		// Written as BSON, not with Java serialization (H2's default).
		try (org.h2.mvstore.MVStore store = org.h2.mvstore.MVStore.open(file.toString())) {
			String map = store.getMapNames().stream().filter((name) -> name.endsWith("maestro_inventory.servers")
					&& name.startsWith("databases.")).findFirst().orElseThrow();
			org.h2.mvstore.MVMap<Object, byte[]> raw = store.openMap(map,
					new org.h2.mvstore.MVMap.Builder<Object, byte[]>().valueType(new FirstBytes()));
			assertThat(raw.get("srv-kinds")[0]).isEqualTo((byte) 0xB5);
		}
	}

	@Test
	void aFileWrittenWithJavaSerializedDocumentsIsStillReadAndUpdated() {
		Path file = this.dir.resolve("legacy.mv.db");
		// As the store wrote files before documents were kept as BSON: mongo-java-server's own H2 backend.
		de.bwaldvogel.mongo.MongoServer legacy = new de.bwaldvogel.mongo.MongoServer(
				new de.bwaldvogel.mongo.backend.h2.H2Backend(file.toAbsolutePath().toString()));
		try {
			java.net.InetSocketAddress address = legacy.bind();
			try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + address.getPort())) {
				servers(client).insertOne(new Document("_id", "srv-old").append("name", "db-01").append("cpus", 8)
					.append("datacenter", new Document("region", "eu-west-1")));
			}
		}
		finally {
			legacy.shutdown();
		}
		try (EmbeddedMongo mongo = EmbeddedMongo.persistent(file, 0); MongoClient client = MongoClients.create(mongo.uri())) {
			Document old = servers(client).find(new Document("_id", "srv-old")).first();
			assertThat(old).isNotNull();
			assertThat(old.get("datacenter", Document.class).getString("region")).isEqualTo("eu-west-1");
			servers(client).updateOne(new Document("_id", "srv-old"), new Document("$set", new Document("cpus", 16)));
			servers(client).insertOne(new Document("_id", "srv-new").append("name", "db-02"));
		}
		try (EmbeddedMongo mongo = EmbeddedMongo.persistent(file, 0); MongoClient client = MongoClients.create(mongo.uri())) {
			assertThat(servers(client).find(new Document("_id", "srv-old")).first().getInteger("cpus")).isEqualTo(16);
			assertThat(servers(client).find(new Document("datacenter.region", "eu-west-1")).first().getString("name"))
				.isEqualTo("db-01");
			assertThat(servers(client).countDocuments()).isEqualTo(2);
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

	/** A value type that reads each stored value as its format byte. */
	private static final class FirstBytes extends org.h2.mvstore.type.BasicDataType<byte[]> {

		@Override
		public int getMemory(byte[] bytes) {
			return bytes.length;
		}

		@Override
		public void write(org.h2.mvstore.WriteBuffer buffer, byte[] bytes) {
			throw new UnsupportedOperationException("read only");
		}

		@Override
		public byte[] read(java.nio.ByteBuffer buffer) {
			byte format = buffer.get();
			// Only BSON can be skipped here: a length (little-endian, itself included) leads it.
			assertThat(format).isEqualTo((byte) 0xB5);
			int length = Integer.reverseBytes(buffer.getInt(buffer.position()));
			buffer.position(buffer.position() + length);
			return new byte[] { format };
		}

		@Override
		public byte[][] createStorage(int size) {
			return new byte[size][];
		}

	}

	private static MongoCollection<Document> servers(MongoClient client) {
		return client.getDatabase("maestro_inventory").getCollection("servers");
	}

}
