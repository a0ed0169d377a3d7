package dev.maestro.embedded;

import java.util.List;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.bson.Document;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * An H2 database whose documents stay in the MVStore (same maps, same files) and whose indexes
 * live in memory, rebuilt from the documents when it opens: unique ones in a
 * {@link HashUniqueIndex}, secondary ones — which mongo-java-server would ignore — in an
 * {@link OrderedIndex}; its collections ({@link IndexedH2Collection}) plan queries on both.
 */
final class IndexedH2Database extends H2Database {

	/**
	 * The store while the super constructor runs: it already opens the existing collections,
	 * before this class's own fields are set.
	 */
	private static final ThreadLocal<MVStore> CONSTRUCTING = new ThreadLocal<>();

	private final MVStore store;

	IndexedH2Database(String databaseName, MVStore store, CursorRegistry cursorRegistry) {
		super(databaseName, constructing(store), cursorRegistry);
		CONSTRUCTING.remove();
		this.store = store;
	}

	private static MVStore constructing(MVStore store) {
		CONSTRUCTING.set(store);
		return store;
	}

	private MVStore store() {
		return (this.store != null) ? this.store : CONSTRUCTING.get();
	}

	@Override
	protected MongoCollection<Object> openOrCreateCollection(String collectionName, CollectionOptions options) {
		// The map names H2Database itself uses, so that data written before stays readable
		// (BsonDocumentType still reads the documents it wrote with Java serialization).
		String namespace = getFullCollectionNamespace(collectionName);
		MVMap<Object, Document> dataMap = store().openMap("databases." + namespace,
				new MVMap.Builder<Object, Document>().valueType(BsonDocumentType.INSTANCE));
		MVMap<String, Object> metaMap = store().openMap("meta." + namespace);
		return new IndexedH2Collection(this, collectionName, options, dataMap, metaMap, this.cursorRegistry);
	}

	@Override
	protected Index<Object> openOrCreateUniqueIndex(String collectionName, String indexName, List<IndexKey> keys,
			boolean sparse) {
		// Files written before kept unique indexes as maps of their own; they are derived data, and
		// dropping them lets an older version of this store rebuild them instead of trusting stale ones.
		String persisted = getFullCollectionNamespace(collectionName) + "._index_" + indexName;
		if (store().hasMap(persisted)) {
			store().removeMap(persisted);
		}
		return new HashUniqueIndex(indexName, keys, sparse);
	}

	@Override
	protected Index<Object> openOrCreateSecondaryIndex(String collectionName, String indexName, List<IndexKey> keys,
			boolean sparse) {
		return new OrderedIndex(indexName, keys, sparse, "_id");
	}

}
