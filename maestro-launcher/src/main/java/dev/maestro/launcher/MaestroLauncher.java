package dev.maestro.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;

import dev.maestro.embedded.EmbeddedBroker;
import dev.maestro.embedded.EmbeddedMongo;

/**
 * Starts the whole Maestro suite on one machine: an embedded MongoDB-wire store and AMQP broker
 * persisted under the data directory (unless {@code MAESTRO_MONGODB_URI} and
 * {@code MAESTRO_RABBITMQ_URI} name real ones), then every service as a child JVM, and waits
 * until all of them report UP. Ctrl-C stops everything in reverse order and flushes the data.
 *
 * <p>Run it through the {@code ./maestro} script at the repository root, which builds the jars
 * first when they are missing or stale.
 */
public final class MaestroLauncher {

	private static final Duration POLL_INTERVAL = Duration.ofMillis(500);

	private static final Duration STOP_GRACE = Duration.ofSeconds(20);

	private static final int LOG_TAIL_LINES = 30;

	private final LauncherSettings settings;

	private final PrintStream out;

	private final List<ServiceProcess> services = new ArrayList<>();

	private final List<AutoCloseable> infrastructure = new ArrayList<>();

	private final PidFile pidFile;

	private final Map<Service, String> lastHealth = new ConcurrentHashMap<>();

	private volatile boolean stopping;

	private MaestroLauncher(LauncherSettings settings, PrintStream out) {
		this.settings = settings;
		this.out = out;
		this.pidFile = new PidFile(settings.dataDir().resolve("maestro.pids"));
	}

	/**
	 * Starts the suite and blocks until the JVM is asked to stop.
	 * @param args ignored
	 */
	public static void main(String[] args) throws InterruptedException {
		LauncherSettings settings;
		try {
			settings = LauncherSettings.from(System.getenv(), Path.of("").toAbsolutePath());
		}
		catch (IllegalArgumentException ex) {
			System.err.println("maestro: " + ex.getMessage());
			System.exit(2);
			return;
		}
		MaestroLauncher launcher = new MaestroLauncher(settings, System.out);
		Runtime.getRuntime().addShutdownHook(new Thread(launcher::stop, "maestro-shutdown"));
		if (!launcher.start()) {
			// exit() runs the shutdown hook, which stops whatever did start.
			System.exit(1);
		}
		new CountDownLatch(1).await();
	}

	private boolean start() {
		try {
			Files.createDirectories(this.settings.logDir());
			List<ProcessHandle> leftovers = this.pidFile.killLeftovers(this.settings.home());
			if (!leftovers.isEmpty()) {
				this.out.println("Stopped " + leftovers.size() + " service(s) left running by an earlier launcher.");
			}
			List<Path> jars = findJars();
			checkPortsAreFree();
			String mongoUri = mongo();
			String rabbitUri = rabbit();
			startServices(jars, mongoUri, rabbitUri);
			if (!awaitHealthy()) {
				return false;
			}
			printReady(mongoUri, rabbitUri);
			watchForCrashes();
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
		catch (IOException | RuntimeException ex) {
			this.out.println("maestro: " + ex.getMessage());
			for (Throwable cause = ex.getCause(); cause != null; cause = cause.getCause()) {
				this.out.println("  caused by: " + cause);
			}
			return false;
		}
	}

	private List<Path> findJars() {
		List<Path> jars = new ArrayList<>();
		List<String> missing = new ArrayList<>();
		for (Service service : this.settings.services()) {
			Optional<Path> jar = ServiceJars.find(this.settings.home(), service.module());
			jar.ifPresentOrElse(jars::add, () -> missing.add(service.module()));
		}
		if (!missing.isEmpty()) {
			throw new IllegalStateException("No executable jar for " + String.join(", ", missing) + " under "
					+ this.settings.home() + "; build with ./mvnw -DskipTests install (./maestro does this for you)");
		}
		return jars;
	}

	private void checkPortsAreFree() {
		Set<String> taken = new LinkedHashSet<>();
		for (Service service : this.settings.services()) {
			if (!isFree(service.port())) {
				taken.add(service.module() + " (" + service.port() + ")");
			}
		}
		if (this.settings.mongoUri().isEmpty() && !isFree(this.settings.mongoPort())) {
			taken.add("embedded MongoDB (" + this.settings.mongoPort() + ", MAESTRO_MONGODB_PORT)");
		}
		if (this.settings.rabbitUri().isEmpty() && !isFree(this.settings.amqpPort())) {
			taken.add("embedded AMQP broker (" + this.settings.amqpPort() + ", MAESTRO_AMQP_PORT)");
		}
		if (!taken.isEmpty()) {
			throw new IllegalStateException("Ports already in use: " + String.join(", ", taken)
					+ ". Is Maestro already running? Ports can be changed with MAESTRO_<SERVICE>_PORT.");
		}
	}

	private static boolean isFree(int port) {
		try (ServerSocket socket = new ServerSocket()) {
			socket.setReuseAddress(true);
			socket.bind(new InetSocketAddress("0.0.0.0", port));
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private String mongo() {
		if (this.settings.mongoUri().isPresent()) {
			return this.settings.mongoUri().get();
		}
		EmbeddedMongo mongo = EmbeddedMongo.persistent(this.settings.mongoFile(), this.settings.mongoPort());
		this.infrastructure.add(mongo);
		return mongo.uri();
	}

	private String rabbit() {
		if (this.settings.rabbitUri().isPresent()) {
			return this.settings.rabbitUri().get();
		}
		EmbeddedBroker broker = EmbeddedBroker.persistent(this.settings.brokerDir(), this.settings.amqpPort());
		this.infrastructure.add(broker);
		return broker.uri();
	}

	private void startServices(List<Path> jars, String mongoUri, String rabbitUri) throws IOException {
		Path javaHome = Path.of(System.getProperty("java.home"));
		List<Service> all = this.settings.services();
		this.out.println("Starting " + all.size() + " services (logs in " + this.settings.logDir() + ") ...");
		for (int i = 0; i < all.size(); i++) {
			Service service = all.get(i);
			Path log = this.settings.logDir().resolve(service.module() + ".log");
			synchronized (this.services) {
				this.services.add(ServiceProcess.start(service, ServiceProcess.javaCommand(javaHome, jars.get(i)),
						this.settings.serviceEnvironment(service, mongoUri, rabbitUri), log));
			}
		}
		this.pidFile.write(this.services.stream().map((service) -> service.process().toHandle()).toList());
	}

	private boolean awaitHealthy() throws InterruptedException {
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
		Instant deadline = Instant.now().plus(this.settings.startTimeout());
		Set<Service> pending = new LinkedHashSet<>(this.settings.services());
		while (!pending.isEmpty()) {
			if (this.stopping) {
				// Ctrl-C during start-up: the shutdown hook is already stopping everything.
				return false;
			}
			for (ServiceProcess service : this.services) {
				if (!pending.contains(service.service())) {
					continue;
				}
				if (!service.isAlive()) {
					return fail(service, "exited with code " + service.process().exitValue() + " before it was UP");
				}
				if (isUp(http, service.service())) {
					pending.remove(service.service());
					this.out.printf("  %-18s UP   %s%n", service.service().module(), service.service().url());
				}
			}
			if (pending.isEmpty()) {
				break;
			}
			if (Instant.now().isAfter(deadline)) {
				ServiceProcess late = this.services.stream()
					.filter((service) -> pending.contains(service.service()))
					.findFirst()
					.orElseThrow();
				return fail(late, "was not UP after " + this.settings.startTimeout().toSeconds()
						+ " s (MAESTRO_START_TIMEOUT_SECONDS); still waiting for " + modules(pending));
			}
			Thread.sleep(POLL_INTERVAL.toMillis());
		}
		return true;
	}

	private boolean isUp(HttpClient http, Service service) throws InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(URI.create(service.healthUrl()))
			.timeout(Duration.ofSeconds(2))
			.GET()
			.build();
		try {
			HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
			String body = String.valueOf(response.body());
			this.lastHealth.put(service, "HTTP " + response.statusCode() + " "
					+ body.substring(0, Math.min(body.length(), 300)));
			return Health.isUp(response.statusCode(), response.body());
		}
		catch (ConnectException ex) {
			this.lastHealth.put(service, "connection refused");
			return false;
		}
		catch (IOException ex) {
			// Timeouts and resets while the service is still starting.
			this.lastHealth.put(service, ex.toString());
			return false;
		}
	}

	private boolean fail(ServiceProcess service, String reason) {
		this.out.println();
		this.out.println("maestro: " + service.service().module() + " " + reason + ".");
		this.out.println("Last answer from " + service.service().healthUrl() + ": "
				+ this.lastHealth.getOrDefault(service.service(), "none"));
		this.out.println("Last lines of " + service.log() + ":");
		for (String line : ServiceProcess.tail(service.log(), LOG_TAIL_LINES)) {
			this.out.println("  | " + line);
		}
		this.out.println("Stopping everything.");
		return false;
	}

	private static String modules(Set<Service> services) {
		return String.join(", ", services.stream().map(Service::module).toList());
	}

	private void printReady(String mongoUri, String rabbitUri) {
		this.out.println();
		this.out.println("Maestro is ready.");
		this.out.println();
		for (Service service : this.settings.services()) {
			this.out.printf("  %-18s %s%n", service.module(), service.url());
		}
		this.out.println();
		this.out.printf("  %-18s %s%n", "Gateway", this.settings.services().get(0).url());
		this.out.printf("  %-18s %s/swagger-ui.html%n", "Swagger UI", this.settings.services().get(0).url());
		this.out.printf("  %-18s %s%n", "MongoDB", describe(mongoUri, this.settings.mongoUri().isEmpty()));
		this.out.printf("  %-18s %s%n", "AMQP broker", describe(redact(rabbitUri), this.settings.rabbitUri().isEmpty()));
		this.out.printf("  %-18s %s%n", "Data", this.settings.dataDir());
		this.out.printf("  %-18s %s%n", "Logs", this.settings.logDir());
		this.out.println();
		this.out.println("Ctrl-C to stop.");
	}

	private static String describe(String uri, boolean embedded) {
		return uri + (embedded ? " (embedded)" : "");
	}

	static String redact(String uri) {
		return uri.replaceFirst("//([^:@/]*):[^@/]*@", "//$1:***@");
	}

	private void watchForCrashes() {
		for (ServiceProcess service : this.services) {
			service.process().onExit().thenAccept((process) -> {
				if (!this.stopping) {
					this.out.println("maestro: " + service.service().module() + " exited with code "
							+ process.exitValue() + "; see " + service.log());
				}
			});
		}
	}

	/** Stops services first (they flush through the broker and database), then infrastructure. */
	private void stop() {
		this.stopping = true;
		List<ServiceProcess> running;
		synchronized (this.services) {
			running = new ArrayList<>(this.services);
		}
		if (!running.isEmpty()) {
			this.out.println("Stopping Maestro ...");
		}
		running.forEach(ServiceProcess::requestStop);
		Instant deadline = Instant.now().plus(STOP_GRACE);
		for (ServiceProcess service : running) {
			try {
				if (!service.awaitStopOrKill(deadline)) {
					this.out.println("  " + service.service().module() + " did not stop in time and was killed");
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		for (int i = this.infrastructure.size() - 1; i >= 0; i--) {
			try {
				this.infrastructure.get(i).close();
			}
			catch (Exception ex) {
				this.out.println("maestro: could not close " + this.infrastructure.get(i) + ": " + ex.getMessage());
			}
		}
		try {
			this.pidFile.delete();
		}
		catch (IOException | UncheckedIOException ex) {
			// Harmless: the next start ignores pids that no longer run a Maestro jar.
		}
		if (!running.isEmpty()) {
			this.out.println("Maestro stopped.");
		}
	}

}
