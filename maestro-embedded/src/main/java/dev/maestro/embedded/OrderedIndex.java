package dev.maestro.embedded;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.Date;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.ValueComparator;
import de.bwaldvogel.mongo.bson.Document;

/**
 * A secondary (non-unique) index kept in memory, in MongoDB's sort order of its keys, for the
 * embedded store: mongo-java-server accepts secondary indexes but ignores them, so every filtered
 * or sorted query scanned and sorted the whole collection. The index is rebuilt from the
 * documents when the store opens (mongo-java-server fills an empty index then) and kept up to
 * date by the collection on every write; it never answers a query by itself
 * ({@link #canHandle} is false) — {@link IndexedQueries} decides when to use it.
 *
 * <p>A document's position is its {@code _id}, as in the H2 collections it serves.
 */
final class OrderedIndex extends Index<Object> {

	/**
	 * Orders keys field by field in MongoDB's order of values (null and missing alike), a key that
	 * is a prefix of another first; {@link #MAX} sorts after every value.
	 */
	static final Comparator<KeyValue> KEY_ORDER = (left, right) -> {
		int common = Math.min(left.size(), right.size());
		for (int i = 0; i < common; i++) {
			int compared = compareValues(left.get(i), right.get(i));
			if (compared != 0) {
				return compared;
			}
		}
		return Integer.compare(left.size(), right.size());
	};

	/** A value above every other, to bound a range of keys from above. */
	static final Object MAX = new Object() {
		@Override
		public String toString() {
			return "MAX";
		}
	};

	private final NavigableMap<KeyValue, Positions> entries = new TreeMap<>(KEY_ORDER);

	private final String idField;

	/** The index's fields, as paths of sub-document keys. */
	private final String[][] paths;

	private long count;

	/** Whether some document gave an array for a key: such an index cannot give a sort order. */
	private boolean multikey;

	OrderedIndex(String name, List<IndexKey> keys, boolean sparse, String idField) {
		super(name, keys, sparse);
		this.idField = idField;
		this.paths = keys.stream().map((key) -> key.getKey().split("\\.")).toArray(String[][]::new);
	}

	static int compareValues(Object left, Object right) {
		if (left == MAX || right == MAX) {
			return (left == right) ? 0 : ((left == MAX) ? 1 : -1);
		}
		// The keys an index mostly holds, compared as ValueComparator does without its search for
		// the types' sort order (ValueComparator.getTypeOrder was the top frame of bulk inserts).
		if (left instanceof String one && right instanceof String other) {
			return one.compareTo(other);
		}
		if (left instanceof Double one && right instanceof Double other && !one.isNaN() && !other.isNaN()) {
			return Double.compare(one, other);
		}
		return ValueComparator.asc().compare(left, right);
	}

	/**
	 * The document's keys in this index, read here directly in the common cases: each field a
	 * string, boolean, date, instant, int or double, under sub-documents, and at most one of them a list of
	 * strings (a text search's trigrams: one key per string). Anything else — missing fields,
	 * nulls, other lists, lists on the way, other types — is read by mongo-java-server, whose
	 * general reading (a regular expression to split each path, streams, every value normalised
	 * on its own) was the top of the store's profile under bulk inserts. Both give the same keys
	 * ({@code OrderedIndexKeysTest}).
	 */
	@Override
	public Set<KeyValue> getKeyValues(Document document) {
		Object[] values = new Object[this.paths.length];
		int listAt = -1;
		for (int i = 0; i < this.paths.length; i++) {
			Object value = valueAt(document, this.paths[i]);
			if (listAt < 0 && value instanceof List<?> list && !list.isEmpty()
					&& list.stream().allMatch(String.class::isInstance)) {
				listAt = i;
				values[i] = list;
				continue;
			}
			Object key = plainKey(value);
			if (key == null) {
				return super.getKeyValues(document);
			}
			values[i] = key;
		}
		if (listAt < 0) {
			return Set.of(new KeyValue(Arrays.asList(values)));
		}
		Set<KeyValue> keys = new LinkedHashSet<>();
		for (Object element : (List<?>) values[listAt]) {
			Object[] one = values.clone();
			one[listAt] = element;
			keys.add(new KeyValue(Arrays.asList(one)));
		}
		return keys;
	}

	/** The keys as mongo-java-server reads them (for tests). */
	Set<KeyValue> libraryKeyValues(Document document) {
		return super.getKeyValues(document);
	}

	/** The value under the path, or {@code null} when a step is not a sub-document or a field is missing. */
	private static Object valueAt(Document document, String[] path) {
		Document current = document;
		for (int i = 0; i < path.length - 1; i++) {
			if (!(current.get(path[i]) instanceof Document next)) {
				return null;
			}
			current = next;
		}
		return current.get(path[path.length - 1]);
	}

	/** The key of a plain value, numbers as doubles as mongo-java-server keeps them; {@code null} for any other value. */
	private static Object plainKey(Object value) {
		if (value instanceof String || value instanceof Boolean || value instanceof Date || value instanceof Instant) {
			return value;
		}
		if (value instanceof Integer || value instanceof Double) {
			double number = ((Number) value).doubleValue();
			return (number == 0.0) ? 0.0 : number;
		}
		return null;
	}

	@Override
	public Object getPosition(Document document) {
		// Not unique: it cannot name the one position of a document.
		return null;
	}

	private Object positionOf(Document document) {
		return Missing.ofNullable(document.get(this.idField));
	}

	@Override
	public void checkAdd(Document document, MongoCollection<Object> collection) {
		// A secondary index accepts every document.
	}

	@Override
	public synchronized void add(Document document, Object position, MongoCollection<Object> collection) {
		Set<KeyValue> keys = indexedKeys(document);
		noteShape(keys);
		addKeys(keys, Missing.ofNullable(position));
	}

	@Override
	public synchronized Object remove(Document document) {
		Object position = positionOf(document);
		removeKeys(indexedKeys(document), position);
		return position;
	}

	@Override
	public void checkUpdate(Document oldDocument, Document newDocument, MongoCollection<Object> collection) {
		// A secondary index accepts every document.
	}

	/**
	 * Moves the document only under the keys that changed: a renamed server keeps most of its
	 * search trigrams, and each key's set is touched once.
	 */
	@Override
	public synchronized void updateInPlace(Document oldDocument, Document newDocument, Object position,
			MongoCollection<Object> collection) {
		Set<KeyValue> before = indexedKeys(oldDocument);
		Set<KeyValue> after = indexedKeys(newDocument);
		if (before.equals(after)) {
			return;
		}
		noteShape(after);
		removeKeys(before.stream().filter((key) -> !after.contains(key)).toList(), positionOf(oldDocument));
		addKeys(after.stream().filter((key) -> !before.contains(key)).toList(), Missing.ofNullable(position));
	}

	/** The document's keys in this index: none when a sparse index leaves it out. */
	private Set<KeyValue> indexedKeys(Document document) {
		return skipped(document) ? Set.of() : getKeyValues(document);
	}

	/** A document with several keys, or an array in one, takes the index's sort order away. */
	private void noteShape(Set<KeyValue> keys) {
		if (keys.size() > 1 || keys.stream().anyMatch(OrderedIndex::hasArray)) {
			this.multikey = true;
		}
	}

	private void addKeys(Collection<KeyValue> keys, Object position) {
		for (KeyValue keyValue : keys) {
			if (this.entries.computeIfAbsent(keyValue, (key) -> new Positions()).add(position)) {
				this.count++;
			}
		}
	}

	private void removeKeys(Collection<KeyValue> keys, Object position) {
		for (KeyValue keyValue : keys) {
			Positions positions = this.entries.get(keyValue);
			if (positions != null && positions.remove(position)) {
				this.count--;
				if (positions.isEmpty()) {
					this.entries.remove(keyValue);
				}
			}
		}
	}

	private boolean skipped(Document document) {
		return isSparse() && keys().stream().allMatch((key) -> Missing.isNullOrMissing(document.get(key)));
	}

	private static boolean hasArray(KeyValue keyValue) {
		return keyValue.stream().anyMatch(Collection.class::isInstance);
	}

	@Override
	public boolean canHandle(Document query) {
		return false;
	}

	@Override
	public Iterable<Object> getPositions(Document query) {
		throw new UnsupportedOperationException("queries use IndexedQueries");
	}

	/** Whether the index gives its documents in the order of its keys (no document had an array). */
	synchronized boolean ordered() {
		return !this.multikey;
	}

	/**
	 * Positions under keys starting with {@code prefix}, or {@code null} when more than
	 * {@code max}. The entries are counted before any position is collected: planning often asks
	 * for a prefix that holds far too many (a whole team), and counting gives up as soon as
	 * collecting would, for a fraction of the cost (collecting into a set was 70% of the store's
	 * time answering pages). A document under several of the keys (a list) is counted once per
	 * key, so such a prefix may be given up a little early.
	 */
	synchronized Set<Object> positions(List<Object> prefix, int max) {
		Collection<Positions> under = subMap(prefix).values();
		long total = 0;
		for (Positions some : under) {
			total += some.size();
			if (total > max) {
				return null;
			}
		}
		// Any order: the caller puts the candidates in scan order before matching them.
		Set<Object> positions = new HashSet<>((int) (total / 0.75f) + 1);
		for (Positions some : under) {
			positions.addAll(some);
		}
		return positions;
	}

	/**
	 * The entries whose keys start with {@code prefix}, in key order: a live view, to be read by
	 * the caller while it holds its collection's lock (as every query and write does).
	 */
	NavigableMap<KeyValue, Positions> subMap(List<Object> prefix) {
		if (prefix.isEmpty()) {
			return this.entries;
		}
		List<Object> upper = new ArrayList<>(prefix);
		upper.add(MAX);
		return this.entries.subMap(new KeyValue(new ArrayList<>(prefix)), true, new KeyValue(upper), false);
	}

	@Override
	public synchronized long getCount() {
		return this.count;
	}

	@Override
	public synchronized boolean isEmpty() {
		return this.entries.isEmpty();
	}

	@Override
	public long getDataSize() {
		return getCount();
	}

	@Override
	public synchronized void drop() {
		this.entries.clear();
		this.count = 0;
	}

}
