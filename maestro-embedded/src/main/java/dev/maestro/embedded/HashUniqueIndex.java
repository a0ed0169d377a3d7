package dev.maestro.embedded;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import de.bwaldvogel.mongo.backend.AbstractUniqueIndex;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;

/**
 * A unique index (the {@code _id} index among them) kept in a hash map in memory and rebuilt
 * from the documents when the store opens. mongo-java-server's H2 backend keeps unique indexes in
 * MVStore maps whose keys it compares by Java-serialising both sides on every comparison: that
 * was 40% of the embedded store's time in a discovery sync. The documents themselves stay in the
 * MVStore file; an index is only ever derived from them.
 */
final class HashUniqueIndex extends AbstractUniqueIndex<Object> {

	private final Map<KeyValue, Object> positions = new ConcurrentHashMap<>();

	HashUniqueIndex(String name, List<IndexKey> keys, boolean sparse) {
		super(name, keys, sparse);
	}

	@Override
	protected Object removeDocument(KeyValue keyValue) {
		return this.positions.remove(keyValue);
	}

	@Override
	protected boolean putKeyPosition(KeyValue keyValue, Object position) {
		return this.positions.putIfAbsent(keyValue, Missing.ofNullable(position)) == null;
	}

	@Override
	protected Iterable<Map.Entry<KeyValue, Object>> getIterable() {
		return this.positions.entrySet();
	}

	@Override
	protected Object getPosition(KeyValue keyValue) {
		return this.positions.get(keyValue);
	}

	@Override
	public long getCount() {
		return this.positions.size();
	}

	@Override
	public boolean isEmpty() {
		return this.positions.isEmpty();
	}

	@Override
	public long getDataSize() {
		return getCount();
	}

	@Override
	public void drop() {
		this.positions.clear();
	}

}
