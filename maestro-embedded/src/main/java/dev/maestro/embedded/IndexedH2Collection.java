package dev.maestro.embedded;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Date;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.UUID;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.ArrayFilters;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.ValueComparator;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;
import de.bwaldvogel.mongo.oplog.Oplog;
import org.h2.mvstore.MVMap;

/**
 * An H2 collection that plans its queries on its indexes the way MongoDB does, where
 * mongo-java-server alone answers from an index only a query that names exactly that index's
 * fields and otherwise scans and sorts the whole collection:
 * <ol>
 * <li>a unique index whose every field the query gives a value (or an {@code $in} list) narrows
 * the candidates to those few documents ({@code {_id: x, teamId: t}});</li>
 * <li>a sorted query with a limit walks an {@link OrderedIndex} whose fields, after those the
 * query fixes, start with the sort field, in that order, reading documents only until the page is
 * full ({@code {teamId: t, environment: e}} sorted by hostname, 50 at a time) — unless it is
 * narrowed as in 3. to fewer documents than the walk would read (under the square root of page
 * size times collection size);</li>
 * <li>otherwise the ordered index that fixes the most leading fields narrows the candidates, when
 * that leaves fewer than half the collection; a field the query fixes in several {@code $and}
 * clauses (a text search's trigrams) is tried with each of its values, the rarest winning.</li>
 * </ol>
 * In every case the whole query is then matched against each candidate and the result sorted as
 * asked, so the answer is the one the scan gave.
 */
final class IndexedH2Collection extends H2Collection {

	/** How a query was answered. */
	enum Plan {

		/** mongo-java-server's own: an index that fits the query exactly, or a scan. */
		OWN,
		/** The documents of a unique index's keys. */
		UNIQUE,
		/** The documents of a unique index's keys, when those keys are the whole query: not matched again. */
		LOOKUP,
		/** An ordered index walked in the sort order until the page was full. */
		WALK,
		/** The documents under an ordered index's leading keys. */
		NARROWED

	}

	/** How many queries each plan answered, since start-up (for tests and diagnosis). */
	static final Map<Plan, java.util.concurrent.atomic.LongAdder> PLANS = new java.util.EnumMap<>(Plan.class);

	static {
		for (Plan plan : Plan.values()) {
			PLANS.put(plan, new java.util.concurrent.atomic.LongAdder());
		}
	}

	/** How many documents walks have read, since start-up (for tests and diagnosis). */
	static final java.util.concurrent.atomic.LongAdder WALKED = new java.util.concurrent.atomic.LongAdder();

	/** Most combinations of {@code $in} values a walk merges. */
	private static final int MAX_PREFIXES = 64;

	IndexedH2Collection(MongoDatabase database, String collectionName, CollectionOptions options,
			MVMap<Object, Document> dataMap, MVMap<String, Object> metaMap, CursorRegistry cursorRegistry) {
		super(database, collectionName, options, dataMap, metaMap, cursorRegistry);
	}

	/**
	 * Set while this collection's lock is held by an update. mongo-java-server changes the document
	 * an update reads in place, and the document a query reads is the very object the store keeps:
	 * a reply still being encoded on another connection, after the lock is released, would see it
	 * change under it (a {@code ConcurrentModificationException} in the encoder, which closes the
	 * connection, or a document sent half-way through an update). Updates therefore read copies,
	 * and the store's objects never change once stored. The field is written under the
	 * collection's lock; a {@code count}, which mongo-java-server runs without it, may at worst
	 * see it set and count copies.
	 */
	private boolean updating;

	@Override
	public synchronized Document updateDocuments(Document selector, Document update, ArrayFilters arrayFilters,
			boolean isMulti, boolean isUpsert, Oplog oplog) {
		return onCopies(() -> super.updateDocuments(selector, update, arrayFilters, isMulti, isUpsert, oplog));
	}

	@Override
	public synchronized Document findAndModify(Document query) {
		return onCopies(() -> super.findAndModify(query));
	}

	/** Runs an update of this collection (its lock held) on copies of the documents it reads. */
	private Document onCopies(java.util.function.Supplier<Document> update) {
		this.updating = true;
		try {
			return update.get();
		}
		finally {
			this.updating = false;
		}
	}

	/**
	 * The collection's data size is not kept: mongo-java-server computes it by encoding every
	 * inserted document to BSON once more, and every updated one twice (old and new), about 8% of
	 * the store's time under bulk upserts, for a figure only {@code collStats} reports.
	 */
	@Override
	protected boolean tracksDataSize() {
		return false;
	}

	/** Not kept (see {@link #tracksDataSize()}): {@code collStats} reports a size of 0. */
	@Override
	protected int getDataSize() {
		return 0;
	}

	@Override
	protected QueryResult queryDocuments(Document query, Document orderBy, int numberToSkip, int limit, int batchSize,
			Document fieldSelector) {
		QueryResult result = planned(query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
		if (!this.updating) {
			return result;
		}
		// Copied as the update reads them: an updateOne whose filter matches thousands of
		// documents reads (and changes) only the first.
		return new QueryResult(() -> new Iterator<>() {

			private final Iterator<Document> documents = result.iterator();

			@Override
			public boolean hasNext() {
				return this.documents.hasNext();
			}

			@Override
			public Document next() {
				return this.documents.next().cloneDeeply();
			}

		}, result.getCursorId());
	}

	private QueryResult planned(Document query, Document orderBy, int numberToSkip, int limit, int batchSize,
			Document fieldSelector) {
		for (Index<Object> index : getIndexes()) {
			if (index.canHandle(query)) {
				if (index.isUnique() && answeredByLookup(query, fieldSelector)) {
					PLANS.get(Plan.LOOKUP).increment();
					return matchDocuments(new Document(), index.getPositions(query), orderBy, numberToSkip, limit,
							batchSize, fieldSelector);
				}
				PLANS.get(Plan.OWN).increment();
				return super.queryDocuments(query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
			}
		}
		for (Index<Object> index : getIndexes()) {
			Document narrowed = narrowed(query, index);
			if (index.isUnique() && narrowed != null && index.canHandle(narrowed)) {
				PLANS.get(Plan.UNIQUE).increment();
				return matchDocuments(query, index.getPositions(narrowed), orderBy, numberToSkip, limit, batchSize,
						fieldSelector);
			}
		}
		Map<String, List<List<Object>>> equalities = equalities(query);
		Map<String, List<Object>> firsts = firsts(equalities);
		List<Narrowing> narrowings = narrowings(equalities, firsts);
		String sortField = sortField(orderBy);
		if (limit > 0 && sortField != null) {
			for (Index<Object> index : getIndexes()) {
				if (index instanceof OrderedIndex ordered && ordered.ordered()) {
					List<List<Object>> prefixes = prefixes(ordered, firsts);
					int fixed = prefixes.isEmpty() ? -1 : prefixes.get(0).size();
					if (fixed >= 0 && fixed < ordered.getKeys().size()
							&& ordered.getKeys().get(fixed).getKey().equals(sortField)) {
						// A selective equality the walk cannot use (a rare search trigram, a
						// hostname) may leave fewer documents to read and sort than the walk would
						// read before its page is full: with n documents, a page of p and a fraction
						// s of them matching, the walk reads about p / s and the narrowing s * n,
						// fewer when s * n is under the square root of p * n.
						int wanted = numberToSkip + limit;
						Set<Object> few = narrowest(narrowings,
								(int) Math.max(wanted, Math.sqrt((double) wanted * count())));
						if (few != null) {
							PLANS.get(Plan.NARROWED).increment();
							return matchDocuments(query, inScanOrder(few), orderBy, numberToSkip, limit, batchSize,
									fieldSelector);
						}
						PLANS.get(Plan.WALK).increment();
						boolean descending = ((Number) orderBy.get(sortField)).intValue() < 0;
						return walk(ordered, prefixes, fixed, descending, query, orderBy, numberToSkip, limit,
								batchSize, fieldSelector);
					}
				}
			}
		}
		Set<Object> candidates = narrowest(narrowings, count() / 2);
		if (candidates != null) {
			PLANS.get(Plan.NARROWED).increment();
			return matchDocuments(query, inScanOrder(candidates), orderBy, numberToSkip, limit, batchSize,
					fieldSelector);
		}
		PLANS.get(Plan.OWN).increment();
		return super.queryDocuments(query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
	}

	/**
	 * Positions in the order a scan gives, by {@code _id} as the H2 map keeps its documents: the
	 * order of the answer when the query has no sort, and of documents that tie on its sort fields.
	 */
	private static List<Object> inScanOrder(Set<Object> positions) {
		List<Object> ordered = new ArrayList<>(positions);
		ordered.sort(ValueComparator.asc());
		return ordered;
	}

	/**
	 * Walks the index in the sort field's order, merging one range per combination of the fixed
	 * fields' values, a group of documents that tie on the sort value at a time, and stops once
	 * the page is full. Within a group the positions (the documents' ids) are put in the order of
	 * the tie-break on {@code _id} before any document is read, so that a page ends inside a large
	 * group (20,000 servers with 16 CPUs) rather than after reading all of it.
	 */
	private QueryResult walk(OrderedIndex index, List<List<Object>> prefixes, int fixed, boolean descending,
			Document query, Document orderBy, int numberToSkip, int limit, int batchSize, Document fieldSelector) {
		Comparator<KeyValue> bySuffix = (left, right) -> {
			for (int i = fixed; i < Math.min(left.size(), right.size()); i++) {
				int compared = OrderedIndex.compareValues(left.get(i), right.get(i));
				if (compared != 0) {
					return compared;
				}
			}
			return 0;
		};
		Comparator<KeyValue> order = descending ? bySuffix.reversed() : bySuffix;
		PriorityQueue<Range> ranges = new PriorityQueue<>((left, right) -> order.compare(left.key(), right.key()));
		for (List<Object> prefix : prefixes) {
			NavigableMap<KeyValue, Positions> range = index.subMap(prefix);
			Range walked = new Range((descending ? range.descendingMap() : range).entrySet().iterator());
			if (walked.advance()) {
				ranges.add(walked);
			}
		}
		Comparator<Object> tieBreak = tieBreak(orderBy);
		int wanted = numberToSkip + limit;
		List<Document> found = new ArrayList<>();
		while (!ranges.isEmpty() && found.size() < wanted) {
			Object sortValue = ranges.peek().key().get(fixed);
			List<Object> group = new ArrayList<>();
			while (!ranges.isEmpty() && OrderedIndex.compareValues(ranges.peek().key().get(fixed), sortValue) == 0) {
				Range range = ranges.poll();
				group.addAll(range.positions());
				if (range.advance()) {
					ranges.add(range);
				}
			}
			Iterable<Object> inOrder = (tieBreak != null) ? inOrder(group, tieBreak, wanted - found.size()) : group;
			for (Object position : inOrder) {
				WALKED.increment();
				Document document = getDocument(position);
				if (document != null && documentMatchesQuery(document, query)) {
					found.add(document);
					// Without a known tie-break, the whole group may belong to the page.
					if (tieBreak != null && found.size() >= wanted) {
						break;
					}
				}
			}
		}
		// Documents that tie on every sort field come in _id order, as from a scan.
		found.sort((left, right) -> ValueComparator.asc().compare(left.get("_id"), right.get("_id")));
		return matchDocumentsFromStream(found.stream(), query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
	}

	/**
	 * The positions in this order, sorted a chunk at a time as they are read: a page needs only the
	 * first few of a group of thousands that tie on the sort value (18,000 Linux servers with 16
	 * CPUs), and selecting those costs about two comparisons per position where sorting the whole
	 * group cost about fifteen. Each further chunk is twice as large as the one before, so reading a
	 * whole group costs no more than a few sorts of it.
	 */
	static Iterable<Object> inOrder(List<Object> positions, Comparator<Object> order, int needed) {
		int first = Math.max(16, needed);
		if (positions.size() <= 4 * first) {
			positions.sort(order);
			return positions;
		}
		return () -> new Iterator<>() {

			private final java.util.ArrayDeque<Object> chunk = new java.util.ArrayDeque<>();

			private Object last;

			private int given;

			private int size = first;

			@Override
			public boolean hasNext() {
				if (this.chunk.isEmpty() && this.given < positions.size()) {
					select();
				}
				return !this.chunk.isEmpty();
			}

			@Override
			public Object next() {
				if (!hasNext()) {
					throw new java.util.NoSuchElementException();
				}
				this.given++;
				this.last = this.chunk.pollFirst();
				return this.last;
			}

			/** The next {@code size} positions after the last one given, in order. */
			private void select() {
				Comparator<Object> reversed = order.reversed();
				PriorityQueue<Object> smallest = new PriorityQueue<>(this.size + 1, reversed);
				for (Object position : positions) {
					if (this.last != null && order.compare(position, this.last) <= 0) {
						continue;
					}
					if (smallest.size() < this.size) {
						smallest.add(position);
					}
					else if (order.compare(position, smallest.peek()) < 0) {
						smallest.poll();
						smallest.add(position);
					}
				}
				Object[] selected = smallest.toArray();
				java.util.Arrays.sort(selected, order);
				this.chunk.addAll(java.util.Arrays.asList(selected));
				this.size *= 2;
			}

		};
	}

	/**
	 * The order of documents that tie on the sort field, as positions (ids): by {@code _id} when
	 * the sort names only that field (ascending, as a scan gives) or that field and {@code _id};
	 * {@code null} when other fields break ties.
	 */
	private static Comparator<Object> tieBreak(Document orderBy) {
		if (orderBy.size() == 1) {
			return ValueComparator.asc();
		}
		List<String> fields = new ArrayList<>(orderBy.keySet());
		if (orderBy.size() == 2 && "_id".equals(fields.get(1)) && orderBy.get("_id") instanceof Number direction) {
			return (direction.intValue() < 0) ? ValueComparator.asc().reversed() : ValueComparator.asc();
		}
		return null;
	}

	/** One combination's entries of an ordered index, being walked. */
	private static final class Range {

		private final Iterator<Map.Entry<KeyValue, Positions>> entries;

		private Map.Entry<KeyValue, Positions> current;

		Range(Iterator<Map.Entry<KeyValue, Positions>> entries) {
			this.entries = entries;
		}

		boolean advance() {
			this.current = this.entries.hasNext() ? this.entries.next() : null;
			return this.current != null;
		}

		KeyValue key() {
			return this.current.getKey();
		}

		Positions positions() {
			return this.current.getValue();
		}

	}

	/**
	 * The ordered indexes that can narrow the query, longest prefixes first (they usually narrow
	 * most, so that the others are cut short). A field the query fixes several times (each trigram
	 * of a text search, in {@code $and}) gives an index one narrowing per value, so that the rarest
	 * decides. An index that fixes only some of the conditions another fixes holds all of the
	 * other's documents and more ({teamId} against {teamId, deleted}) and is left out.
	 */
	private List<Narrowing> narrowings(Map<String, List<List<Object>>> equalities, Map<String, List<Object>> firsts) {
		List<Narrowing> all = new ArrayList<>();
		for (Index<Object> index : getIndexes()) {
			if (index instanceof OrderedIndex ordered) {
				for (Map<String, List<Object>> variant : variants(ordered, equalities, firsts)) {
					List<List<Object>> prefixes = prefixes(ordered, variant);
					if (!prefixes.isEmpty() && !prefixes.get(0).isEmpty()) {
						Map<String, List<Object>> fixed = new LinkedHashMap<>();
						ordered.getKeys()
							.subList(0, prefixes.get(0).size())
							.forEach((key) -> fixed.put(key.getKey(), variant.get(key.getKey())));
						all.add(new Narrowing(ordered, prefixes, fixed));
					}
				}
			}
		}
		List<Narrowing> usable = new ArrayList<>();
		for (int i = 0; i < all.size(); i++) {
			Narrowing narrowing = all.get(i);
			boolean covered = false;
			for (int j = 0; j < all.size() && !covered; j++) {
				Narrowing other = all.get(j);
				covered = j != i && other.fixes(narrowing.fixed())
						&& (other.fixed().size() > narrowing.fixed().size() || j < i);
			}
			if (!covered) {
				usable.add(narrowing);
			}
		}
		usable.sort(Comparator.comparingInt((Narrowing narrowing) -> narrowing.fixed().size()).reversed());
		return usable;
	}

	/**
	 * The candidates of the narrowing that leaves fewest, or {@code null} when there is none or
	 * each would leave more than {@code max} (a scan or a walk reads faster then).
	 */
	private static Set<Object> narrowest(List<Narrowing> narrowings, int max) {
		Set<Object> best = null;
		for (Narrowing entry : narrowings) {
			// An index that fixes as many fields may still hold far more documents under them
			// ({teamId, deleted} against {teamId, hostname}): each is read only until it holds more
			// than the best so far.
			int most = (best == null) ? max : best.size() - 1;
			if (most < 0) {
				break;
			}
			Set<Object> positions = positions(entry.index(), entry.prefixes(), most);
			if (positions != null) {
				best = positions;
			}
		}
		return best;
	}

	/** An index that can narrow the query, the prefixes it would read, and the conditions they fix. */
	private record Narrowing(OrderedIndex index, List<List<Object>> prefixes, Map<String, List<Object>> fixed) {

		/** Whether this fixes every one of these conditions too. */
		boolean fixes(Map<String, List<Object>> conditions) {
			return conditions.entrySet()
				.stream()
				.allMatch((condition) -> condition.getValue().equals(this.fixed.get(condition.getKey())));
		}

	}

	/** The first value list the query gives each field. */
	private static Map<String, List<Object>> firsts(Map<String, List<List<Object>>> equalities) {
		Map<String, List<Object>> first = new LinkedHashMap<>();
		equalities.forEach((field, lists) -> first.put(field, lists.get(0)));
		return first;
	}

	/**
	 * The ways of reading the query's equalities on the index's fields: the first value list of
	 * each field, and one more for each further value list of a field the query fixes several times.
	 */
	private static List<Map<String, List<Object>>> variants(OrderedIndex index,
			Map<String, List<List<Object>>> equalities, Map<String, List<Object>> first) {
		List<Map<String, List<Object>>> variants = new ArrayList<>();
		variants.add(first);
		for (IndexKey key : index.getKeys()) {
			List<List<Object>> lists = equalities.get(key.getKey());
			if (lists == null) {
				break;
			}
			for (List<Object> values : lists.subList(1, lists.size())) {
				Map<String, List<Object>> variant = new LinkedHashMap<>(first);
				variant.put(key.getKey(), values);
				variants.add(variant);
			}
		}
		return variants;
	}

	/** The documents under these prefixes of the index, or null when they are more than {@code max}. */
	private static Set<Object> positions(OrderedIndex index, List<List<Object>> prefixes, int max) {
		if (prefixes.size() == 1) {
			// The common case: the set the index collected, not copied into another.
			return index.positions(prefixes.get(0), max);
		}
		Set<Object> positions = new HashSet<>();
		for (List<Object> prefix : prefixes) {
			Set<Object> some = index.positions(prefix, max);
			if (some == null) {
				return null;
			}
			positions.addAll(some);
			if (positions.size() > max) {
				return null;
			}
		}
		return positions;
	}

	/**
	 * Every combination of values the query allows for the index's leading fields it fixes (all
	 * of the same length); empty when there are too many combinations to merge.
	 */
	private static List<List<Object>> prefixes(OrderedIndex index, Map<String, List<Object>> equalities) {
		List<List<Object>> prefixes = new ArrayList<>();
		prefixes.add(List.of());
		for (IndexKey key : index.getKeys()) {
			List<Object> values = equalities.get(key.getKey());
			if (values == null) {
				break;
			}
			List<List<Object>> longer = new ArrayList<>();
			for (List<Object> prefix : prefixes) {
				for (Object value : values) {
					List<Object> next = new ArrayList<>(prefix);
					next.add(value);
					longer.add(next);
				}
			}
			if (longer.size() > MAX_PREFIXES) {
				break;
			}
			prefixes = longer;
		}
		return prefixes;
	}

	/**
	 * The fields the query gives a value or an {@code $in} list of values, with those values as an
	 * index keeps them (numbers as doubles); a field fixed in several clauses of {@code $and} has
	 * one list per clause, all of which hold. A value of another kind (a document, an array, a
	 * pattern) makes the field not an equality.
	 */
	static Map<String, List<List<Object>>> equalities(Document query) {
		Map<String, List<List<Object>>> equalities = new LinkedHashMap<>();
		addEqualities(query, equalities);
		return equalities;
	}

	/** Adds the query's equalities, those of the clauses of a top-level {@code $and} included. */
	private static void addEqualities(Document query, Map<String, List<List<Object>>> equalities) {
		query.forEach((field, condition) -> {
			if ("$and".equals(field) && condition instanceof Collection<?> clauses) {
				clauses.stream()
					.filter(Document.class::isInstance)
					.forEach((clause) -> addEqualities((Document) clause, equalities));
				return;
			}
			if (field.startsWith("$")) {
				return;
			}
			List<Object> values = new ArrayList<>();
			if (condition instanceof Document document) {
				if (document.size() != 1 || !(document.containsKey("$in") || document.containsKey("$eq"))) {
					return;
				}
				Object operand = document.containsKey("$in") ? document.get("$in") : List.of(document.get("$eq"));
				if (!(operand instanceof Collection<?> listed)) {
					return;
				}
				for (Object value : listed) {
					if (!scalar(value)) {
						return;
					}
					Object normalized = normalized(value);
					if (values.stream().noneMatch((known) -> OrderedIndex.compareValues(known, normalized) == 0)) {
						values.add(normalized);
					}
				}
			}
			else if (scalar(condition)) {
				values.add(normalized(condition));
			}
			else {
				return;
			}
			if (!values.isEmpty()) {
				equalities.computeIfAbsent(field, (key) -> new ArrayList<>()).add(values);
			}
		});
	}

	private static boolean scalar(Object value) {
		return value == null || value instanceof String || value instanceof Number || value instanceof Boolean
				|| value instanceof Date || value instanceof ObjectId || value instanceof UUID;
	}

	/** A value as {@code Index.getKeyValues} keeps it: numbers as doubles unless a long would lose digits. */
	private static Object normalized(Object value) {
		if (value instanceof Long number && (long) number.doubleValue() != number.longValue()) {
			return value;
		}
		if (value instanceof Number number) {
			double normalized = number.doubleValue();
			return (normalized == -0.0) ? 0.0 : normalized;
		}
		return value;
	}

	/** The first sort field, or {@code null} when there is no sort or it is the natural order. */
	private static String sortField(Document orderBy) {
		if (orderBy == null || orderBy.isEmpty()) {
			return null;
		}
		String field = orderBy.keySet().iterator().next();
		return (field.startsWith("$") || !(orderBy.get(field) instanceof Number)) ? null : field;
	}

	/**
	 * Whether every document the unique index that handles {@code query} gives for it matches it
	 * already: its values are strings, which the index and the matcher compare alike. Matching
	 * again would compare each document with every value of an {@code $in} (a discovery batch asks
	 * for a thousand keys: half a million comparisons).
	 */
	static boolean answeredByLookup(Document query, Document fieldSelector) {
		if (fieldSelector != null && fieldSelector.keySet().stream().anyMatch((field) -> field.contains("$"))) {
			return false;
		}
		return query.values().stream().allMatch((value) -> value instanceof String
				|| (value instanceof Document condition && condition.size() == 1
						&& condition.get("$in") instanceof Collection<?> values
						&& values.stream().allMatch(String.class::isInstance)));
	}

	/**
	 * The part of {@code query} on the index's fields, when the query gives each of them a plain
	 * value or an {@code $in} list (anything else — ranges, {@code $ne}, {@code null} — keeps the
	 * scan); {@code null} when the index cannot narrow this query.
	 */
	static Document narrowed(Document query, Index<?> index) {
		Document narrowed = new Document();
		for (IndexKey key : index.getKeys()) {
			Object value = query.get(key.getKey());
			if (value == null) {
				return null;
			}
			if (value instanceof Document condition && !(condition.size() == 1 && condition.containsKey("$in"))) {
				return null;
			}
			narrowed.put(key.getKey(), value);
		}
		return narrowed;
	}

}
