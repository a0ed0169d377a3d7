package dev.maestro.embedded;

import java.util.function.Supplier;

import de.bwaldvogel.mongo.bson.Document;

/**
 * Answers MongoDB's {@code hello} command, which mongo-java-server 1.47 only knows under its
 * legacy name {@code isMaster}. Spring Boot's MongoDB health indicator sends {@code hello} to the
 * application's database, so without this every service reports DOWN on the embedded server.
 */
final class HelloCommand {

	private HelloCommand() {
	}

	static boolean matches(String command) {
		return "hello".equalsIgnoreCase(command);
	}

	static Document answer(Supplier<Document> isMaster) {
		Document reply = isMaster.get();
		// hello renamed the "ismaster" field; report both so old and new clients agree.
		reply.put("isWritablePrimary", Boolean.TRUE.equals(reply.get("ismaster")));
		return reply;
	}

}
