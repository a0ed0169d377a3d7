package dev.maestro.embedded;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Iterator;
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

	private final NavigableMap<KeyValue, Set<Object>> entries = new TreeMap<>(KEY_ORDER);

	private final String idField;

	private long count;

	/** Whether some document gave an array for a key: such an index cannot give a sort order. */
	private boolean multikey;

	OrderedIndex(String name, List<IndexKey> keys, boolean sparse, String idField) {
		super(name, keys, sparse);
		this.idField = idField;
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
		if (skipped(document)) {
			return;
		}
		Object stored = Missing.ofNullable(position);
		Set<KeyValue> keyValues = getKeyValues(document);
		if (keyValues.size() > 1 || keyValues.stream().anyMatch(OrderedIndex::hasArray)) {
			this.multikey = true;
		}
		for (KeyValue keyValue : keyValues) {
			if (this.entries.computeIfAbsent(keyValue, (key) -> new LinkedHashSet<>()).add(stored)) {
				this.count++;
			}
		}
	}

	@Override
	public synchronized Object remove(Document document) {
		Object position = positionOf(document);
		if (skipped(document)) {
			return position;
		}
		for (KeyValue keyValue : getKeyValues(document)) {
			Set<Object> positions = this.entries.get(keyValue);
			if (positions != null && positions.remove(position)) {
				this.count--;
				if (positions.isEmpty()) {
					this.entries.remove(keyValue);
				}
			}
		}
		return position;
	}

	@Override
	public void checkUpdate(Document oldDocument, Document newDocument, MongoCollection<Object> collection) {
		// A secondary index accepts every document.
	}

	@Override
	public synchronized void updateInPlace(Document oldDocument, Document newDocument, Object position,
			MongoCollection<Object> collection) {
		if (!nullAwareEqualsKeys(oldDocument, newDocument)) {
			remove(oldDocument);
			add(newDocument, position, collection);
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

	/** Positions under keys starting with {@code prefix}, or {@code null} when more than {@code max}. */
	synchronized Set<Object> positions(List<Object> prefix, int max) {
		Set<Object> positions = new LinkedHashSet<>();
		for (Iterator<Set<Object>> it = subMap(prefix).values().iterator(); it.hasNext();) {
			positions.addAll(it.next());
			if (positions.size() > max) {
				return null;
			}
		}
		return positions;
	}

	/**
	 * The entries whose keys start with {@code prefix}, in key order: a live view, to be read by
	 * the caller while it holds its collection's lock (as every query and write does).
	 */
	NavigableMap<KeyValue, Set<Object>> subMap(List<Object> prefix) {
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
