package dev.maestro.embedded;

import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;

/** An in-memory backend that also understands {@code hello}. */
final class HelloMemoryBackend extends MemoryBackend {

	@Override
	public Document handleCommand(Channel channel, String databaseName, String command, Document query) {
		if (HelloCommand.matches(command)) {
			return HelloCommand.answer(() -> super.handleCommand(channel, databaseName, "isMaster", query));
		}
		return super.handleCommand(channel, databaseName, command, query);
	}

}
