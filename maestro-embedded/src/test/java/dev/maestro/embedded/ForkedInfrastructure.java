package dev.maestro.embedded;

import java.nio.file.Path;

/**
 * Runs a persistent server in a separate JVM so that a test can kill it with SIGKILL, the way a
 * crashed or {@code kill -9}ed launcher leaves its files behind.
 */
final class ForkedInfrastructure {

	static final String READY = "READY ";

	private ForkedInfrastructure() {
	}

	public static void main(String[] args) throws Exception {
		Path path = Path.of(args[1]);
		AutoCloseable server = switch (args[0]) {
			case "mongo" -> {
				EmbeddedMongo mongo = EmbeddedMongo.persistent(path, 0);
				System.out.println(READY + mongo.uri());
				yield mongo;
			}
			case "broker" -> {
				EmbeddedBroker broker = EmbeddedBroker.persistent(path, 0);
				System.out.println(READY + broker.uri());
				yield broker;
			}
			default -> throw new IllegalArgumentException(args[0]);
		};
		System.out.flush();
		// Never closed on purpose: the parent kills this process.
		Thread.sleep(Long.MAX_VALUE);
		server.close();
	}

}
