package dev.maestro.embedded;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded store answers from its in-memory indexes exactly what a scan answers: the same
 * random records go into a collection with the indexes Maestro's services declare and into one
 * without any, and every query — equalities, {@code $in}, {@code null}, ranges, search, the
 * cursor conditions of keyset paging, sorts both ways with limits — must give the same documents in
 * the same order, before and after updates and deletes, and after a restart on the same file.
 */
class IndexedQueriesTest {

	private static final List<String> ENVIRONMENTS = List.of("Production", "Stage", "Development");

	@TempDir
	Path dir;

	private final Random random = new Random(42);

	@Test
	void indexedAnswersAreTheScansAnswers() {
		Path file = this.dir.resolve("mongo/indexed.mv.db");
		try (EmbeddedMongo mongo = EmbeddedMongo.persistent(file, 0); MongoClient client = MongoClients.create(mongo.uri())) {
			MongoCollection<Document> indexed = client.getDatabase("test").getCollection("indexed");
			MongoCollection<Document> plain = client.getDatabase("test").getCollection("plain");
			indexed.createIndex(new Document("teamId", 1).append("_meta.deletedAt", 1).append("_id", 1));
			for (String field : List.of("hostname", "environment", "cpu", "os.base", "tags", "createdAt", "_grams")) {
				indexed.createIndex(new Document("teamId", 1).append(field, 1));
			}
			for (int i = 0; i < 600; i++) {
				Document record = record(i);
				indexed.insertOne(record);
				plain.insertOne(new Document(record));
			}
			compareAll(indexed, plain);

			for (int i = 0; i < 120; i++) {
				String id = "r" + this.random.nextInt(600);
				Bson change = switch (i % 4) {
					case 0 -> Updates.set("hostname", "renamed-" + this.random.nextInt(50));
					case 1 -> Updates.set("_meta.deletedAt", new Date(1_700_000_000_000L + i));
					case 2 -> Updates.unset("environment");
					default -> Updates.set("cpu", this.random.nextInt(4) * 2L);
				};
				indexed.updateOne(Filters.eq("_id", id), change);
				plain.updateOne(Filters.eq("_id", id), change);
			}
			indexed.deleteMany(Filters.in("_id", "r1", "r2", "r3", "r500"));
			plain.deleteMany(Filters.in("_id", "r1", "r2", "r3", "r500"));
			compareAll(indexed, plain);
		}
		try (EmbeddedMongo mongo = EmbeddedMongo.persistent(file, 0); MongoClient client = MongoClients.create(mongo.uri())) {
			compareAll(client.getDatabase("test").getCollection("indexed"),
					client.getDatabase("test").getCollection("plain"));
		}
	}

	/**
	 * Inventory's duplicate-hostname check, {@code {teamId, hostname, _id: {$ne}, deletedAt: null}},
	 * fixes two leading fields of both the team's base index {@code (teamId, deletedAt, _id)} and
	 * {@code (teamId, hostname)}: it must be narrowed by the one that holds a few documents under
	 * them, not by the first declared, which holds the whole team (creates took 30 s at 100,000
	 * servers when it fell back to a scan).
	 */
	@Test
	void equallyLongPrefixesNarrowByTheIndexThatHoldsFewest() {
		try (EmbeddedMongo mongo = EmbeddedMongo.inMemory(0); MongoClient client = MongoClients.create(mongo.uri())) {
			MongoCollection<Document> servers = client.getDatabase("test").getCollection("servers");
			servers.createIndex(new Document("teamId", 1).append("_meta.deletedAt", 1).append("_id", 1));
			servers.createIndex(new Document("teamId", 1).append("hostname", 1));
			List<Document> records = new ArrayList<>();
			for (int i = 0; i < 2_000; i++) {
				records.add(new Document("_id", "s" + i).append("teamId", "t0")
					.append("_meta", new Document("version", 1).append("deletedAt", null))
					.append("hostname", "host-" + (i % 500)));
			}
			servers.insertMany(records);
			long narrowed = IndexedH2Collection.PLANS.get(IndexedH2Collection.Plan.NARROWED).sum();
			long scans = IndexedH2Collection.PLANS.get(IndexedH2Collection.Plan.OWN).sum();

			List<String> duplicates = ids(servers, Filters.and(Filters.eq("teamId", "t0"), Filters.eq("hostname", "host-7"),
					Filters.ne("_id", "s7"), Filters.eq("_meta.deletedAt", null)), null, 0, 0);

			assertThat(duplicates).containsExactly("s1007", "s1507", "s507");
			assertThat(IndexedH2Collection.PLANS.get(IndexedH2Collection.Plan.NARROWED).sum() - narrowed).isEqualTo(1);
			assertThat(IndexedH2Collection.PLANS.get(IndexedH2Collection.Plan.OWN).sum() - scans).isZero();
		}
	}

	@Test
	void aLookupOfManyKeysInAUniqueIndexFindsExactlyThoseRecords() {
		try (EmbeddedMongo mongo = EmbeddedMongo.inMemory(0); MongoClient client = MongoClients.create(mongo.uri())) {
			MongoCollection<Document> indexed = client.getDatabase("test").getCollection("discovered");
			MongoCollection<Document> plain = client.getDatabase("test").getCollection("plain");
			indexed.createIndex(new Document("_discovery.key", 1),
					new com.mongodb.client.model.IndexOptions().unique(true).sparse(true));
			for (int i = 0; i < 1_500; i++) {
				Document record = new Document("_id", "d" + i).append("teamId", "t" + (i % 2));
				if (i % 10 != 0) {
					// Keys as strings, and some that only look alike (a number, other case).
					Object key = switch (i % 7) {
						case 0 -> (double) i;
						case 1 -> ("T/I-" + i);
						default -> "t/i-" + i;
					};
					record.append("_discovery", new Document("key", key).append("checksum", "c" + (i % 3)));
				}
				indexed.insertOne(record);
				plain.insertOne(new Document(record));
			}
			List<Object> keys = new ArrayList<>();
			for (int i = 0; i < 1_000; i++) {
				keys.add("t/i-" + this.random.nextInt(1_600));
			}
			keys.add("T/I-8");
			keys.add("t/i-45");
			long lookups = IndexedH2Collection.PLANS.get(IndexedH2Collection.Plan.LOOKUP).sum();

			for (Bson query : List.of(Filters.in("_discovery.key", keys), Filters.eq("_discovery.key", "t/i-45"),
					new Document("_discovery.key", new Document("$in", keys)).append("teamId", "t1"),
					Filters.in("_discovery.key", List.of("t/i-43", 43.0, "t/i-44")),
					new Document("_discovery.key", new Document("$in", keys).append("$ne", "t/i-45")))) {
				// Without a sort, in no particular order (as on MongoDB).
				assertThat(ids(indexed, query, null, 0, 0)).as(query.toString())
					.containsExactlyInAnyOrderElementsOf(ids(plain, query, null, 0, 0))
					.isNotEmpty();
				assertThat(ids(indexed, query, new Document("_id", -1), 3, 5)).as(query.toString())
					.containsExactlyElementsOf(ids(plain, query, new Document("_id", -1), 3, 5));
			}
			// The first two (twice each) are the lookup alone; the others are still matched.
			assertThat(IndexedH2Collection.PLANS.get(IndexedH2Collection.Plan.LOOKUP).sum() - lookups).isEqualTo(4);
		}
	}

	private Document record(int i) {
		Document record = new Document("_id", "r" + i).append("teamId", "t" + (i % 3));
		Document meta = new Document("version", 1);
		if (i % 7 == 0) {
			meta.append("deletedAt", new Date(1_600_000_000_000L + i));
		}
		else if (i % 11 == 0) {
			meta.append("deletedAt", null);
		}
		record.append("_meta", meta);
		if (i % 13 != 0) {
			// Duplicates and missing values, so that ties and nulls are walked over.
			record.append("hostname", "host-" + this.random.nextInt(200));
		}
		if (i % 5 != 0) {
			record.append("environment", ENVIRONMENTS.get(this.random.nextInt(3)));
		}
		// The same number as int, long and double.
		switch (i % 3) {
			case 0 -> record.append("cpu", this.random.nextInt(8));
			case 1 -> record.append("cpu", (long) this.random.nextInt(8));
			default -> record.append("cpu", (double) this.random.nextInt(8));
		}
		record.append("os", new Document("base", (i % 2 == 0) ? "Linux" : "Windows"));
		if (i % 4 == 0) {
			record.append("tags", List.of("tag" + this.random.nextInt(5), "tag" + this.random.nextInt(5)));
		}
		record.append("createdAt", new Date(1_650_000_000_000L + this.random.nextInt(1_000_000)));
		String search = ("host-" + i + " " + record.get("environment")).toLowerCase();
		record.append("_search", search).append("_grams", grams(search));
		return record;
	}

	private void compareAll(MongoCollection<Document> indexed, MongoCollection<Document> plain) {
		List<Bson> filters = new ArrayList<>();
		for (String team : List.of("t0", "t1", "t9")) {
			Bson live = Filters.and(Filters.eq("teamId", team), Filters.eq("_meta.deletedAt", null));
			filters.add(live);
			filters.add(Filters.and(Filters.eq("teamId", team), Filters.ne("_meta.deletedAt", null)));
			filters.add(Filters.and(live, Filters.in("environment", "Production", 1L, 1)));
			filters.add(Filters.and(live, Filters.in("cpu", "4", 4L, 4, 4.0)));
			filters.add(Filters.and(live, Filters.eq("os.base", "Linux")));
			filters.add(Filters.and(live, Filters.eq("tags", "tag3")));
			filters.add(Filters.and(live, Filters.eq("hostname", null)));
			filters.add(Filters.and(live, Filters.regex("_search", Pattern.compile(Pattern.quote("prod")))));
			filters.add(Filters.and(live, search("t-12")));
			filters.add(Filters.and(live, search("3 production")));
			filters.add(Filters.and(live, search("no such host")));
			filters.add(Filters.and(live, Filters.or(Filters.gt("hostname", "host-150"),
					Filters.and(Filters.eq("hostname", "host-150"), Filters.gt("_id", "r3")))));
			filters.add(Filters.and(live, Filters.or(Filters.lt("cpu", 3), Filters.eq("cpu", null),
					Filters.and(Filters.eq("cpu", 3), Filters.lt("_id", "r4")))));
			filters.add(Filters.and(Filters.eq("teamId", team), Filters.in("environment", "Stage", "Development")));
		}
		filters.add(Filters.in("environment", "Stage"));
		filters.add(Filters.empty());
		List<Bson> sorts = new ArrayList<>();
		for (String field : List.of("hostname", "environment", "cpu", "os.base", "createdAt", "_id")) {
			sorts.add(new Document(field, 1).append("_id", 1));
			sorts.add(new Document(field, -1).append("_id", -1));
		}
		sorts.add(new Document("tags", 1).append("_id", 1));
		long walks = IndexedH2Collection.PLANS.get(IndexedH2Collection.Plan.WALK).sum();
		long narrowed = IndexedH2Collection.PLANS.get(IndexedH2Collection.Plan.NARROWED).sum();
		int compared = 0;
		for (Bson filter : filters) {
			assertThat(ids(indexed, filter, null, 0, 0)).as("%s", filter).isEqualTo(ids(plain, filter, null, 0, 0));
			for (Bson sort : sorts) {
				for (int limit : List.of(1, 7, 51)) {
					for (int skip : List.of(0, 5)) {
						assertThat(ids(indexed, filter, sort, skip, limit)).as("%s sorted %s skip %d limit %d", filter, sort,
								skip, limit)
							.isEqualTo(ids(plain, filter, sort, skip, limit));
						compared++;
					}
				}
			}
		}
		assertThat(compared).isGreaterThan(1000);
		// The indexed collection's answers came from its indexes, not from a scan.
		assertThat(IndexedH2Collection.PLANS.get(IndexedH2Collection.Plan.WALK).sum() - walks).isGreaterThan(500);
		assertThat(IndexedH2Collection.PLANS.get(IndexedH2Collection.Plan.NARROWED).sum() - narrowed).isGreaterThan(10);
	}

	/**
	 * Inventory's text search on 20,000 records: every trigram of the text is asked for in
	 * {@code $and}, and the store must read the few records under the rarest one rather than walk
	 * the team's records in id order (it read all 100,000 servers' and answered in seconds).
	 */
	@Test
	void textSearchNarrowsByItsRarestTrigram() {
		try (EmbeddedMongo mongo = EmbeddedMongo.inMemory(0); MongoClient client = MongoClients.create(mongo.uri())) {
			MongoCollection<Document> indexed = client.getDatabase("test").getCollection("indexed");
			MongoCollection<Document> plain = client.getDatabase("test").getCollection("plain");
			indexed.createIndex(new Document("teamId", 1).append("_meta.deletedAt", 1).append("_id", 1));
			indexed.createIndex(new Document("teamId", 1).append("_grams", 1));
			List<Document> records = new ArrayList<>();
			for (int i = 0; i < 20_000; i++) {
				String search = String.format("node-%05d 10.0.%d.%d", i, i / 250, i % 250);
				records.add(new Document("_id", String.format("s%05d", i)).append("teamId", "t0")
					.append("_meta", new Document("version", 1).append("deletedAt", null))
					.append("_search", search)
					.append("_grams", grams(search)));
			}
			indexed.insertMany(records);
			plain.insertMany(records.stream().map(Document::new).toList());
			Bson live = Filters.and(Filters.eq("teamId", "t0"), Filters.eq("_meta.deletedAt", null));
			Bson byId = new Document("_id", 1);
			long narrowed = IndexedH2Collection.PLANS.get(IndexedH2Collection.Plan.NARROWED).sum();
			long walks = IndexedH2Collection.PLANS.get(IndexedH2Collection.Plan.WALK).sum();

			for (String text : List.of("node-04242", "1424", "10.0.16.1", "de-1999")) {
				Bson filter = Filters.and(live, search(text));
				assertThat(ids(indexed, filter, byId, 0, 51)).as(text).isEqualTo(ids(plain, filter, byId, 0, 51))
					.isNotEmpty();
			}

			assertThat(IndexedH2Collection.PLANS.get(IndexedH2Collection.Plan.NARROWED).sum() - narrowed).isEqualTo(4);
			assertThat(IndexedH2Collection.PLANS.get(IndexedH2Collection.Plan.WALK).sum() - walks).isZero();
		}
	}

	/**
	 * A page sorted on a field most documents tie on (20,000 servers, five CPU sizes) ends inside
	 * the group of ties, in the order of the tie-break on {@code _id}, instead of reading the whole
	 * group (the services' read timeout cut such pages short at 100,000 servers).
	 */
	@Test
	void aPageEndsInsideALargeGroupOfTies() {
		try (EmbeddedMongo mongo = EmbeddedMongo.inMemory(0); MongoClient client = MongoClients.create(mongo.uri())) {
			MongoCollection<Document> indexed = client.getDatabase("test").getCollection("indexed");
			MongoCollection<Document> plain = client.getDatabase("test").getCollection("plain");
			indexed.createIndex(new Document("teamId", 1).append("cpu", 1));
			List<Document> records = new ArrayList<>();
			for (int i = 0; i < 20_000; i++) {
				records.add(new Document("_id", String.format("s%05d", i)).append("teamId", "t0")
					.append("cpu", 1 << (i % 5))
					.append("os", new Document("base", (i % 10 == 0) ? "Windows" : "Linux")));
			}
			indexed.insertMany(records);
			plain.insertMany(records.stream().map(Document::new).toList());
			Bson linux = Filters.and(Filters.eq("teamId", "t0"), Filters.eq("os.base", "Linux"));

			for (Bson sort : List.of(new Document("cpu", -1).append("_id", -1), new Document("cpu", 1).append("_id", 1),
					new Document("cpu", -1))) {
				long read = IndexedH2Collection.WALKED.sum();
				assertThat(ids(indexed, linux, sort, 0, 51)).as("%s", sort).isEqualTo(ids(plain, linux, sort, 0, 51));
				assertThat(IndexedH2Collection.WALKED.sum() - read).as("documents read for %s", sort).isLessThan(150);
			}
		}
	}

	/**
	 * The walk sorts a large group of ties a chunk at a time: whatever the group, the page size and
	 * how far it is read, the positions come in exactly the order a full sort gives.
	 */
	@Test
	void aGroupOfTiesReadInChunksComesInSortedOrder() {
		Random random = new Random(7);
		for (int round = 0; round < 200; round++) {
			int size = random.nextInt(3000);
			List<Object> positions = new ArrayList<>();
			for (int i = 0; i < size; i++) {
				positions.add(String.format("r%06d", random.nextInt(1_000_000)) + "-" + i);
			}
			java.util.Comparator<Object> order = (round % 2 == 0) ? de.bwaldvogel.mongo.backend.ValueComparator.asc()
					: de.bwaldvogel.mongo.backend.ValueComparator.asc().reversed();
			List<Object> sorted = new ArrayList<>(positions);
			sorted.sort(order);
			int needed = 1 + random.nextInt(60);
			int read = random.nextInt(size + 1);
			List<Object> given = new ArrayList<>();
			for (Object position : IndexedH2Collection.inOrder(new ArrayList<>(positions), order, needed)) {
				if (given.size() == read) {
					break;
				}
				given.add(position);
			}
			assertThat(given).as("%d of %d, %d needed", read, size, needed).isEqualTo(sorted.subList(0, read));
		}
	}

	/** The condition inventory's text search gives: each trigram, then the text itself. */
	private static Bson search(String text) {
		List<Bson> clauses = new ArrayList<>();
		grams(text).forEach((gram) -> clauses.add(Filters.eq("_grams", gram)));
		clauses.add(Filters.regex("_search", Pattern.compile(Pattern.quote(text))));
		return Filters.and(clauses);
	}

	private static List<String> grams(String text) {
		List<String> grams = new ArrayList<>();
		for (int i = 0; i + 3 <= text.length(); i++) {
			if (!grams.contains(text.substring(i, i + 3))) {
				grams.add(text.substring(i, i + 3));
			}
		}
		return grams;
	}

	private static List<String> ids(MongoCollection<Document> collection, Bson filter, Bson sort, int skip, int limit) {
		var found = collection.find(filter).skip(skip).limit(limit);
		if (sort != null) {
			found = found.sort(sort);
		}
		return found.map((document) -> document.getString("_id")).into(new ArrayList<>());
	}

}
