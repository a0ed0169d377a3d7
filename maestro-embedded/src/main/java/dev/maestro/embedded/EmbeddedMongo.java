package dev.maestro.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.ServerVersion;
import org.h2.mvstore.MVStore;

/**
 * An in-process server that speaks the MongoDB wire protocol (mongo-java-server), for development
 * and tests only.
 *
 * <p>It reports itself as MongoDB 5.0 so that current drivers negotiate a modern wire version. It
 * has known gaps compared with a real MongoDB: no {@code $text} search, no multi-document
 * transactions, no change streams, no TTL indexes, no data size in {@code collStats}. Indexes,
 * unique and secondary, are kept in memory and rebuilt from the documents at start-up; queries
 * are planned on them ({@link IndexedH2Collection}). The {@code hello} command, which the server
 * itself lacks, is answered like {@code isMaster}.
 *
 * <pre>{@code
 * try (EmbeddedMongo mongo = EmbeddedMongo.persistent(Path.of("data/mongo/maestro.mv.db"), 27027)) {
 *     MongoClients.create(mongo.uri());
 * }
 * }</pre>
 */
public final class EmbeddedMongo implements AutoCloseable {

	private static final String HOST = "127.0.0.1";

	private final MongoServer server;

	private final InetSocketAddress address;

	private final String description;

	private boolean closed;

	private EmbeddedMongo(MongoBackend backend, int port, String description) {
		checkPort(port);
		backend.version(ServerVersion.MONGO_5_0);
		this.server = new MongoServer(backend);
		try {
			this.server.bind(HOST, port);
		}
		catch (Exception ex) {
			// Netty rethrows a BindException without declaring it, hence the broad catch. Shutting
			// down frees the event loops and closes the backend, which releases the file lock.
			this.server.shutdownNow();
			throw new IllegalStateException("Could not bind embedded MongoDB to " + HOST + ":" + port, ex);
		}
		this.address = this.server.getLocalAddress();
		this.description = description;
	}

	/**
	 * Starts a server whose data lives only in memory.
	 * @param port the TCP port on 127.0.0.1, or 0 for any free port
	 * @return the running server
	 */
	public static EmbeddedMongo inMemory(int port) {
		// The same backend as the persistent store, on an MVStore without a file: tests exercise the
		// query planning the launcher's store uses.
		return new EmbeddedMongo(new HelloH2Backend(MVStore.open(null)), port, "in-memory");
	}

	/**
	 * Starts a server that keeps its data in an H2 MVStore file, so that it survives a restart on
	 * the same file. Parent directories are created. A lock left behind by a killed process does
	 * not block the start: the MVStore lock is an operating-system file lock that dies with its
	 * process.
	 * @param file the MVStore file, conventionally ending in {@code .mv.db}
	 * @param port the TCP port on 127.0.0.1, or 0 for any free port
	 * @return the running server
	 */
	public static EmbeddedMongo persistent(Path file, int port) {
		Objects.requireNonNull(file, "file");
		Path absolute = file.toAbsolutePath();
		try {
			if (absolute.getParent() != null) {
				Files.createDirectories(absolute.getParent());
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not create the directory for " + absolute, ex);
		}
		return new EmbeddedMongo(new HelloH2Backend(absolute.toString()), port, absolute.toString());
	}

	/**
	 * Returns the connection string of this server.
	 * @return for example {@code mongodb://127.0.0.1:45123}
	 */
	public String uri() {
		return "mongodb://" + HOST + ":" + port();
	}

	/**
	 * Returns the TCP port this server listens on.
	 * @return the bound port, never 0
	 */
	public int port() {
		return this.address.getPort();
	}

	/**
	 * Stops listening, closes client connections and, for a persistent server, commits and closes
	 * the MVStore file. Calling it again does nothing.
	 */
	@Override
	public synchronized void close() {
		if (this.closed) {
			return;
		}
		this.closed = true;
		// shutdownNow() also closes the backend, which for H2 commits and closes the MVStore.
		this.server.shutdownNow();
	}

	@Override
	public String toString() {
		return "EmbeddedMongo[" + uri() + ", " + this.description + "]";
	}

	static void checkPort(int port) {
		if (port < 0 || port > 65535) {
			throw new IllegalArgumentException("Port must be between 0 and 65535 but was " + port);
		}
	}

}
