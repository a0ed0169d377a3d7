package dev.maestro.benchmarks.events;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpServer;

/**
 * Events benchmark (JDK only, runs as a single source file): opens many WebSocket clients on
 * websocket-service, spread over teams, publishes one event per team per second to
 * {@code maestro.events} on the broker, and measures publish → client delivery latency (p50, p99,
 * max), lost events, and the service's JVM memory.
 * <p>
 * It is its own identity provider: it makes an RSA key, serves it as a JWKS on
 * {@code --jwks-port} and mints the access tokens, so websocket-service must be started with
 * {@code --maestro.security.jwks-uri=http://127.0.0.1:<jwks-port>/jwks.json}. Publisher and
 * clients share this process's clock ({@code System.nanoTime()} travels in the event's data).
 * See docs/benchmarks-websocket.md.
 */
public final class EventsBenchmark {

	private static final Pattern SENT = Pattern.compile("\"sentNanos\":(\\d+)");

	public static void main(String[] args) throws Exception {
		Map<String, String> options = options(args);
		String url = options.getOrDefault("url", "ws://127.0.0.1:8086/ws");
		String actuator = options.getOrDefault("actuator", "http://127.0.0.1:8086/actuator/prometheus");
		String amqpHost = options.getOrDefault("amqp-host", "127.0.0.1");
		int amqpPort = Integer.parseInt(options.getOrDefault("amqp-port", "5672"));
		int jwksPort = Integer.parseInt(options.getOrDefault("jwks-port", "8099"));
		int clients = Integer.parseInt(options.getOrDefault("clients", "1000"));
		int teams = Integer.parseInt(options.getOrDefault("teams", "100"));
		int seconds = Integer.parseInt(options.getOrDefault("seconds", "60"));
		int warmup = Integer.parseInt(options.getOrDefault("warmup", "10"));

		KeyPair keys = rsa();
		String keyId = "bench-" + UUID.randomUUID();
		HttpServer jwks = serveJwks(jwksPort, (RSAPublicKey) keys.getPublic(), keyId);
		String run = UUID.randomUUID().toString().substring(0, 8);

		System.out.printf("Connecting %d clients over %d teams to %s …%n", clients, teams, url);
		HttpClient http = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(4)).build();
		Recorder recorder = new Recorder();
		List<WebSocket> sockets = new ArrayList<>();
		long connectStart = System.nanoTime();
		List<CompletableFuture<WebSocket>> pending = new ArrayList<>();
		for (int i = 0; i < clients; i++) {
			String team = "bench-" + run + "-" + (i % teams);
			String token = token(keys, keyId, "bench-user-" + i, team);
			pending.add(http.newWebSocketBuilder()
				.connectTimeout(Duration.ofSeconds(30))
				.buildAsync(URI.create(url + "?access_token=" + token), new Client(recorder)));
			if (pending.size() == 50) {
				for (CompletableFuture<WebSocket> socket : pending) {
					sockets.add(socket.get(60, TimeUnit.SECONDS));
				}
				pending.clear();
			}
		}
		for (CompletableFuture<WebSocket> socket : pending) {
			sockets.add(socket.get(60, TimeUnit.SECONDS));
		}
		System.out.printf("%d clients connected in %d ms%n", sockets.size(),
				TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - connectStart));
		Thread.sleep(2000);

		try (Amqp amqp = Amqp.connect(amqpHost, amqpPort, "guest", "guest")) {
			long[] published = new long[1];
			System.out.printf("Warm-up: %d s; measuring: %d s at %d events/s (%d deliveries/s)…%n", warmup, seconds,
					teams, clients);
			long next = System.nanoTime();
			for (int second = 0; second < warmup + seconds; second++) {
				if (second == warmup) {
					recorder.measureFrom(System.nanoTime());
					published[0] = 0;
				}
				// One event per team per second, spread evenly over the second.
				for (int t = 0; t < teams; t++) {
					next += 1_000_000_000L / teams;
					long wait = next - System.nanoTime();
					if (wait > 0) {
						TimeUnit.NANOSECONDS.sleep(wait);
					}
					String team = "bench-" + run + "-" + t;
					String id = UUID.randomUUID().toString();
					String body = "{\"id\":\"" + id + "\",\"type\":\"reports.report.ready\",\"teamId\":\"" + team
							+ "\",\"occurredAt\":\"" + Instant.now() + "\",\"correlationId\":\"bench\",\"data\":{\"reportId\":\"r-"
							+ id.substring(0, 8) + "\",\"sentNanos\":" + System.nanoTime() + "}}";
					amqp.publish("maestro.events", "reports.report.ready", id, body.getBytes(StandardCharsets.UTF_8));
					published[0]++;
				}
			}
			Thread.sleep(3000);
			long expected = published[0] * (clients / teams);
			long[] latencies = recorder.latencies();
			Arrays.sort(latencies);
			System.out.printf("published %d events, expected %d deliveries, received %d (%d missing)%n", published[0],
					expected, latencies.length, expected - latencies.length);
			if (latencies.length > 0) {
				System.out.printf("latency publish → client: p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, p99.9 %.1f ms, max %.1f ms%n",
						ms(percentile(latencies, 50)), ms(percentile(latencies, 90)), ms(percentile(latencies, 99)),
						ms(percentile(latencies, 99.9)), ms(latencies[latencies.length - 1]));
			}
			System.out.printf("closed by the server during the run: %d%n", recorder.closed.get());
		}
		memory(http, actuator);
		recorder.finished = true;
		for (WebSocket socket : sockets) {
			socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
		}
		jwks.stop(0);
		System.exit(0);
	}

	private static void memory(HttpClient http, String actuator) {
		try {
			String metrics = http.send(HttpRequest.newBuilder(URI.create(actuator)).build(), HttpResponse.BodyHandlers.ofString())
				.body();
			double heap = 0;
			double nonHeap = 0;
			Matcher used = Pattern.compile("^jvm_memory_used_bytes\\{area=\"(heap|nonheap)\"[^}]*\\} ([0-9.E+]+)$",
					Pattern.MULTILINE).matcher(metrics);
			while (used.find()) {
				if (used.group(1).equals("heap")) {
					heap += Double.parseDouble(used.group(2));
				}
				else {
					nonHeap += Double.parseDouble(used.group(2));
				}
			}
			Matcher connections = Pattern.compile("^maestro_events_connections ([0-9.E+]+)$", Pattern.MULTILINE)
				.matcher(metrics);
			System.out.printf("service JVM memory used: heap %.0f MiB, non-heap %.0f MiB; open connections %s%n",
					heap / 1048576, nonHeap / 1048576, connections.find() ? connections.group(1) : "?");
		}
		catch (IOException | InterruptedException ex) {
			System.out.println("could not read " + actuator + ": " + ex);
		}
	}

	private static long percentile(long[] sorted, double p) {
		int index = (int) Math.ceil(p / 100 * sorted.length) - 1;
		return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
	}

	private static double ms(long nanos) {
		return nanos / 1_000_000.0;
	}

	/** Latencies of every delivery, from the publisher's clock to the moment a client parsed the frame. */
	static final class Recorder {

		private final ConcurrentLinkedQueue<Long> samples = new ConcurrentLinkedQueue<>();

		private volatile long from = Long.MAX_VALUE;

		final AtomicLong closed = new AtomicLong();

		volatile boolean finished;

		/** Records a delivery of an event published after the warm-up. */
		void record(long sentNanos, long receivedNanos) {
			if (sentNanos - this.from >= 0) {
				this.samples.add(receivedNanos - sentNanos);
			}
		}

		void measureFrom(long nanos) {
			this.from = nanos;
		}

		long[] latencies() {
			return this.samples.stream().mapToLong(Long::longValue).toArray();
		}

	}

	static final class Client implements WebSocket.Listener {

		private final Recorder recorder;

		private final StringBuilder text = new StringBuilder();

		Client(Recorder recorder) {
			this.recorder = recorder;
		}

		@Override
		public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
			this.text.append(data);
			if (last) {
				long now = System.nanoTime();
				Matcher sent = SENT.matcher(this.text);
				if (sent.find()) {
					this.recorder.record(Long.parseLong(sent.group(1)), now);
				}
				this.text.setLength(0);
			}
			socket.request(1);
			return null;
		}

		@Override
		public CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
			if (!this.recorder.finished) {
				this.recorder.closed.incrementAndGet();
				System.out.printf("closed by the server: %d %s%n", statusCode, reason);
			}
			return null;
		}

	}

	// --- tokens and keys -------------------------------------------------------------------

	private static KeyPair rsa() throws Exception {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
		generator.initialize(2048);
		return generator.generateKeyPair();
	}

	private static HttpServer serveJwks(int port, RSAPublicKey key, String keyId) throws IOException {
		String jwk = "{\"keys\":[{\"kty\":\"RSA\",\"alg\":\"RS256\",\"use\":\"sig\",\"kid\":\"" + keyId + "\",\"n\":\""
				+ b64(unsigned(key.getModulus().toByteArray())) + "\",\"e\":\"" + b64(unsigned(key.getPublicExponent().toByteArray()))
				+ "\"}]}";
		HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
		server.createContext("/jwks.json", (exchange) -> {
			byte[] body = jwk.getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().set("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, body.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		});
		server.start();
		return server;
	}

	private static String token(KeyPair keys, String keyId, String userId, String team) throws Exception {
		long now = Instant.now().getEpochSecond();
		String header = "{\"alg\":\"RS256\",\"kid\":\"" + keyId + "\"}";
		String claims = "{\"sub\":\"" + userId + "\",\"iss\":\"maestro\",\"iat\":" + now + ",\"exp\":" + (now + 3600)
				+ ",\"teams\":{\"" + team + "\":\"VIEWER\"}}";
		String signingInput = b64(header.getBytes(StandardCharsets.UTF_8)) + "." + b64(claims.getBytes(StandardCharsets.UTF_8));
		Signature signature = Signature.getInstance("SHA256withRSA");
		signature.initSign(keys.getPrivate());
		signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
		return signingInput + "." + b64(signature.sign());
	}

	private static byte[] unsigned(byte[] bytes) {
		return (bytes.length > 1 && bytes[0] == 0) ? Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
	}

	private static String b64(byte[] bytes) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	private static Map<String, String> options(String[] args) {
		Map<String, String> options = new HashMap<>();
		for (int i = 0; i + 1 < args.length; i += 2) {
			if (!args[i].startsWith("--")) {
				throw new IllegalArgumentException("Expected --name value pairs, got " + args[i]);
			}
			options.put(args[i].substring(2), args[i + 1]);
		}
		return options;
	}

	/**
	 * Just enough AMQP 0-9-1 to publish (PLAIN login, one channel, Basic.Publish with a content
	 * type and a message id): the benchmark stays JDK-only, like the others.
	 */
	static final class Amqp implements AutoCloseable {

		private final Socket socket;

		private final DataInputStream in;

		private final DataOutputStream out;

		private int frameMax;

		private Amqp(Socket socket) throws IOException {
			this.socket = socket;
			this.in = new DataInputStream(socket.getInputStream());
			this.out = new DataOutputStream(new java.io.BufferedOutputStream(socket.getOutputStream(), 65536));
		}

		static Amqp connect(String host, int port, String user, String password) throws IOException {
			Socket socket = new Socket(host, port);
			socket.setTcpNoDelay(true);
			Amqp amqp = new Amqp(socket);
			amqp.out.write(new byte[] { 'A', 'M', 'Q', 'P', 0, 0, 9, 1 });
			amqp.out.flush();
			amqp.expectMethod(10, 10); // Connection.Start
			Buffer startOk = new Buffer().methodHeader(10, 11).table().shortString("PLAIN")
				.longString(("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8)).shortString("en_US");
			amqp.frame(1, 0, startOk.bytes());
			DataInputStream tune = amqp.expectMethod(10, 30);
			int channelMax = tune.readUnsignedShort();
			amqp.frameMax = tune.readInt();
			amqp.frame(1, 0, new Buffer().methodHeader(10, 31).shortValue(channelMax).intValue(amqp.frameMax).shortValue(0).bytes());
			amqp.frame(1, 0, new Buffer().methodHeader(10, 40).shortString("/").shortString("").octet(0).bytes());
			amqp.expectMethod(10, 41);
			amqp.frame(1, 1, new Buffer().methodHeader(20, 10).shortString("").bytes());
			amqp.expectMethod(20, 11);
			Thread drain = new Thread(amqp::drain, "amqp-drain");
			drain.setDaemon(true);
			drain.start();
			return amqp;
		}

		synchronized void publish(String exchange, String routingKey, String messageId, byte[] body) throws IOException {
			frame(1, 1, new Buffer().methodHeader(60, 40).shortValue(0).shortString(exchange).shortString(routingKey).octet(0).bytes());
			// content-type (bit 15) and message-id (bit 7)
			frame(2, 1, new Buffer().shortValue(60).shortValue(0).longValue(body.length).shortValue(0x8000 | 0x0080)
				.shortString("application/json").shortString(messageId).bytes());
			int max = (this.frameMax > 0) ? this.frameMax - 8 : body.length;
			for (int offset = 0; offset < body.length; offset += max) {
				frame(3, 1, Arrays.copyOfRange(body, offset, Math.min(body.length, offset + max)));
			}
			this.out.flush();
		}

		private void frame(int type, int channel, byte[] payload) throws IOException {
			this.out.writeByte(type);
			this.out.writeShort(channel);
			this.out.writeInt(payload.length);
			this.out.write(payload);
			this.out.writeByte(0xCE);
		}

		private DataInputStream expectMethod(int classId, int methodId) throws IOException {
			this.out.flush();
			while (true) {
				int type = this.in.readUnsignedByte();
				this.in.readUnsignedShort();
				byte[] payload = new byte[this.in.readInt()];
				this.in.readFully(payload);
				if (this.in.readUnsignedByte() != 0xCE) {
					throw new IOException("bad AMQP frame end");
				}
				if (type != 1) {
					continue;
				}
				DataInputStream method = new DataInputStream(new java.io.ByteArrayInputStream(payload));
				int c = method.readUnsignedShort();
				int m = method.readUnsignedShort();
				if (c == classId && m == methodId) {
					return method;
				}
				throw new IOException("AMQP: expected " + classId + "." + methodId + ", got " + c + "." + m
						+ " " + new String(payload, StandardCharsets.ISO_8859_1));
			}
		}

		private void drain() {
			try {
				while (true) {
					int type = this.in.readUnsignedByte();
					this.in.readUnsignedShort();
					byte[] payload = new byte[this.in.readInt()];
					this.in.readFully(payload);
					this.in.readUnsignedByte();
					if (type == 1) {
						System.out.println("AMQP broker says: " + new String(payload, StandardCharsets.ISO_8859_1));
					}
				}
			}
			catch (IOException ex) {
				// connection closed
			}
		}

		@Override
		public void close() throws IOException {
			this.socket.close();
		}

	}

	/** Big-endian AMQP field encoding. */
	static final class Buffer {

		private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

		private final DataOutputStream out = new DataOutputStream(this.bytes);

		Buffer methodHeader(int classId, int methodId) throws IOException {
			return shortValue(classId).shortValue(methodId);
		}

		Buffer octet(int value) throws IOException {
			this.out.writeByte(value);
			return this;
		}

		Buffer shortValue(int value) throws IOException {
			this.out.writeShort(value);
			return this;
		}

		Buffer intValue(int value) throws IOException {
			this.out.writeInt(value);
			return this;
		}

		Buffer longValue(long value) throws IOException {
			this.out.writeLong(value);
			return this;
		}

		Buffer shortString(String value) throws IOException {
			byte[] encoded = value.getBytes(StandardCharsets.UTF_8);
			this.out.writeByte(encoded.length);
			this.out.write(encoded);
			return this;
		}

		Buffer longString(byte[] value) throws IOException {
			this.out.writeInt(value.length);
			this.out.write(value);
			return this;
		}

		/** An empty field table. */
		Buffer table() throws IOException {
			this.out.writeInt(0);
			return this;
		}

		byte[] bytes() {
			return this.bytes.toByteArray();
		}

	}

}
