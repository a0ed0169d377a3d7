package dev.maestro.benchmarks.discovery;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Times what issue 5 promises of discovery: a full sync of N EC2 instances in 3 regions from a
 * mock endpoint, then a second sync after 500 changed and 300 removed, end to end (discovery →
 * the AWS SDK → this process's fake EC2 → inventory-service's {@code /discovered} → orphans).
 * Needs the suite running (inventory-service for the user and the upserts, discovery-service,
 * RabbitMQ, MongoDB):
 *
 * <pre>
 * java benchmarks/src/main/java/dev/maestro/benchmarks/discovery/DiscoveryBenchmark.java \
 *     --inventory-url http://localhost:8081 --discovery-url http://localhost:8082 --instances 10000
 * </pre>
 *
 * The fake EC2 is a JDK {@code HttpServer} answering {@code DescribeInstances} in EC2's query/XML
 * wire format, {@code MaxResults} (1,000) per page with {@code nextToken}; the region is read from
 * the SigV4 {@code Authorization} header's credential scope, as real EC2 endpoints are per region.
 * JDK only, runs as a single source file; prints a Markdown table.
 */
public final class DiscoveryBenchmark {

	private static final String[] REGIONS = { "us-east-1", "eu-west-1", "ap-southeast-2" };

	private static final Pattern REGION = Pattern.compile("Credential=[^/]+/\\d{8}/([a-z0-9-]+)/ec2/");

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	/** Per region: instance id → its Name tag (a change renames it). Insertion-ordered for stable paging. */
	private final Map<String, Map<String, String>> instances = new ConcurrentHashMap<>();

	private final String inventoryUrl;

	private final String discoveryUrl;

	private DiscoveryBenchmark(String inventoryUrl, String discoveryUrl) {
		this.inventoryUrl = inventoryUrl;
		this.discoveryUrl = discoveryUrl;
	}

	public static void main(String[] args) throws Exception {
		String inventory = option(args, "--inventory-url", "http://localhost:8081");
		String discovery = option(args, "--discovery-url", "http://localhost:8082");
		int count = Integer.parseInt(option(args, "--instances", "10000"));
		int changed = Integer.parseInt(option(args, "--changed", "500"));
		int removed = Integer.parseInt(option(args, "--removed", "300"));
		int port = Integer.parseInt(option(args, "--ec2-port", "0"));
		new DiscoveryBenchmark(inventory, discovery).run(count, changed, removed, port);
	}

	private void run(int count, int changed, int removed, int port) throws Exception {
		for (String region : REGIONS) {
			this.instances.put(region, java.util.Collections.synchronizedMap(new java.util.LinkedHashMap<>()));
		}
		for (int i = 0; i < count; i++) {
			this.instances.get(REGIONS[i % REGIONS.length]).put(String.format("i-%017x", i), "bench-" + i);
		}
		HttpServer ec2 = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
		ec2.createContext("/", this::answer);
		ec2.setExecutor(Executors.newFixedThreadPool(8));
		ec2.start();
		try {
			String endpoint = "http://127.0.0.1:" + ec2.getAddress().getPort();
			String email = "bench-" + UUID.randomUUID() + "@example.com";
			post(this.inventoryUrl + "/api/auth/register", null,
					"{\"email\":\"" + email + "\",\"password\":\"benchmark passphrase\",\"name\":\"Bench\"}", 201);
			String user = "Bearer " + field(post(this.inventoryUrl + "/api/auth/login", null,
					"{\"email\":\"" + email + "\",\"password\":\"benchmark passphrase\"}", 200), "accessToken");
			String team = field(get(this.inventoryUrl + "/api/me", user, 200).split("\"teams\"")[1], "id");
			String base = this.discoveryUrl + "/api/teams/" + team + "/connections";
			String connection = field(post(base, user, "{\"name\":\"benchmark\",\"provider\":\"aws\",\"credentials\":"
					+ "{\"accessKeyId\":\"AKIABENCHMARK\",\"secretAccessKey\":\"benchmark\"},\"regions\":[\""
					+ String.join("\",\"", REGIONS) + "\"],\"endpoint\":\"" + endpoint + "\"}", 201), "id");

			Result first = sync(base + "/" + connection, user);
			check(first, "first sync");

			List<String[]> all = new ArrayList<>();
			this.instances.forEach((region, byId) -> byId.keySet().forEach((id) -> all.add(new String[] { region, id })));
			for (int i = 0; i < Math.min(changed, all.size()); i++) {
				String[] pick = all.get(i * 7 % all.size());
				this.instances.get(pick[0]).computeIfPresent(pick[1], (id, name) -> name + "-changed");
			}
			int gone = 0;
			for (int i = all.size() - 1; i >= 0 && gone < removed; i -= 5) {
				if (this.instances.get(all.get(i)[0]).remove(all.get(i)[1]) != null) {
					gone++;
				}
			}
			Result second = sync(base + "/" + connection, user);
			check(second, "second sync");

			System.out.println("| sync | instances reported | time | created | updated | unchanged | orphaned | failed |");
			System.out.println("|---|---|---|---|---|---|---|---|");
			System.out.println(first.row("first (all new)", count));
			System.out.println(second.row("second (" + changed + " changed, " + gone + " gone)", count - gone));
		}
		finally {
			ec2.stop(0);
			((java.util.concurrent.ExecutorService) ec2.getExecutor()).shutdownNow();
		}
	}

	/** Starts a servers sync and polls it to its end; the time runs from the request to the terminal status. */
	private Result sync(String connection, String user) throws Exception {
		long start = System.nanoTime();
		String id = field(post(connection + "/syncs", user, "{\"tasks\":[\"servers\"]}", 202), "id");
		while (true) {
			String sync = get(connection + "/syncs/" + id, user, 200);
			String status = field(sync, "status");
			if (List.of("SUCCEEDED", "FAILED", "AWAITING_CONFIRMATION").contains(status)) {
				return new Result(status, (System.nanoTime() - start) / 1e9, sync);
			}
			if (System.nanoTime() - start > Duration.ofMinutes(10).toNanos()) {
				throw new IllegalStateException("sync " + id + " still " + status + " after 10 minutes");
			}
			Thread.sleep(50);
		}
	}

	private static void check(Result result, String what) {
		if (!"SUCCEEDED".equals(result.status())) {
			throw new IllegalStateException(what + " ended " + result.status() + ": " + result.body());
		}
	}

	/** DescribeInstances in EC2's wire format, one page of {@code MaxResults} with {@code nextToken}. */
	private void answer(HttpExchange exchange) throws IOException {
		try (exchange) {
			String form = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
			Map<String, String> params = new HashMap<>();
			for (String pair : form.split("&")) {
				int eq = pair.indexOf('=');
				if (eq > 0) {
					params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
							URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
				}
			}
			String authorization = String.valueOf(exchange.getRequestHeaders().getFirst("Authorization"));
			Matcher region = REGION.matcher(authorization);
			if (!"DescribeInstances".equals(params.get("Action")) || !region.find() || !this.instances.containsKey(region.group(1))) {
				respond(exchange, 400, "<Response><Errors><Error><Code>InvalidAction</Code><Message>only DescribeInstances "
						+ "in " + String.join(", ", REGIONS) + "</Message></Error></Errors><RequestID>"
						+ UUID.randomUUID() + "</RequestID></Response>");
				return;
			}
			int size = Math.min(1000, Integer.parseInt(params.getOrDefault("MaxResults", "1000")));
			int from = Integer.parseInt(params.getOrDefault("NextToken", "0"));
			List<Map.Entry<String, String>> snapshot;
			Map<String, String> regionInstances = this.instances.get(region.group(1));
			synchronized (regionInstances) {
				snapshot = new ArrayList<>(regionInstances.entrySet());
			}
			StringBuilder xml = new StringBuilder(256 * size).append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
				.append("<DescribeInstancesResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\">\n<requestId>")
				.append(UUID.randomUUID()).append("</requestId>\n<reservationSet>\n");
			for (int i = from; i < Math.min(snapshot.size(), from + size); i++) {
				String id = snapshot.get(i).getKey();
				// From the instance's own number, not its position: a removal must not renumber the rest.
				long n = Long.parseLong(id.substring(2), 16);
				String ip = "10." + (n >> 16 & 255) + "." + (n >> 8 & 255) + "." + (n & 255);
				xml.append("<item><reservationId>r-").append(id.substring(2)).append("</reservationId><ownerId>123456789012")
					.append("</ownerId><groupSet/><instancesSet><item><instanceId>").append(id)
					.append("</instanceId><imageId>ami-0abcdef1234567890</imageId><instanceState><code>16</code><name>running")
					.append("</name></instanceState><privateDnsName>ip-").append(ip.replace('.', '-'))
					.append(".ec2.internal</privateDnsName><instanceType>m5.large</instanceType><placement>")
					.append("<availabilityZone>").append(region.group(1)).append("a</availabilityZone></placement>")
					.append("<privateIpAddress>").append(ip).append("</privateIpAddress><tagSet><item><key>Name</key><value>")
					.append(snapshot.get(i).getValue()).append("</value></item></tagSet><platformDetails>Linux/UNIX")
					.append("</platformDetails></item></instancesSet></item>\n");
			}
			xml.append("</reservationSet>\n");
			if (from + size < snapshot.size()) {
				xml.append("<nextToken>").append(from + size).append("</nextToken>\n");
			}
			respond(exchange, 200, xml.append("</DescribeInstancesResponse>\n").toString());
		}
	}

	private static void respond(HttpExchange exchange, int status, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", "text/xml;charset=UTF-8");
		exchange.sendResponseHeaders(status, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

	private String get(String url, String bearer, int status) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60)).GET();
		return send(request, bearer, status);
	}

	private String post(String url, String bearer, String json, int status) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json));
		return send(request, bearer, status);
	}

	private String send(HttpRequest.Builder request, String bearer, int status) throws Exception {
		if (bearer != null) {
			request.header("Authorization", bearer);
		}
		HttpResponse<String> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() != status) {
			throw new IllegalStateException(response.request().method() + " " + response.request().uri() + " answered "
					+ response.statusCode() + ": " + response.body());
		}
		return response.body();
	}

	/** The first {@code "name":"value"} or {@code "name":number} of a JSON text. */
	private static String field(String json, String name) {
		Matcher matcher = Pattern.compile("\"" + Pattern.quote(name) + "\"\\s*:\\s*(\"([^\"]*)\"|(-?\\d+))").matcher(json);
		if (!matcher.find()) {
			throw new IllegalStateException("no " + name + " in " + json);
		}
		return (matcher.group(2) != null) ? matcher.group(2) : matcher.group(3);
	}

	private static String option(String[] args, String name, String fallback) {
		for (int i = 0; i < args.length - 1; i++) {
			if (args[i].equals(name)) {
				return args[i + 1];
			}
		}
		return fallback;
	}

	private record Result(String status, double seconds, String body) {

		String row(String what, int reported) {
			String counts = this.body.substring(this.body.indexOf("\"counts\""));
			return "| " + what + " | " + reported + " | " + String.format(Locale.ROOT, "%.2f s", this.seconds) + " | "
					+ field(counts, "created") + " | " + field(counts, "updated") + " | " + field(counts, "unchanged")
					+ " | " + field(counts, "orphaned") + " | " + field(counts, "failed") + " |";
		}

	}

}
