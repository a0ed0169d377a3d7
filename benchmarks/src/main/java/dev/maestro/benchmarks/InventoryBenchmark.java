package dev.maestro.benchmarks;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Loads one team of inventory-service with many servers and applications and measures what the
 * inventory issue promises: discovery's bulk upsert throughput, filtered and sorted page
 * latency, and the graph export. Runs against a running suite, calling inventory-service
 * directly (the gateway's per-client rate limit would otherwise be what is measured):
 *
 * <pre>
 * ./maestro &amp;   # or any deployment
 * java benchmarks/src/main/java/dev/maestro/benchmarks/InventoryBenchmark.java \
 *     --url http://localhost:8081 --servers 100000 --applications 20000
 * </pre>
 *
 * Uses the JDK only, so it runs as a single source file; prints a Markdown table. Unless
 * {@code --warmup 0}, it first loads a warm-up team ({@code --warmup} servers, 200 applications,
 * a round of pages; not reported) so that the figures are those of a running suite rather than
 * of JVMs still compiling their hot code. {@code --upsert-streams n} sends n upsert batches at a
 * time, as a sync of several scopes does (1 by default).
 */
public final class InventoryBenchmark {

	private static final Pattern ID = Pattern.compile("\"id\":\"([^\"]+)\"");

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final String url;

	/** A warm-up run measures nothing. */
	private boolean quiet;

	/** Upsert batches in flight at once. */
	private int streams = 1;

	private InventoryBenchmark(String url) {
		this.url = url;
	}

	public static void main(String[] args) throws Exception {
		String url = option(args, "--url", "http://localhost:8081");
		int servers = Integer.parseInt(option(args, "--servers", "100000"));
		int applications = Integer.parseInt(option(args, "--applications", "20000"));
		int pages = Integer.parseInt(option(args, "--pages", "300"));
		String secret = option(args, "--service-secret", "maestro-dev-service-secret");
		int warmup = Integer.parseInt(option(args, "--warmup", "20000"));
		int streams = Integer.parseInt(option(args, "--upsert-streams", "1"));
		if (warmup > 0) {
			InventoryBenchmark warming = new InventoryBenchmark(url);
			warming.quiet = true;
			warming.streams = streams;
			warming.run(warmup, Math.min(applications, 200), 40, secret);
			System.out.println("(after a warm-up team of " + warmup + " servers)");
		}
		InventoryBenchmark measured = new InventoryBenchmark(url);
		measured.streams = streams;
		measured.run(servers, applications, pages, secret);
	}

	private void run(int servers, int applications, int pages, String secret) throws Exception {
		String email = "bench-" + UUID.randomUUID() + "@example.com";
		post("/api/auth/register", null, "{\"email\":\"" + email + "\",\"password\":\"benchmark passphrase\",\"name\":\"Bench\"}", 201);
		String user = login(email);
		String team = match(ID, get("/api/me", user, 200).split("\"teams\"")[1]);
		String discovery = "Bearer " + field(post("/api/auth/token", null, "{\"grantType\":\"client_credentials\","
				+ "\"clientId\":\"discovery-service\",\"clientSecret\":\"" + secret + "\"}", 200), "accessToken");
		String base = "/api/teams/" + team;
		// Each figure is printed as soon as it is measured, so that a run that fails later keeps them.
		if (!this.quiet) {
			System.out.println("| measurement | size | result |");
			System.out.println("|---|---|---|");
		}

		long start = System.nanoTime();
		upsert(base, discovery, servers);
		double seconds = (System.nanoTime() - start) / 1e9;
		report(new String[] { "bulk upsert, new servers" + ((this.streams > 1) ? ", " + this.streams + " streams" : ""),
				servers + " docs", String.format(Locale.ROOT, "%.0f docs/s", servers / seconds) });

		start = System.nanoTime();
		int again = Math.min(servers, 20000);
		for (int from = 0; from < again; from += 1000) {
			post(base + "/servers/discovered", discovery, serverBatch(from, Math.min(1000, again - from)), 200);
		}
		seconds = (System.nanoTime() - start) / 1e9;
		report(new String[] { "bulk upsert, unchanged servers", again + " docs", String.format(Locale.ROOT, "%.0f docs/s", again / seconds) });

		// Access tokens last 10 minutes; loading 100,000 servers on a slow store can take longer.
		user = login(email);
		start = System.nanoTime();
		List<String> appIds = new ArrayList<>();
		Random random = new Random(42);
		for (int from = 0; from < applications; from += 500) {
			StringBuilder ops = new StringBuilder("{\"operations\":[");
			for (int i = from; i < Math.min(from + 500, applications); i++) {
				if (i > from) {
					ops.append(',');
				}
				ops.append("{\"op\":\"create\",\"body\":{\"name\":\"app-").append(i).append("\"");
				if (!appIds.isEmpty()) {
					ops.append(",\"dependencies\":[");
					int fanOut = 1 + random.nextInt(3);
					for (int d = 0; d < fanOut; d++) {
						ops.append(d > 0 ? "," : "").append("{\"targetId\":\"")
							.append(appIds.get(random.nextInt(appIds.size()))).append("\",\"protocol\":\"http\"}");
					}
					ops.append(']');
				}
				ops.append("}}");
			}
			ops.append("]}");
			Matcher ids = ID.matcher(post(base + "/applications/bulk", user, ops.toString(), 200));
			while (ids.find()) {
				appIds.add(ids.group(1));
			}
		}
		seconds = (System.nanoTime() - start) / 1e9;
		report(new String[] { "bulk create, applications with dependencies", applications + " docs",
				String.format(Locale.ROOT, "%.0f docs/s", applications / seconds) });

		user = login(email);
		// Each page query on its own (after a warm-up round), then all of them together.
		String[] queries = { "/servers?environment=Production&sort=hostname&limit=50",
				"/servers?os.base=Linux&sort=-cpu&limit=50", "/servers?datacenter.region=eu-west-1&limit=50",
				"/servers?q=node-4242&limit=50" };
		for (String query : queries) {
			get(base + query, user, 200);
		}
		List<Long> all = new ArrayList<>();
		for (String query : queries) {
			List<Long> latencies = new ArrayList<>();
			for (int i = 0; i < Math.max(1, pages / queries.length); i++) {
				long t = System.nanoTime();
				get(base + query, user, 200);
				latencies.add((System.nanoTime() - t) / 1_000_000);
			}
			all.addAll(latencies);
			Collections.sort(latencies);
			report(new String[] { "page of 50: `" + query.substring("/servers?".length()) + "`", latencies.size() + " requests",
					"p50 " + percentile(latencies, 50) + " ms, p99 " + percentile(latencies, 99) + " ms" });
		}
		Collections.sort(all);
		report(new String[] { "filtered, sorted page of 50, all four (" + servers + " servers)", all.size() + " requests",
				"p50 " + percentile(all, 50) + " ms, p99 " + percentile(all, 99) + " ms" });

		long t = System.nanoTime();
		get(base + "/graph-export", user, 200);
		report(new String[] { "graph export, whole team", applications + " applications",
				((System.nanoTime() - t) / 1_000_000) + " ms" });

	}

	/**
	 * Upserts servers 0 to {@code count - 1} in batches of 1,000, {@link #streams} batches at a
	 * time (a sync sends one batch at a time per scope, and up to {@code maestro.discovery.concurrency}
	 * scopes, 4 by default, at once).
	 */
	private void upsert(String base, String discovery, int count) throws Exception {
		java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
		java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(this.streams);
		try {
			List<java.util.concurrent.Future<Void>> done = new ArrayList<>();
			for (int i = 0; i < this.streams; i++) {
				done.add(pool.submit(() -> {
					for (int from = next.getAndAdd(1000); from < count; from = next.getAndAdd(1000)) {
						post(base + "/servers/discovered", discovery, serverBatch(from, Math.min(1000, count - from)), 200);
					}
					return null;
				}));
			}
			for (java.util.concurrent.Future<Void> stream : done) {
				stream.get();
			}
		}
		finally {
			pool.shutdownNow();
		}
	}

	private void report(String[] row) {
		if (!this.quiet) {
			System.out.println("| " + String.join(" | ", row) + " |");
		}
	}

	private String login(String email) throws Exception {
		return "Bearer " + field(post("/api/auth/login", null,
				"{\"email\":\"" + email + "\",\"password\":\"benchmark passphrase\"}", 200), "accessToken");
	}

	private static String serverBatch(int from, int count) {
		StringBuilder items = new StringBuilder("{\"connectionId\":\"bench\",\"items\":[");
		for (int i = from; i < from + count; i++) {
			if (i > from) {
				items.append(',');
			}
			items.append("{\"providerId\":\"i-").append(i).append("\",\"body\":{\"hostname\":\"node-").append(i)
				.append("\",\"ipv4Private\":\"10.").append((i >> 16) & 255).append('.').append((i >> 8) & 255).append('.')
				.append(i & 255).append("\",\"cpu\":").append(1 << (i % 5)).append(",\"memoryMb\":").append(1024 << (i % 4))
				.append(",\"environment\":\"").append((i % 3 == 0) ? "Production" : (i % 3 == 1) ? "Stage" : "Development")
				.append("\",\"os\":{\"base\":\"").append((i % 10 == 0) ? "Windows" : "Linux")
				.append("\"},\"datacenter\":{\"provider\":\"aws\",\"region\":\"").append((i % 2 == 0) ? "eu-west-1" : "us-east-1")
				.append("\",\"instanceId\":\"i-").append(i).append("\"}}}");
		}
		return items.append("]}").toString();
	}

	private String get(String path, String bearer, int status) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.url + path)).timeout(Duration.ofMinutes(2)).GET();
		return send(request, bearer, status, path);
	}

	private String post(String path, String bearer, String json, int status) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.url + path))
			.timeout(Duration.ofMinutes(5))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json));
		return send(request, bearer, status, path);
	}

	private String send(HttpRequest.Builder request, String bearer, int status, String path) throws Exception {
		if (bearer != null) {
			request.header("Authorization", bearer);
		}
		HttpResponse<String> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() != status) {
			throw new IllegalStateException(path + " answered " + response.statusCode() + ": " + response.body());
		}
		return response.body();
	}

	private static long percentile(List<Long> sorted, int percentile) {
		int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
		return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
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
