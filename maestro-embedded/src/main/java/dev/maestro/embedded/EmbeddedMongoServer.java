package dev.maestro.embedded;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * The embedded MongoDB-wire store as a process of its own, for tests that must freeze, kill and
 * restart the database without touching the services ({@code .ci/faults.py}). Development and
 * tests only.
 *
 * <pre>
 * java -Dloader.main=dev.maestro.embedded.EmbeddedMongoServer -cp maestro-launcher/target/maestro-launcher-*.jar \
 *     org.springframework.boot.loader.launch.PropertiesLauncher &lt;port&gt; [&lt;file.mv.db&gt;]
 * </pre>
 *
 * Without a file the data lives in memory. SIGTERM (or Ctrl-C) closes the store, committing the
 * file; after SIGKILL the file holds what was committed (H2 commits about every second).
 */
public final class EmbeddedMongoServer {

	private EmbeddedMongoServer() {
	}

	/**
	 * Starts the store and blocks until the process is stopped.
	 * @param args the port on 127.0.0.1, then optionally the MVStore file
	 */
	public static void main(String[] args) throws InterruptedException {
		if (args.length < 1 || args.length > 2) {
			System.err.println("usage: EmbeddedMongoServer <port> [<file.mv.db>]");
			System.exit(2);
			return;
		}
		int port;
		try {
			port = Integer.parseInt(args[0]);
		}
		catch (NumberFormatException ex) {
			System.err.println("EmbeddedMongoServer: the port must be a number but was '" + args[0] + "'");
			System.exit(2);
			return;
		}
		EmbeddedMongo mongo = (args.length == 2) ? EmbeddedMongo.persistent(Path.of(args[1]), port)
				: EmbeddedMongo.inMemory(port);
		Runtime.getRuntime().addShutdownHook(new Thread(mongo::close, "embedded-mongo-shutdown"));
		System.out.println("Embedded MongoDB listening on " + mongo.uri() + " (" + mongo + ")");
		new CountDownLatch(1).await();
	}

}
