package dev.maestro.launcher;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the launcher reads from its environment, resolved and validated up front so that a
 * typo fails before anything starts.
 */
record LauncherSettings(Path home, Optional<String> mongoUri, Optional<String> rabbitUri, Path dataDir, int mongoPort,
		int amqpPort, Duration startTimeout, List<Service> services) {

	static final int DEFAULT_MONGO_PORT = 27027;

	// 5672 belongs to a real RabbitMQ on many developer machines and on CI.
	static final int DEFAULT_AMQP_PORT = 5673;

	static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(240);

	/**
	 * Resolves the settings.
	 * @param env the environment, usually {@link System#getenv()}
	 * @param workingDir the directory relative paths are resolved against
	 * @return the settings
	 * @throws IllegalArgumentException naming the variable when a value is unusable
	 */
	static LauncherSettings from(Map<String, String> env, Path workingDir) {
		Path home = workingDir.resolve(text(env, "MAESTRO_HOME").orElse(".")).toAbsolutePath().normalize();
		Path dataDir = text(env, "MAESTRO_DATA_DIR").map(workingDir::resolve)
			.orElse(home.resolve("data"))
			.toAbsolutePath()
			.normalize();
		int mongoPort = port(env, "MAESTRO_MONGODB_PORT", DEFAULT_MONGO_PORT);
		int amqpPort = port(env, "MAESTRO_AMQP_PORT", DEFAULT_AMQP_PORT);
		Duration timeout = Duration.ofSeconds(positive(env, "MAESTRO_START_TIMEOUT_SECONDS",
				DEFAULT_START_TIMEOUT.toSeconds()));
		List<Service> services = new ArrayList<>();
		for (Service service : Service.DEFAULTS) {
			services.add(service.withPort(port(env, "MAESTRO_" + service.envName() + "_PORT", service.port())));
		}
		return new LauncherSettings(home, text(env, "MAESTRO_MONGODB_URI"), text(env, "MAESTRO_RABBITMQ_URI"), dataDir,
				mongoPort, amqpPort, timeout, List.copyOf(services));
	}

	/**
	 * The environment every service gets on top of the launcher's own: where the infrastructure
	 * is, its own port, and every service's URL so that they can find each other.
	 */
	Map<String, String> serviceEnvironment(Service service, String resolvedMongoUri, String resolvedRabbitUri) {
		Map<String, String> env = new LinkedHashMap<>();
		env.put("MAESTRO_MONGODB_URI", resolvedMongoUri);
		env.put("MAESTRO_RABBITMQ_URI", resolvedRabbitUri);
		env.put("MAESTRO_PORT", Integer.toString(service.port()));
		for (Service other : this.services) {
			env.put("MAESTRO_SERVICES_" + other.envName() + "_URL", other.url());
		}
		return env;
	}

	Path logDir() {
		return this.dataDir.resolve("logs");
	}

	Path mongoFile() {
		return this.dataDir.resolve("mongo").resolve("maestro.mv.db");
	}

	Path brokerDir() {
		return this.dataDir.resolve("broker");
	}

	private static Optional<String> text(Map<String, String> env, String name) {
		String value = env.get(name);
		return (value == null || value.isBlank()) ? Optional.empty() : Optional.of(value.trim());
	}

	private static int port(Map<String, String> env, String name, int defaultPort) {
		long port = number(env, name, defaultPort);
		if (port < 1 || port > 65535) {
			throw new IllegalArgumentException(name + " must be a port between 1 and 65535 but was " + port);
		}
		return (int) port;
	}

	private static long positive(Map<String, String> env, String name, long defaultValue) {
		long value = number(env, name, defaultValue);
		if (value < 1) {
			throw new IllegalArgumentException(name + " must be positive but was " + value);
		}
		return value;
	}

	private static long number(Map<String, String> env, String name, long defaultValue) {
		Optional<String> value = text(env, name);
		if (value.isEmpty()) {
			return defaultValue;
		}
		try {
			return Long.parseLong(value.get());
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException(name + " must be a number but was '" + value.get() + "'", ex);
		}
	}

}
