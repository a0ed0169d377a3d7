package dev.maestro.embedded;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.bson.Document;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/** An H2 database whose collections are {@link IndexNarrowingH2Collection}s (same maps, same files). */
final class IndexNarrowingH2Database extends H2Database {

	/**
	 * The store while the super constructor runs: it already opens the existing collections,
	 * before this class's own fields are set.
	 */
	private static final ThreadLocal<MVStore> CONSTRUCTING = new ThreadLocal<>();

	private final MVStore store;

	IndexNarrowingH2Database(String databaseName, MVStore store, CursorRegistry cursorRegistry) {
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
		// The map names H2Database itself uses, so that data written before stays readable.
		String namespace = getFullCollectionNamespace(collectionName);
		MVMap<Object, Document> dataMap = store().openMap("databases." + namespace);
		MVMap<String, Object> metaMap = store().openMap("meta." + namespace);
		return new IndexNarrowingH2Collection(this, collectionName, options, dataMap, metaMap, this.cursorRegistry);
	}

}
