package dev.maestro.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.qpid.server.SystemLauncher;
import org.apache.qpid.server.SystemLauncherListener;
import org.apache.qpid.server.model.Broker;
import org.apache.qpid.server.model.Port;
import org.apache.qpid.server.model.Queue;
import org.apache.qpid.server.model.SystemConfig;
import org.apache.qpid.server.model.port.AmqpPort;

/**
 * An in-process AMQP 0-9-1 broker (Apache Qpid Broker-J), for development and tests only.
 *
 * <p>It listens on 127.0.0.1 only, accepts {@code guest}/{@code guest} with SASL PLAIN and no
 * TLS, and serves its one virtual host under the names {@code "/"}, {@code ""} and
 * {@code "default"}, so Spring AMQP and the RabbitMQ client work with their defaults.
 *
 * <p>It behaves like RabbitMQ for the basics (topic exchanges, durable queues, persistent
 * messages, manual acknowledgements, publisher confirms, per-message TTL) but not in every
 * detail. RabbitMQ-only queue arguments such as {@code x-dead-letter-exchange} and
 * {@code x-message-ttl} are accepted with a warning and ignored, so a message rejected without
 * requeue is dropped rather than dead-lettered. With publisher confirms, an unroutable
 * {@code mandatory} message is returned and nacked, where RabbitMQ returns and acks it. The
 * tests of this module pin down each of these differences.
 *
 * <p>Qpid's operational log (connection opened, queue created, ...) goes to the SLF4J logger
 * {@code dev.maestro.embedded.qpid} at DEBUG instead of INFO, and nothing is printed to
 * standard output, so the host application's console stays readable. The broker never
 * installs or reconfigures a logging backend of its own.
 */
public final class EmbeddedBroker implements AutoCloseable {

	private static final String HOST = "127.0.0.1";

	private static final String IN_MEMORY_CONFIG = "qpid-in-memory.json";

	private static final String PERSISTENT_CONFIG = "qpid-persistent.json";

	private static final String SYSTEM_PROPERTIES = "qpid-system.properties";

	private final SystemLauncher launcher;

	private final int port;

	private final String description;

	private final AtomicBoolean stopped;

	private boolean closed;

	private EmbeddedBroker(SystemLauncher launcher, int port, String description, AtomicBoolean stopped) {
		this.launcher = launcher;
		this.port = port;
		this.description = description;
		this.stopped = stopped;
	}

	/**
	 * Starts a broker that keeps queues and messages in memory only.
	 * @param port the TCP port on 127.0.0.1, or 0 for any free port
	 * @return the running broker
	 */
	public static EmbeddedBroker inMemory(int port) {
		Map<String, Object> attributes = new HashMap<>();
		attributes.put("type", "Memory");
		return start(IN_MEMORY_CONFIG, attributes, port, null, "in-memory");
	}

	/**
	 * Starts a broker that keeps its configuration, durable exchanges, queues and bindings and
	 * persistent messages under {@code workDir} (a JSON configuration store and an Apache Derby
	 * message store), so that they survive a restart on the same directory. A lock left behind by
	 * a killed process does not block the start: both stores lock with operating-system file
	 * locks, which die with their process.
	 * @param workDir the directory for the broker's files; created when missing
	 * @param port the TCP port on 127.0.0.1, or 0 for any free port
	 * @return the running broker
	 */
	public static EmbeddedBroker persistent(Path workDir, int port) {
		Objects.requireNonNull(workDir, "workDir");
		Path dir = workDir.toAbsolutePath();
		try {
			Files.createDirectories(dir);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not create the broker directory " + dir, ex);
		}
		// Derby writes derby.log into its system home, which defaults to the working directory of
		// the JVM. The property is JVM-wide and read once, so only claim it when nobody else has.
		if (System.getProperty("derby.system.home") == null) {
			System.setProperty("derby.system.home", dir.toString());
		}
		Map<String, Object> attributes = new HashMap<>();
		attributes.put("type", "JSON");
		attributes.put("storePath", dir.resolve("config.json").toString());
		return start(PERSISTENT_CONFIG, attributes, port, dir, dir.toString());
	}

	private static EmbeddedBroker start(String configName, Map<String, Object> attributes, int port, Path workDir,
			String description) {
		EmbeddedMongo.checkPort(port);
		URL config = resource(configName);
		Map<String, String> context = new HashMap<>();
		context.put("maestro.amqp_port", Integer.toString(port));
		// RabbitMQ-only queue arguments (x-dead-letter-exchange, x-message-ttl, ...) make Qpid
		// close the whole connection by default. Services declare them for RabbitMQ, so the
		// embedded broker logs a warning and ignores them instead: declarations succeed, but
		// those features do nothing here.
		context.put(Queue.UNKNOWN_QUEUE_DECLARE_ARGUMENT_BEHAVIOUR_NAME, Queue.BehaviourOnUnknownDeclareArgument.LOG.name());
		if (workDir != null) {
			context.put("qpid.work_dir", workDir.toString());
		}
		attributes.put(SystemConfig.INITIAL_CONFIGURATION_LOCATION, config.toExternalForm());
		attributes.put(SystemConfig.INITIAL_SYSTEM_PROPERTIES_LOCATION, resource(SYSTEM_PROPERTIES).toExternalForm());
		attributes.put(SystemConfig.STARTUP_LOGGED_TO_SYSTEM_OUT, Boolean.FALSE);
		// The default preference store writes preferences.json into the working directory,
		// which an in-memory broker must not touch and nobody here needs.
		attributes.put("preferenceStoreAttributes", Map.of("type", "Noop"));
		attributes.put("context", context);

		AtomicReference<SystemConfig<?>> systemConfig = new AtomicReference<>();
		AtomicBoolean stopped = new AtomicBoolean();
		SystemLauncher launcher = new SystemLauncher(new QuietListener(systemConfig, stopped));
		try {
			launcher.startup(attributes);
		}
		catch (Exception ex) {
			launcher.shutdown();
			throw new IllegalStateException("Could not start the embedded AMQP broker on " + HOST + ":" + port, ex);
		}
		int boundPort = boundAmqpPort(systemConfig.get());
		if (boundPort <= 0) {
			// Qpid logs a port that fails to bind and carries on; an embedded broker without
			// its port is useless, so fail loudly instead.
			launcher.shutdown();
			throw new IllegalStateException("The embedded AMQP broker could not bind " + HOST + ":" + port);
		}
		return new EmbeddedBroker(launcher, boundPort, description, stopped);
	}

	private static URL resource(String name) {
		URL url = EmbeddedBroker.class.getResource(name);
		if (url == null) {
			throw new IllegalStateException("Missing broker resource " + name);
		}
		return url;
	}

	private static int boundAmqpPort(SystemConfig<?> systemConfig) {
		if (systemConfig == null) {
			return -1;
		}
		Broker<?> broker = systemConfig.getContainer(Broker.class);
		for (Port<?> candidate : broker.getPorts()) {
			if (candidate instanceof AmqpPort<?> amqp) {
				return amqp.getBoundPort();
			}
		}
		return -1;
	}

	/**
	 * Returns the AMQP URI of this broker, with credentials and the default virtual host.
	 * @return for example {@code amqp://guest:guest@127.0.0.1:45123}
	 */
	public String uri() {
		return "amqp://guest:guest@" + HOST + ":" + this.port;
	}

	/**
	 * Returns the TCP port this broker listens on.
	 * @return the bound port, never 0
	 */
	public int port() {
		return this.port;
	}

	/**
	 * Closes client connections and stops the broker; a persistent broker closes its stores
	 * cleanly. Calling it again does nothing. Note that Qpid also stops the broker from a JVM
	 * shutdown hook of its own, so on Ctrl-C it may stop before this is called.
	 */
	@Override
	public synchronized void close() {
		if (this.closed) {
			return;
		}
		this.closed = true;
		// Qpid installs its own JVM shutdown hook; when it ran first, the broker is already down.
		if (!this.stopped.get()) {
			this.launcher.shutdown();
		}
	}

	@Override
	public String toString() {
		return "EmbeddedBroker[" + uri() + ", " + this.description + "]";
	}

	/**
	 * Captures the system configuration and turns Qpid's operational log down to DEBUG as soon as
	 * the model exists, which is before the broker logs its start-up messages.
	 */
	private static final class QuietListener extends SystemLauncherListener.DefaultSystemLauncherListener {

		private final AtomicReference<SystemConfig<?>> systemConfig;

		private final AtomicBoolean stopped;

		QuietListener(AtomicReference<SystemConfig<?>> systemConfig, AtomicBoolean stopped) {
			this.systemConfig = systemConfig;
			this.stopped = stopped;
		}

		@Override
		public void onContainerResolve(SystemConfig<?> config) {
			this.systemConfig.set(config);
			config.getEventLogger().setMessageLogger(new DebugMessageLogger());
		}

		@Override
		public void onContainerClose(SystemConfig<?> config) {
			this.stopped.set(true);
		}

	}

}
