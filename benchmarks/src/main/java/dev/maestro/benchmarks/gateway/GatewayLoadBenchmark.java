package dev.maestro.benchmarks.gateway;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The cost of the gateway under load. Loads one team with many servers, then measures the same
 * three calls — a server by id, a filtered and sorted page, a create — through the gateway and
 * straight to inventory-service in the same run, at the same concurrency, one after the other,
 * and reports requests/s, p50 and p99 for each, the gateway's overhead, and every service's
 * memory (RSS from {@code /proc} when the services run on this machine, and the JVM's own
 * {@code jvm_memory_used_bytes} from {@code /actuator/prometheus}) at rest and under load. Runs against a running suite whose gateway rate limit is out of the way:
 *
 * <pre>
 * MAESTRO_GATEWAY_RATELIMIT_REQUESTSPERSECOND=100000 MAESTRO_GATEWAY_RATELIMIT_BURST=100000 \
 *   MAESTRO_LAUNCHER_JAVA_OPTS=-Xmx3g ./maestro &amp;
 * java benchmarks/src/main/java/dev/maestro/benchmarks/gateway/GatewayLoadBenchmark.java \
 *     --gateway http://localhost:8080 --inventory http://localhost:8081 --servers 100000
 * </pre>
 *
 * Options: {@code --servers N} (100000), {@code --seconds S} per measurement (20),
 * {@code --concurrency C} (8), {@code --warmup S} (5), {@code --service-secret},
 * {@code --services name=url,...} (the suite's defaults on the gateway's host).
 * Uses the JDK only, so it runs as a single source file; prints Markdown tables.
 */
public final class GatewayLoadBenchmark {

	private static final Pattern ID = Pattern.compile("\"id\":\"([^\"]+)\"");

	private static final String[] ENVIRONMENTS = { "Production", "Stage", "Development" };

	private final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private final String gateway;

	private final String inventory;

	private final Map<String, String> services;

	private final AtomicLong created = new AtomicLong();

	private GatewayLoadBenchmark(String gateway, String inventory, Map<String, String> services) {
		this.gateway = gateway;
		this.inventory = inventory;
		this.services = services;
	}

	public static void main(String[] args) throws Exception {
		String gateway = option(args, "--gateway", "http://localhost:8080");
		String inventory = option(args, "--inventory", "http://localhost:8081");
		int servers = Integer.parseInt(option(args, "--servers", "100000"));
		int seconds = Integer.parseInt(option(args, "--seconds", "20"));
		int concurrency = Integer.parseInt(option(args, "--concurrency", "8"));
		int warmup = Integer.parseInt(option(args, "--warmup", "5"));
		String secret = option(args, "--service-secret", "maestro-dev-service-secret");
		new GatewayLoadBenchmark(gateway, inventory, services(option(args, "--services", ""), gateway))
			.run(servers, seconds, concurrency, warmup, secret);
	}

	private static Map<String, String> services(String option, String gateway) {
		Map<String, String> services = new LinkedHashMap<>();
		if (option.isBlank()) {
			URI base = URI.create(gateway);
			String[] names = { "gateway", "inventory-service", "discovery-service", "analytics-api", "analytics-worker",
					"reports-service", "websocket-service" };
			for (int i = 0; i < names.length; i++) {
				services.put(names[i], base.getScheme() + "://" + base.getHost() + ":" + (base.getPort() + i));
			}
			return services;
		}
		for (String pair : option.split(",")) {
			String[] parts = pair.split("=", 2);
			services.put(parts[0].trim(), parts[1].trim());
		}
		return services;
	}

	private void run(int servers, int seconds, int concurrency, int warmup, String secret) throws Exception {
		String email = "gateway-bench-" + UUID.randomUUID() + "@example.com";
		call("POST", this.inventory, "/api/auth/register", null,
				"{\"email\":\"" + email + "\",\"password\":\"benchmark passphrase\",\"name\":\"Bench\"}", 201);
		String user = login(email);
		String team = match(ID, call("GET", this.inventory, "/api/me", user, null, 200).split("\"teams\"")[1]);
		String base = "/api/teams/" + team;

		System.out.printf(Locale.ROOT, "Loading %,d servers into team %s ...%n", servers, team);
		String discovery = "Bearer " + field(call("POST", this.inventory, "/api/auth/token", null,
				"{\"grantType\":\"client_credentials\",\"clientId\":\"discovery-service\",\"clientSecret\":\"" + secret
						+ "\"}", 200), "accessToken");
		List<String> ids = new ArrayList<>(servers);
		long start = System.nanoTime();
		for (int from = 0; from < servers; from += 1000) {
			if (from > 0 && from % 20000 == 0) {
				// Service tokens live as long as access tokens; a long load outlives one.
				discovery = "Bearer " + field(call("POST", this.inventory, "/api/auth/token", null,
						"{\"grantType\":\"client_credentials\",\"clientId\":\"discovery-service\",\"clientSecret\":\""
								+ secret + "\"}", 200), "accessToken");
			}
			Matcher found = ID.matcher(call("POST", this.inventory, base + "/servers/discovered", discovery,
					serverBatch(from, Math.min(1000, servers - from)), 200));
			while (found.find()) {
				ids.add(found.group(1));
			}
		}
		double loadSeconds = (System.nanoTime() - start) / 1e9;
		System.out.printf(Locale.ROOT, "Loaded %,d servers in %.0f s (%,.0f/s); %,d ids%n", servers, loadSeconds,
				servers / loadSeconds, ids.size());
		if (ids.isEmpty()) {
			throw new IllegalStateException("the upsert answered no ids");
		}

		Thread.sleep(5000);
		Map<String, long[]> atRest = memory();
		Map<String, long[]> peak = new ConcurrentHashMap<>();
		AtomicBoolean sampling = new AtomicBoolean(true);
		Thread sampler = new Thread(() -> {
			while (sampling.get()) {
				try {
					memory().forEach((name, now) -> peak.merge(name, now,
							(a, b) -> new long[] { Math.max(a[0], b[0]), Math.max(a[1], b[1]) }));
					Thread.sleep(1000);
				}
				catch (InterruptedException ex) {
					return;
				}
				catch (Exception ex) {
					// a service that does not answer its metrics now is sampled next time
				}
			}
		}, "memory-sampler");
		sampler.setDaemon(true);
		sampler.start();

		String[] operations = { "GET a server by id", "filtered, sorted page of 50", "create a server" };
		Map<String, Result[]> results = new LinkedHashMap<>();
		for (String operation : operations) {
			user = login(email);
			final String token = user;
			Result[] pair = new Result[2];
			for (int target = 0; target < 2; target++) {
				String url = (target == 0) ? this.gateway : this.inventory;
				Request request = switch (operation) {
					case "GET a server by id" -> () -> call("GET", url,
							base + "/servers/" + ids.get(ThreadLocalRandom.current().nextInt(ids.size())), token, null, 200);
					case "filtered, sorted page of 50" -> () -> call("GET", url, base + "/servers?environment="
							+ ENVIRONMENTS[ThreadLocalRandom.current().nextInt(3)] + "&sort=hostname&limit=50", token, null,
							200);
					default -> () -> call("POST", url, base + "/servers", token,
							"{\"hostname\":\"bench-new-" + this.created.incrementAndGet() + "-" + UUID.randomUUID()
									.toString().substring(0, 8) + "\",\"environment\":\"Stage\"}", 201);
				};
				measure(request, concurrency, warmup);
				pair[target] = measure(request, concurrency, seconds);
				System.out.printf(Locale.ROOT, "  %-28s %-9s %s%n", operation, (target == 0) ? "gateway" : "direct",
						pair[target]);
			}
			results.put(operation, pair);
		}
		sampling.set(false);
		sampler.join(5000);

		System.out.println();
		System.out.printf(Locale.ROOT, "%,d servers in one team, %d concurrent clients, %d s per measurement%n%n",
				servers, concurrency, seconds);
		System.out.println("| call | through the gateway | straight to inventory-service | gateway overhead: throughput lost / p50 added |");
		System.out.println("|---|---|---|---|");
		results.forEach((operation, pair) -> System.out.printf(Locale.ROOT, "| %s | %s | %s | %s / %s |%n", operation,
				pair[0], pair[1], percent(1 - pair[0].rate() / pair[1].rate()),
				percent((double) pair[0].p50() / Math.max(1, pair[1].p50()) - 1)));
		System.out.println();
		System.out.println("| service | RSS at rest | RSS under load (peak) | JVM memory used at rest | under load (peak) |");
		System.out.println("|---|---|---|---|---|");
		for (String name : this.services.keySet()) {
			long[] rest = atRest.getOrDefault(name, new long[] { -1, -1 });
			long[] load = peak.getOrDefault(name, new long[] { -1, -1 });
			System.out.printf(Locale.ROOT, "| %s | %s | %s | %s | %s |%n", name, mib(rest[0]), mib(load[0]), mib(rest[1]),
					mib(load[1]));
		}
	}

	private String login(String email) throws Exception {
		return "Bearer " + field(call("POST", this.inventory, "/api/auth/login", null,
				"{\"email\":\"" + email + "\",\"password\":\"benchmark passphrase\"}", 200), "accessToken");
	}

	@FunctionalInterface
	interface Request {

		void send() throws Exception;

	}

	record Result(long requests, double seconds, long p50, long p99, long errors) {

		double rate() {
			return this.requests / this.seconds;
		}

		@Override
		public String toString() {
			return String.format(Locale.ROOT, (rate() < 10) ? "%,.1f req/s, p50 %.1f ms, p99 %.1f ms%s"
					: "%,.0f req/s, p50 %.1f ms, p99 %.1f ms%s", rate(), this.p50 / 1000.0,
					this.p99 / 1000.0, (this.errors > 0) ? " (" + this.errors + " errors)" : "");
		}

	}

	/** {@code concurrency} clients sending {@code request} back to back for {@code seconds}. */
	private static Result measure(Request request, int concurrency, int seconds) throws InterruptedException {
		List<List<Long>> latencies = new ArrayList<>();
		AtomicInteger errors = new AtomicInteger();
		AtomicReferenceError firstError = new AtomicReferenceError();
		long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
		CountDownLatch done = new CountDownLatch(concurrency);
		long start = System.nanoTime();
		for (int c = 0; c < concurrency; c++) {
			List<Long> mine = new ArrayList<>();
			latencies.add(mine);
			Thread client = new Thread(() -> {
				try {
					while (System.nanoTime() < deadline) {
						long t = System.nanoTime();
						try {
							request.send();
							mine.add((System.nanoTime() - t) / 1000);
						}
						catch (Exception ex) {
							errors.incrementAndGet();
							firstError.set(ex);
						}
					}
				}
				finally {
					done.countDown();
				}
			}, "client-" + c);
			client.setDaemon(true);
			client.start();
		}
		done.await();
		double elapsed = (System.nanoTime() - start) / 1e9;
		List<Long> all = new ArrayList<>();
		latencies.forEach(all::addAll);
		Collections.sort(all);
		if (all.isEmpty()) {
			throw new IllegalStateException("every request failed", firstError.get());
		}
		if (errors.get() > all.size() / 100) {
			System.out.println("  (errors: " + errors.get() + ", first: " + firstError.get() + ")");
		}
		return new Result(all.size(), elapsed, percentile(all, 50), percentile(all, 99), errors.get());
	}

	/** The first error of a measurement, kept to say what went wrong. */
	static final class AtomicReferenceError {

		private volatile Exception error;

		void set(Exception ex) {
			if (this.error == null) {
				this.error = ex;
			}
		}

		Exception get() {
			return this.error;
		}

	}

	/** Per service: {RSS bytes from /proc (-1 when unknown), jvm.memory.used bytes (-1 when unknown)}. */
	private Map<String, long[]> memory() {
		Map<String, long[]> memory = new LinkedHashMap<>();
		for (Map.Entry<String, String> service : this.services.entrySet()) {
			URI url = URI.create(service.getValue());
			long rss = rss(url.getPort());
			long used = -1;
			try {
				// Prometheus metrics need no token (the metrics endpoint does): heap and non-heap areas, summed.
				double sum = 0;
				for (String line : call("GET", service.getValue(), "/actuator/prometheus", null, null, 200).split("\n")) {
					if (line.startsWith("jvm_memory_used_bytes{")) {
						sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
					}
				}
				used = (long) sum;
			}
			catch (Exception ex) {
				// not exposed, or not answering now
			}
			memory.put(service.getKey(), new long[] { rss, used });
		}
		return memory;
	}

	/** The resident set of the process listening on {@code port} on this machine, -1 when unknown. */
	static long rss(int port) {
		try {
			String inode = null;
			for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
				for (String line : Files.readAllLines(Path.of(table))) {
					String[] f = line.trim().split("\\s+");
					if (f.length > 9 && f[3].equals("0A") && f[1].endsWith(":" + String.format("%04X", port))) {
						inode = f[9];
					}
				}
			}
			if (inode == null) {
				return -1;
			}
			String socket = "socket:[" + inode + "]";
			try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
				for (Path process : processes.filter((p) -> p.getFileName().toString().matches("[0-9]+")).toList()) {
					try (Stream<Path> fds = Files.list(process.resolve("fd"))) {
						if (fds.anyMatch((fd) -> {
							try {
								return Files.readSymbolicLink(fd).toString().equals(socket);
							}
							catch (IOException ex) {
								return false;
							}
						})) {
							for (String line : Files.readAllLines(process.resolve("status"))) {
								if (line.startsWith("VmRSS:")) {
									return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
								}
							}
						}
					}
					catch (IOException | SecurityException ex) {
						// another user's process, or gone
					}
				}
			}
		}
		catch (IOException ex) {
			// no /proc here
		}
		return -1;
	}

	private static String serverBatch(int from, int count) {
		StringBuilder items = new StringBuilder("{\"connectionId\":\"gateway-bench\",\"items\":[");
		for (int i = from; i < from + count; i++) {
			if (i > from) {
				items.append(',');
			}
			items.append("{\"providerId\":\"i-").append(i).append("\",\"body\":{\"hostname\":\"node-").append(i)
				.append("\",\"ipv4Private\":\"10.").append((i >> 16) & 255).append('.').append((i >> 8) & 255).append('.')
				.append(i & 255).append("\",\"cpu\":").append(1 << (i % 5)).append(",\"memoryMb\":").append(1024 << (i % 4))
				.append(",\"environment\":\"").append(ENVIRONMENTS[i % 3])
				.append("\",\"os\":{\"base\":\"").append((i % 10 == 0) ? "Windows" : "Linux")
				.append("\"},\"datacenter\":{\"provider\":\"aws\",\"region\":\"").append((i % 2 == 0) ? "eu-west-1" : "us-east-1")
				.append("\",\"instanceId\":\"i-").append(i).append("\"}}}");
		}
		return items.append("]}").toString();
	}

	private String call(String method, String base, String path, String bearer, String json, int status)
			throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofMinutes(2));
		if (json != null) {
			request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
		}
		else {
			request.method(method, HttpRequest.BodyPublishers.noBody());
		}
		if (bearer != null) {
			request.header("Authorization", bearer);
		}
		HttpResponse<String> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() != status) {
			String hint = (response.statusCode() == 429)
					? " (start the suite with MAESTRO_GATEWAY_RATELIMIT_REQUESTSPERSECOND=100000 MAESTRO_GATEWAY_RATELIMIT_BURST=100000)"
					: "";
			throw new IllegalStateException(method + " " + base + path + " answered " + response.statusCode() + hint + ": "
					+ response.body().substring(0, Math.min(300, response.body().length())));
		}
		return response.body();
	}

	private static long percentile(List<Long> sorted, int percentile) {
		int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
		return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
	}

	private static String percent(double ratio) {
		return String.format(Locale.ROOT, "%+.0f%%", ratio * 100);
	}

	private static String mib(long bytes) {
		return (bytes < 0) ? "—" : String.format(Locale.ROOT, "%,d MiB", bytes / (1024 * 1024));
	}

	private static String field(String json, String name) {
		return match(Pattern.compile("\"" + name + "\":\"([^\"]+)\""), json);
	}

	private static String match(Pattern pattern, String text) {
		Matcher matcher = pattern.matcher(text);
		if (!matcher.find()) {
			throw new IllegalStateException("no " + pattern + " in " + text);
		}
		return matcher.group(1);
	}

	private static String option(String[] args, String name, String fallback) {
		for (int i = 0; i < args.length - 1; i++) {
			if (args[i].equals(name)) {
				return args[i + 1];
			}
		}
		return fallback;
	}

}
