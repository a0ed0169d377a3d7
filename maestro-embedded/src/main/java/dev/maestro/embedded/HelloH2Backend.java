package dev.maestro.embedded;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;

/**
 * An MVStore-file backend that also understands {@code hello} and answers queries that name a
 * unique index's fields (and more) from that index ({@link IndexNarrowingH2Collection}).
 */
final class HelloH2Backend extends H2Backend {

	HelloH2Backend(String fileName) {
		super(fileName);
	}

	@Override
	protected MongoDatabase openOrCreateDatabase(String databaseName) {
		return new IndexNarrowingH2Database(databaseName, getMvStore(), getCursorRegistry());
	}

	@Override
	public Document handleCommand(Channel channel, String databaseName, String command, Document query) {
		if (HelloCommand.matches(command)) {
			return HelloCommand.answer(() -> super.handleCommand(channel, databaseName, "isMaster", query));
		}
		return super.handleCommand(channel, databaseName, command, query);
	}

}
