package dev.maestro.test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import com.mongodb.client.model.Filters;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoDatabase;
import org.bson.Document;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpMethod;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input at scale: random JSON bodies, ids, query strings and headers thrown at every
 * operation the service publishes in its own OpenAPI document, by a member of a real team (so
 * that requests get past authentication to validation). Whatever arrives, the service never
 * answers 5xx, and a request it refuses (4xx) changes nothing in its database.
 *
 * <p>Inputs come from jqwik's generators (edge cases included: empty, huge, unicode, control
 * characters, wrong JSON types, the operation's own field names with values of the wrong kind).
 * Every failure is collected with its request, so one run shows them all.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = MaestroInfrastructureInitializer.class)
@AutoConfigureWebTestClient
public abstract class PublicApiFuzzTests {

	private static final Pattern PATH_VARIABLE = Pattern.compile("\\{([^}]+)}");

	@Autowired
	protected WebTestClient client;

	@Autowired
	protected MongoClient mongoClient;

	@Autowired
	protected org.springframework.core.env.Environment environment;

	private final JsonMapper json = JsonMapper.builder().build();

	/** The caller every request is made as: a member (EDITOR or above) of a team that exists. */
	public record Caller(String bearer, String teamId) {
	}

	protected abstract Caller caller();

	/** Real values worth trying for a path variable (besides random ones), e.g. collection names. */
	protected Map<String, List<String>> knownPathValues() {
		return Map.of();
	}

	/**
	 * Collections that change whatever the request did: the library's own bookkeeping (the outbox
	 * relay marks messages published in the background, consumers remember what they processed)
	 * and, per service, things like failed-login counters. Override to add to them.
	 */
	protected Set<String> collectionsChangedByRefusals() {
		return Set.of("outbox", "processed_messages", "job_deliveries", "shedlock");
	}

	/** Operations not to fuzz, as {@code "METHOD /path"} from the OpenAPI document. */
	protected Set<String> skippedOperations() {
		return Set.of();
	}

	/** Random requests per operation. */
	protected int triesPerOperation() {
		return 12;
	}

	record Operation(HttpMethod method, String path, List<String> queryParameters, List<String> bodyFields) {
		@Override
		public String toString() {
			return this.method + " " + this.path;
		}
	}

	record Attempt(Operation operation, String uri, Map<String, String> headers, String body) {
	}

	@org.junit.jupiter.api.BeforeEach
	void patientClient() {
		// Hundreds of requests in one test, some of them slow on purpose (hashing a password).
		this.client = this.client.mutate().responseTimeout(java.time.Duration.ofSeconds(30)).build();
	}

	@Test
	void randomInputNeverBreaksTheServiceAndARefusalChangesNothing() {
		Caller caller = caller();
		List<Operation> operations = operations();
		assertThat(operations).as("operations in /v3/api-docs").isNotEmpty();
		List<String> failures = new ArrayList<>();
		// A fixed seed by default, so that the build is repeatable; -Dmaestro.fuzz.seed=<n> explores others.
		long seed = Long.getLong("maestro.fuzz.seed", 20261122L);
		net.jqwik.engine.SourceOfRandomness.create(Long.toString(seed));
		for (Operation operation : operations) {
			java.util.Iterator<Attempt> attempts = attempts(operation, caller).sampleStream().iterator();
			for (int i = 0; i < triesPerOperation(); i++) {
				Attempt attempt = attempts.next();
				String before = fingerprint(caller.teamId());
				EntityExchangeResult<byte[]> result;
				try {
					result = sendAndOnceMoreIfAReadGotNoAnswer(attempt, caller);
				}
				catch (IllegalStateException noAnswer) {
					failures.add(noAnswer.getMessage() + " for " + describe(attempt));
					continue;
				}
				int status = result.getStatus().value();
				if (status >= 500) {
					failures.add(status + " for " + describe(attempt) + " -> " + text(result.getResponseBody()));
				}
				else if (status >= 400 && !before.equals(fingerprint(caller.teamId()))) {
					failures.add("refused with " + status + " but the database changed: " + describe(attempt));
				}
				else if (status >= 400 && !String.valueOf(result.getResponseHeaders().getContentType())
					.startsWith("application/problem+json") && status != 406) {
					failures.add(status + " without problem+json for " + describe(attempt));
				}
			}
		}
		assertThat(failures).as("%d operations fuzzed with seed %d", operations.size(), seed).isEmpty();
	}

	/**
	 * Sends the request; when it gets no answer within the client's timeout (30 s), prints which
	 * request and what every thread of this JVM (the service, its store) was doing. A read (GET)
	 * is then sent once more and its answer checked like any other: in full builds the first
	 * request of a test now and then gets no answer while every thread is idle and the same
	 * request sent again is answered at once (a lost response, not a service that hangs on some
	 * input, which would not answer the second time either). Anything else that gets no answer
	 * is a failure.
	 */
	private EntityExchangeResult<byte[]> sendAndOnceMoreIfAReadGotNoAnswer(Attempt attempt, Caller caller) {
		try {
			return send(attempt, caller);
		}
		catch (IllegalStateException noAnswer) {
			System.out.println(noAnswer.getMessage() + " for " + describe(attempt) + "\n"
					+ SlowTestThreadDumps.allThreads());
			if (attempt.operation().method() != HttpMethod.GET) {
				throw noAnswer;
			}
			System.out.println("Sending " + describe(attempt) + " once more");
			return send(attempt, caller);
		}
	}

	private EntityExchangeResult<byte[]> send(Attempt attempt, Caller caller) {
		WebTestClient.RequestBodySpec request = this.client.method(attempt.operation().method())
			// Absolute and already encoded: the random input must reach the server byte for byte.
			.uri(java.net.URI.create("http://localhost:" + this.environment.getRequiredProperty("local.server.port")
					+ attempt.uri()))
			.headers((headers) -> {
				headers.set("Authorization", caller.bearer());
				attempt.headers().forEach(headers::set);
			});
		WebTestClient.RequestHeadersSpec<?> withBody = (attempt.body() != null) ? request.bodyValue(attempt.body())
				: request;
		return withBody.exchange().expectBody(byte[].class).returnResult();
	}

	/** Every operation of the service's own OpenAPI document. */
	private List<Operation> operations() {
		byte[] document = this.client.get()
			.uri("/v3/api-docs")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(byte[].class)
			.returnResult()
			.getResponseBody();
		JsonNode root = this.json.readTree(document);
		List<Operation> operations = new ArrayList<>();
		root.path("paths").properties().forEach((path) -> path.getValue().properties().forEach((entry) -> {
			if (!Set.of("get", "put", "post", "patch", "delete").contains(entry.getKey())) {
				return;
			}
			HttpMethod method = HttpMethod.valueOf(entry.getKey().toUpperCase(java.util.Locale.ROOT));
			if (skippedOperations().contains(method + " " + path.getKey())) {
				return;
			}
			List<String> query = new ArrayList<>();
			entry.getValue().path("parameters").forEach((parameter) -> {
				if ("query".equals(parameter.path("in").asString())) {
					query.add(parameter.path("name").asString());
				}
			});
			List<String> fields = new ArrayList<>();
			JsonNode schema = entry.getValue().path("requestBody").path("content").path("application/json").path("schema");
			String ref = schema.path("$ref").asString("");
			JsonNode properties = ref.isEmpty() ? schema.path("properties")
					: root.at(ref.substring(1)).path("properties");
			properties.propertyNames().forEach(fields::add);
			operations.add(new Operation(method, path.getKey(), query, fields));
		}));
		// In a fixed order: the document's order can differ from one application context to the
		// next, and with it which random request each operation gets from the same seed.
		operations.sort(java.util.Comparator.comparing(Operation::path).thenComparing((op) -> op.method().name()));
		return operations;
	}

	private Arbitrary<Attempt> attempts(Operation operation, Caller caller) {
		Arbitrary<String> uri = uri(operation, caller);
		Arbitrary<Map<String, String>> headers = headers();
		Arbitrary<String> body = (operation.method() == HttpMethod.GET || operation.method() == HttpMethod.DELETE)
				? Arbitraries.just((String) null) : body(operation);
		return Combinators.combine(uri, headers, body).as((u, h, b) -> new Attempt(operation, u, h, b));
	}

	private Arbitrary<String> uri(Operation operation, Caller caller) {
		Matcher variables = PATH_VARIABLE.matcher(operation.path());
		List<String> names = new ArrayList<>();
		while (variables.find()) {
			names.add(variables.group(1));
		}
		Arbitrary<List<String>> values = Combinators.combine(names.stream().map((name) -> pathValue(name, caller)).toList())
			.as((List<String> list) -> list);
		Arbitrary<String> query = query(operation);
		return Combinators.combine(values, query).as((List<String> list, String q) -> {
			String path = operation.path();
			for (String value : list) {
				path = PATH_VARIABLE.matcher(path).replaceFirst(Matcher.quoteReplacement(encode(value)));
			}
			return path + q;
		});
	}

	private Arbitrary<String> pathValue(String name, Caller caller) {
		List<String> known = new ArrayList<>(knownPathValues().getOrDefault(name, List.of()));
		if (name.equals("teamId")) {
			known.add(caller.teamId());
		}
		Arbitrary<String> random = Arbitraries.oneOf(Arbitraries.strings().ofMinLength(1).ofMaxLength(40),
				Arbitraries.of("..", "%2e%2e", "null", "0", "-1", "00000000-0000-0000-0000-000000000000",
						"a".repeat(600), "$where", "{\"$gt\":\"\"}", "id with spaces", "💥", "\u0000"));
		if (known.isEmpty()) {
			return random;
		}
		// Mostly real values, so that the request reaches the operation's own validation.
		return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(4, Arbitraries.of(known)), net.jqwik.api.Tuple.of(1, random));
	}

	private Arbitrary<String> query(Operation operation) {
		List<String> names = new ArrayList<>(operation.queryParameters());
		names.addAll(List.of("limit", "cursor", "sort", "q", "fields", "format", "since", "$where", "_id", "teamId"));
		Arbitrary<String> value = Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(30), Arbitraries.of("-1", "0",
				"99999999999999999999", "1e309", "true", "[]", "{}", "%", "%ZZ", "a,b,,", "-", "__proto__"));
		Arbitrary<String> pair = Combinators.combine(Arbitraries.of(names), value)
			.as((name, v) -> encode(name) + "=" + encode(v));
		return pair.list().ofMaxSize(4).map((pairs) -> pairs.isEmpty() ? "" : "?" + String.join("&", pairs));
	}

	private Arbitrary<Map<String, String>> headers() {
		Arbitrary<String> ifMatch = Arbitraries.oneOf(Arbitraries.of("\"1\"", "*", "W/\"x\"", "\"-5\"", "garbage"),
				Arbitraries.strings().alpha().ofMaxLength(10));
		Arbitrary<String> accept = Arbitraries.of("application/json", "*/*", "text/csv", "application/x-ndjson",
				"image/png", "application/xml", "garbage/garbage;q=x");
		Arbitrary<String> contentType = Arbitraries.of("application/json", "application/json", "text/plain",
				"application/x-www-form-urlencoded", "application/json; charset=latin-9");
		// Visible ASCII only: the HTTP client itself refuses to send other header bytes.
		Arbitrary<String> requestId = Arbitraries.strings().withCharRange('!', '~').ofMaxLength(80);
		return Combinators.combine(ifMatch.injectNull(0.6), accept, contentType, requestId.injectNull(0.5))
			.as((m, a, c, r) -> {
				Map<String, String> headers = new LinkedHashMap<>();
				if (m != null) {
					headers.put("If-Match", m);
				}
				headers.put("Accept", a);
				headers.put("Content-Type", c);
				if (r != null) {
					headers.put("X-Request-Id", r);
				}
				return headers;
			});
	}

	private Arbitrary<String> body(Operation operation) {
		Arbitrary<Object> value = jsonValue(3);
		Arbitrary<String> structured = value.map(this::write);
		Arbitrary<String> ownFields = operation.bodyFields().isEmpty() ? structured
				: Combinators.combine(Arbitraries.subsetOf(operation.bodyFields()), value.list().ofSize(operation
					.bodyFields()
					.size())).as((fields, values) -> {
						Map<String, Object> object = new LinkedHashMap<>();
						int i = 0;
						for (String field : fields) {
							object.put(field, values.get(i++));
						}
						return write(object);
					});
		Arbitrary<String> broken = Arbitraries.of("", "{", "[1,2", "{\"a\":}", "null", "\"text\"", "{}{}", "\u0000",
				"{\"a\":1e99999}");
		return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(3, ownFields), net.jqwik.api.Tuple.of(2, structured),
				net.jqwik.api.Tuple.of(1, broken));
	}

	private Arbitrary<Object> jsonValue(int depth) {
		List<Arbitrary<?>> leaves = List.of(Arbitraries.strings().ofMaxLength(20), Arbitraries.integers(),
				Arbitraries.longs(), Arbitraries.doubles(), Arbitraries.of(true, false), Arbitraries.just(null),
				Arbitraries.of("", " ", "999.1.1.1", "Production", "ORPHAN", "2026-13-45T99:00:00Z", "$gt",
						"../../etc/passwd", "a".repeat(5000)));
		@SuppressWarnings("unchecked")
		Arbitrary<Object> leaf = (Arbitrary<Object>) (Arbitrary<?>) Arbitraries.oneOf((List) leaves);
		if (depth == 0) {
			return leaf;
		}
		Arbitrary<Object> nested = Arbitraries.lazy(() -> jsonValue(depth - 1));
		Arbitrary<Object> list = nested.list().ofMaxSize(3).map((l) -> (Object) l);
		Arbitrary<Object> object = Arbitraries.maps(Arbitraries.strings().ofMinLength(1).ofMaxLength(12), nested)
			.ofMaxSize(4)
			.map((m) -> (Object) m);
		return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(3, leaf), net.jqwik.api.Tuple.of(1, list),
				net.jqwik.api.Tuple.of(2, object));
	}

	/**
	 * A digest of what a request could change: the number of documents of every collection, and
	 * the full content of the caller's team's documents (other tests' data is left out so that
	 * this stays quick on a shared test database).
	 */
	private String fingerprint(String teamId) {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			MongoDatabase database = this.mongoClient
				.getDatabase(this.environment.getRequiredProperty("spring.mongodb.database"));
			List<String> names = Flux.from(database.listCollectionNames()).collectList().block();
			names.stream().sorted().filter((name) -> !collectionsChangedByRefusals().contains(name)).forEach((name) -> {
				var collection = database.getCollection(name);
				Long count = Mono.from(collection.countDocuments()).block();
				digest.update((name + ":" + count).getBytes(StandardCharsets.UTF_8));
				Flux.from(collection.find(Filters.eq("teamId", teamId)))
					.map(Document::toJson)
					.sort()
					.toIterable()
					.forEach((doc) -> digest.update(doc.getBytes(StandardCharsets.UTF_8)));
			});
			return HexFormat.of().formatHex(digest.digest());
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private String write(Object value) {
		return this.json.writeValueAsString(value);
	}

	private static String encode(String value) {
		return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
	}

	private static String describe(Attempt attempt) {
		String body = (attempt.body() != null && attempt.body().length() > 300)
				? attempt.body().substring(0, 300) + "…" : attempt.body();
		return attempt.operation().method() + " " + attempt.uri() + " " + attempt.headers() + " body=" + body;
	}

	private static String text(byte[] body) {
		if (body == null) {
			return "";
		}
		String text = new String(body, StandardCharsets.UTF_8);
		return (text.length() > 300) ? text.substring(0, 300) + "…" : text;
	}

}
