package dev.maestro.test;

import java.util.Locale;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.mongodb.MongoDBContainer;
import org.testcontainers.rabbitmq.RabbitMQContainer;

import org.springframework.test.context.DynamicPropertyRegistry;

import dev.maestro.embedded.EmbeddedBroker;
import dev.maestro.embedded.EmbeddedMongo;

/**
 * The MongoDB and RabbitMQ that every integration test runs against, chosen once per JVM so the
 * same tests run on a developer laptop, on CI and in a Docker-less sandbox.
 *
 * <p>RabbitMQ: {@code MAESTRO_TEST_RABBITMQ_URI} when set; otherwise a real broker on
 * {@code 127.0.0.1:5672} when it accepts an AMQP login as guest/guest; otherwise a Testcontainers
 * RabbitMQ when Docker is available; otherwise an in-memory embedded Qpid broker.
 *
 * <p>MongoDB: {@code MAESTRO_TEST_MONGODB_URI} when set; otherwise a Testcontainers
 * {@code mongo:7} when Docker is available; otherwise an in-memory embedded mongo-java-server.
 *
 * <p>Each is started on first use only, and whatever was started is stopped by a JVM shutdown
 * hook. Typical use:
 *
 * <pre>{@code
 * @DynamicPropertySource
 * static void infrastructure(DynamicPropertyRegistry registry) {
 *     MaestroInfrastructure.register(registry);
 * }
 * }</pre>
 */
public final class MaestroInfrastructure {

	static final String RABBITMQ_URI_VARIABLE = "MAESTRO_TEST_RABBITMQ_URI";

	static final String MONGODB_URI_VARIABLE = "MAESTRO_TEST_MONGODB_URI";

	private static final Logger logger = LoggerFactory.getLogger(MaestroInfrastructure.class);

	private MaestroInfrastructure() {
	}

	/**
	 * Returns the MongoDB connection string, starting MongoDB on first call if needed.
	 * @return for example {@code mongodb://127.0.0.1:45123}
	 */
	public static String mongoUri() {
		return MongoHolder.MONGO.uri();
	}

	/**
	 * Returns the AMQP URI of the broker, with credentials, starting one on first call if needed.
	 * @return for example {@code amqp://guest:guest@127.0.0.1:5672}
	 */
	public static String rabbitUri() {
		return RabbitHolder.RABBIT.uri();
	}

	/**
	 * Tells which kind of broker {@link #rabbitUri()} points at, for logs and test assumptions
	 * (for example, skipping a test of RabbitMQ-only dead-lettering on the embedded broker).
	 * @return {@code "rabbitmq"}, {@code "testcontainers"} or {@code "embedded-qpid"}
	 */
	public static String rabbitKind() {
		return RabbitHolder.RABBIT.kind().label();
	}

	/**
	 * For {@code @DynamicPropertySource}: sets {@code spring.mongodb.uri} and
	 * {@code spring.rabbitmq.addresses}. Both are resolved lazily, so a context that never reads
	 * one of them never starts that server.
	 * @param registry the registry passed to the {@code @DynamicPropertySource} method
	 */
	public static void register(DynamicPropertyRegistry registry) {
		registry.add("spring.mongodb.uri", MaestroInfrastructure::mongoUri);
		registry.add("spring.rabbitmq.addresses", MaestroInfrastructure::rabbitUri);
	}

	/** Which broker to use, in order of preference. */
	enum RabbitKind {

		CONFIGURED("rabbitmq"), LOCAL("rabbitmq"), TESTCONTAINERS("testcontainers"), EMBEDDED("embedded-qpid");

		private final String label;

		RabbitKind(String label) {
			this.label = label;
		}

		String label() {
			return this.label;
		}

	}

	/** Which MongoDB to use, in order of preference. */
	enum MongoKind {

		CONFIGURED, TESTCONTAINERS, EMBEDDED

	}

	/**
	 * The selection rule, separate from the probes so it can be tested without any server. The
	 * probes are only called when the earlier choices do not apply, because asking Docker can take
	 * seconds.
	 */
	static RabbitKind chooseRabbit(String configuredUri, BooleanSupplier localRabbitAnswers,
			BooleanSupplier dockerAvailable) {
		if (hasText(configuredUri)) {
			return RabbitKind.CONFIGURED;
		}
		if (localRabbitAnswers.getAsBoolean()) {
			return RabbitKind.LOCAL;
		}
		return dockerAvailable.getAsBoolean() ? RabbitKind.TESTCONTAINERS : RabbitKind.EMBEDDED;
	}

	static MongoKind chooseMongo(String configuredUri, BooleanSupplier dockerAvailable) {
		if (hasText(configuredUri)) {
			return MongoKind.CONFIGURED;
		}
		return dockerAvailable.getAsBoolean() ? MongoKind.TESTCONTAINERS : MongoKind.EMBEDDED;
	}

	private static boolean hasText(String value) {
		return value != null && !value.isBlank();
	}

	private static boolean dockerAvailable() {
		try {
			return DockerClientFactory.instance().isDockerAvailable();
		}
		catch (RuntimeException | LinkageError ex) {
			logger.debug("Docker is not usable", ex);
			return false;
		}
	}

	private static void stopOnExit(String what, AutoCloseable resource) {
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			try {
				resource.close();
			}
			catch (Exception ex) {
				// The JVM is exiting; there is nobody left to handle this.
				logger.debug("Could not stop {}", what, ex);
			}
		}, "maestro-test-" + what + "-shutdown"));
	}

	/** A started (or external) server and how it was chosen. */
	private record Selected<K>(K kind, String uri) {
	}

	private static final class RabbitHolder {

		static final Selected<RabbitKind> RABBIT = start();

		private static Selected<RabbitKind> start() {
			String configured = System.getenv(RABBITMQ_URI_VARIABLE);
			RabbitKind kind = chooseRabbit(configured, () -> LocalRabbitProbe.answers(LocalRabbitProbe.LOCAL_URI),
					MaestroInfrastructure::dockerAvailable);
			String uri = switch (kind) {
				case CONFIGURED -> configured.trim();
				case LOCAL -> LocalRabbitProbe.LOCAL_URI;
				case TESTCONTAINERS -> startContainer(() -> new RabbitMQContainer("rabbitmq:3.13-alpine"),
						(container) -> "amqp://" + container.getAdminUsername() + ":" + container.getAdminPassword()
								+ "@" + container.getHost() + ":" + container.getAmqpPort());
				case EMBEDDED -> {
					EmbeddedBroker broker = EmbeddedBroker.inMemory(0);
					stopOnExit("broker", broker);
					yield broker.uri();
				}
			};
			logger.info("Integration tests use {} at {}", kind.label(), redact(uri));
			return new Selected<>(kind, uri);
		}

	}

	private static final class MongoHolder {

		static final Selected<MongoKind> MONGO = start();

		private static Selected<MongoKind> start() {
			String configured = System.getenv(MONGODB_URI_VARIABLE);
			MongoKind kind = chooseMongo(configured, MaestroInfrastructure::dockerAvailable);
			String uri = switch (kind) {
				case CONFIGURED -> configured.trim();
				case TESTCONTAINERS -> startContainer(() -> new MongoDBContainer("mongo:7"),
						MongoDBContainer::getConnectionString);
				case EMBEDDED -> {
					EmbeddedMongo mongo = EmbeddedMongo.inMemory(0);
					stopOnExit("mongo", mongo);
					yield mongo.uri();
				}
			};
			logger.info("Integration tests use MongoDB ({}) at {}", kind.name().toLowerCase(Locale.ROOT),
					redact(uri));
			return new Selected<>(kind, uri);
		}

	}

	private static <C extends GenericContainer<?>> String startContainer(
			Supplier<C> factory, Function<C, String> uri) {
		C container = factory.get();
		container.start();
		stopOnExit(container.getDockerImageName(), container::stop);
		return uri.apply(container);
	}

	static String redact(String uri) {
		return uri.replaceFirst("//[^@/]*@", "//***@");
	}

}
