package dev.maestro.embedded;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Readers and writers of the same documents on separate connections, as the services are: a
 * reply is encoded on the reader's connection after the collection's lock is released, so a
 * writer must never change a document the store has handed out.
 */
class ConcurrentReadWriteTest {

	private static final int FIELDS = 200;

	@Test
	void everyReadIsAnsweredWithAWholeDocumentWhileTheSameDocumentIsUpdated() throws Exception {
		try (EmbeddedMongo mongo = EmbeddedMongo.inMemory(0);
				MongoClient writer = client(mongo);
				MongoClient reader = client(mongo)) {
			Document original = new Document("_id", "srv-1").append("step", 0);
			for (int i = 0; i < FIELDS; i++) {
				original.append("field" + i, "value " + i);
			}
			servers(writer).insertOne(original);

			AtomicBoolean writing = new AtomicBoolean(true);
			// Each update adds or removes a field, so the stored document changes shape every time;
			// updateOne and findOneAndUpdate (findAndModify: the outbox's claims, ShedLock) take
			// turns, as both change documents.
			CompletableFuture<Integer> updates = CompletableFuture.supplyAsync(() -> {
				int step = 0;
				while (writing.get()) {
					step++;
					var change = (step % 2 == 0) ? Updates.combine(Updates.set("step", step), Updates.unset("extra"))
							: Updates.combine(Updates.set("step", step), Updates.set("extra", step));
					if (step % 4 < 2) {
						servers(writer).updateOne(Filters.eq("_id", "srv-1"), change);
					}
					else {
						servers(writer).findOneAndUpdate(Filters.eq("_id", "srv-1"), change);
					}
				}
				return step;
			});
			List<Integer> steps = new ArrayList<>();
			try {
				long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(4);
				while (System.nanoTime() < until) {
					Document read = servers(reader).find(Filters.eq("_id", "srv-1")).first();
					assertThat(read).isNotNull();
					// Every field of the original, whatever the step: no half-made document.
					for (int i = 0; i < FIELDS; i++) {
						assertThat(read.getString("field" + i)).isEqualTo("value " + i);
					}
					steps.add(read.getInteger("step"));
				}
			}
			finally {
				writing.set(false);
			}
			int written = updates.get(10, TimeUnit.SECONDS);
			assertThat(written).isPositive();
			assertThat(steps).isSorted().isNotEmpty();
		}
	}

	/** A client that gives up on a reply after 5 s, so that a lost reply fails the test instead of hanging it. */
	private static MongoClient client(EmbeddedMongo mongo) {
		return MongoClients.create(MongoClientSettings.builder()
			.applyConnectionString(new ConnectionString(mongo.uri()))
			.applyToSocketSettings((socket) -> socket.readTimeout(5, TimeUnit.SECONDS))
			.retryReads(false)
			.retryWrites(false)
			.build());
	}

	private static MongoCollection<Document> servers(MongoClient client) {
		return client.getDatabase("maestro_inventory").getCollection("servers");
	}

}
