package dev.maestro.embedded;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Random;

import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * {@link OrderedIndex} reads the keys of common documents itself, for speed: on thousands of
 * random documents — plain values of every kind, missing fields, nulls, sub-documents, lists of
 * strings, of numbers, of documents, empty lists, lists on the way to a field — its keys are
 * exactly those mongo-java-server gives (or both refuse the document).
 */
class OrderedIndexKeysTest {

	private final Random random = new Random(7);

	@Test
	void theKeysOfEveryKindOfDocumentAreMongoJavaServersKeys() {
		List<List<String>> indexes = List.of(List.of("teamId", "hostname"), List.of("teamId", "_grams"),
				List.of("teamId", "os.base", "cpu"), List.of("datacenter.region"), List.of("teamId", "tags", "cpu"),
				List.of("a.b.c"), List.of("_discovery.key"));
		int compared = 0;
		for (List<String> fields : indexes) {
			OrderedIndex index = new OrderedIndex("test", fields.stream().map((field) -> new IndexKey(field, true)).toList(),
					false, "_id");
			for (int i = 0; i < 3_000; i++) {
				Document document = document(i);
				Throwable refused = catchThrowable(() -> index.libraryKeyValues(document));
				if (refused != null) {
					assertThat(catchThrowable(() -> index.getKeyValues(document))).as(document.toString())
						.isInstanceOf(refused.getClass());
					continue;
				}
				assertThat(index.getKeyValues(document)).as(fields + " of " + document)
					.isEqualTo(index.libraryKeyValues(document));
				compared++;
			}
		}
		assertThat(compared).isGreaterThan(15_000);
	}

	private Document document(int i) {
		Document document = new Document("_id", "r" + i);
		put(document, "teamId");
		put(document, "hostname");
		put(document, "cpu");
		put(document, "_grams");
		put(document, "tags");
		if (this.random.nextInt(5) > 0) {
			Document os = new Document();
			put(os, "base");
			document.put("os", (this.random.nextInt(10) == 0) ? List.of(os, new Document("base", "x")) : os);
		}
		if (this.random.nextInt(4) > 0) {
			Document datacenter = new Document();
			put(datacenter, "region");
			document.put("datacenter", datacenter);
		}
		if (this.random.nextInt(3) == 0) {
			Document c = new Document();
			put(c, "c");
			document.put("a", new Document("b", (this.random.nextBoolean()) ? c : List.of(c)));
		}
		if (this.random.nextInt(3) > 0) {
			Document discovery = new Document();
			put(discovery, "key");
			document.put("_discovery", discovery);
		}
		return document;
	}

	/** Sometimes leaves the field out; otherwise a value of a random kind. */
	private void put(Document document, String field) {
		int kind = this.random.nextInt(17);
		Object value = switch (kind) {
			case 0 -> null;
			case 1 -> "value-" + this.random.nextInt(20);
			case 2 -> this.random.nextInt(10);
			case 3 -> (double) this.random.nextInt(10);
			case 4 -> this.random.nextBoolean() ? -0.0 : 0.0;
			case 5 -> (long) this.random.nextInt(10);
			case 6 -> Long.MAX_VALUE - this.random.nextInt(3);
			case 7 -> this.random.nextBoolean();
			case 8 -> new Date(1_700_000_000_000L + this.random.nextInt(1000));
			case 9 -> Instant.ofEpochMilli(1_700_000_000_000L + this.random.nextInt(1000));
			case 10 -> strings();
			case 11 -> List.of();
			case 12 -> List.of(1, 2.0, "three");
			case 13 -> List.of(new Document("x", 1), new Document("x", 2));
			case 14 -> new Document("nested", this.random.nextInt(3));
			case 15 -> new ObjectId();
			default -> Double.NaN;
		};
		if (kind == 0 && this.random.nextBoolean()) {
			return;
		}
		document.put(field, value);
	}

	private List<String> strings() {
		List<String> strings = new ArrayList<>();
		int size = 1 + this.random.nextInt(6);
		for (int i = 0; i < size; i++) {
			// Duplicates too: one key each.
			strings.add("g" + this.random.nextInt(8));
		}
		return strings;
	}

}
