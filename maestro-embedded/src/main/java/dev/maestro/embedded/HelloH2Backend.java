package dev.maestro.embedded;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;
import org.h2.mvstore.MVStore;

/**
 * An MVStore backend that also understands {@code hello} and keeps its indexes in memory, secondary
 * ones included, planning queries on them ({@link IndexedH2Database}).
 */
final class HelloH2Backend extends H2Backend {

	HelloH2Backend(String fileName) {
		super(new MVStore.Builder().fileName(fileName).cacheSize(cacheSizeMb()).open());
	}

	/**
	 * The MVStore's page cache: a fifth of the heap rather than H2's 16 MB, so that a team of
	 * 100,000 servers is read from deserialized pages in memory instead of being deserialized
	 * again (Java serialization) on every page of a list.
	 */
	static int cacheSizeMb() {
		return (int) Math.max(16, Runtime.getRuntime().maxMemory() / 5 / (1024 * 1024));
	}

	/** A backend on this store; {@code MVStore.open(null)} keeps everything in memory. */
	HelloH2Backend(MVStore store) {
		super(store);
	}

	@Override
	protected MongoDatabase openOrCreateDatabase(String databaseName) {
		return new IndexedH2Database(databaseName, getMvStore(), getCursorRegistry());
	}

	@Override
	public Document handleCommand(Channel channel, String databaseName, String command, Document query) {
		if (HelloCommand.matches(command)) {
			return HelloCommand.answer(() -> super.handleCommand(channel, databaseName, "isMaster", query));
		}
		return super.handleCommand(channel, databaseName, command, query);
	}

}
