package dev.maestro.embedded;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.bson.Document;
import org.h2.mvstore.MVMap;

/**
 * An H2 collection that uses its unique indexes (the {@code _id} index above all) for queries that
 * name more fields than the index. mongo-java-server answers a query from an index only when the
 * query names exactly the index's fields; {@code {_id: x, teamId: t}} — how every Maestro service
 * reads a record of a team — scanned the whole collection. Here the index narrows the candidates
 * to the documents with those key values and the full query is then matched against each of them,
 * so the answer is the same, without the scan. Real MongoDB does this itself.
 */
final class IndexNarrowingH2Collection extends H2Collection {

	IndexNarrowingH2Collection(MongoDatabase database, String collectionName, CollectionOptions options,
			MVMap<Object, Document> dataMap, MVMap<String, Object> metaMap, CursorRegistry cursorRegistry) {
		super(database, collectionName, options, dataMap, metaMap, cursorRegistry);
	}

	@Override
	protected QueryResult queryDocuments(Document query, Document orderBy, int numberToSkip, int limit, int batchSize,
			Document fieldSelector) {
		for (Index<Object> index : getIndexes()) {
			if (index.canHandle(query)) {
				return super.queryDocuments(query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
			}
		}
		for (Index<Object> index : getIndexes()) {
			Document narrowed = narrowed(query, index);
			if (narrowed != null && index.canHandle(narrowed)) {
				return matchDocuments(query, index.getPositions(narrowed), orderBy, numberToSkip, limit, batchSize,
						fieldSelector);
			}
		}
		return super.queryDocuments(query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
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
