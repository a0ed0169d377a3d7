package dev.maestro.discovery.provider.rest;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import dev.maestro.discovery.DiscoveryProperties;
import io.netty.channel.ChannelOption;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.util.retry.Retry;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * A third-party REST API (Keystone and the OpenStack services, Azure Resource Manager) as the REST
 * providers call it: one WebClient per connection with connect and response timeouts, JSON
 * answers read as plain maps, and throttling answers (429, 503) retried with exponential back-off
 * (or the answer's {@code Retry-After}). {@code MaestroRequest} is for Maestro's own services and
 * does not apply here. Any other non-2xx answer fails with a {@link RestApiException} whose message
 * names the call and the API's own explanation, never a credential.
 */
public final class RestApi {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
	};

	private final WebClient client;

	private final DiscoveryProperties.Rest settings;

	private RestApi(WebClient client, DiscoveryProperties.Rest settings) {
		this.client = client;
		this.settings = settings;
	}

	/** A client for one connection, from the application's builder (its codecs and observations). */
	public static RestApi create(WebClient.Builder builder, DiscoveryProperties.Rest settings) {
		HttpClient http = HttpClient.create()
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) settings.connectTimeout().toMillis())
			.responseTimeout(settings.responseTimeout());
		return new RestApi(builder.clone().clientConnector(new ReactorClientHttpConnector(http)).build(), settings);
	}

	/** {@code GET url} with these headers; the JSON object answered. */
	public Mono<Map<String, Object>> get(String url, Map<String, String> headers) {
		return exchange(HttpMethod.GET, url, headers, null).map(Answer::body);
	}

	/** {@code POST url} with a JSON body. */
	public Mono<Answer> postJson(String url, Map<String, String> headers, Object body) {
		return exchange(HttpMethod.POST, url, headers, body);
	}

	/** {@code POST url} with a form body ({@code application/x-www-form-urlencoded}). */
	public Mono<Answer> postForm(String url, MultiValueMap<String, String> form) {
		return exchange(HttpMethod.POST, url, Map.of(), form);
	}

	private Mono<Answer> exchange(HttpMethod method, String url, Map<String, String> headers, Object body) {
		String call = method.name() + " " + pathOf(url);
		return Mono.defer(() -> {
			WebClient.RequestBodySpec spec = this.client.method(method)
				.uri(URI.create(url))
				.accept(MediaType.APPLICATION_JSON)
				.headers((h) -> headers.forEach(h::set));
			WebClient.RequestHeadersSpec<?> request = spec;
			if (body instanceof MultiValueMap<?, ?> form) {
				@SuppressWarnings("unchecked")
				MultiValueMap<String, String> fields = (MultiValueMap<String, String>) form;
				request = spec.contentType(MediaType.APPLICATION_FORM_URLENCODED).body(BodyInserters.fromFormData(fields));
			}
			else if (body != null) {
				request = spec.contentType(MediaType.APPLICATION_JSON).bodyValue(JSON.writeValueAsString(body));
			}
			return request.exchangeToMono((response) -> response.bodyToMono(String.class)
				.defaultIfEmpty("")
				.flatMap((text) -> {
					int status = response.statusCode().value();
					HttpHeaders answered = response.headers().asHttpHeaders();
					if (status == 429 || status == 503) {
						return Mono.error(new Throttled(call, status, retryAfter(answered), explain(text)));
					}
					if (status < 200 || status >= 300) {
						return Mono.error(new RestApiException(call, status, explain(text)));
					}
					return Mono.just(new Answer(status, answered, parse(call, text)));
				}));
		}).retryWhen(Retry.from((signals) -> signals.concatMap((signal) -> {
			Throwable failure = signal.failure();
			if (!(failure instanceof Throttled throttled)) {
				return Mono.error(failure);
			}
			if (signal.totalRetries() + 1 >= this.settings.maxAttempts()) {
				return Mono.error(new RestApiException(throttled.call, throttled.status,
						throttled.reason + " (still throttled after " + this.settings.maxAttempts() + " attempts)"));
			}
			return Mono.delay(wait(signal.totalRetries(), throttled.retryAfter));
		})));
	}

	/** Back-off before retry {@code n} (0-based): {@code Retry-After} if answered, else doubling with jitter. */
	private Duration wait(long n, Duration retryAfter) {
		Duration max = this.settings.maxBackoff();
		if (retryAfter != null) {
			return (retryAfter.compareTo(max) > 0) ? max : retryAfter;
		}
		long base = this.settings.backoff().toMillis() << Math.min(n, 20);
		long jittered = base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1);
		return Duration.ofMillis(Math.min(jittered, max.toMillis()));
	}

	private static Duration retryAfter(HttpHeaders headers) {
		String value = headers.getFirst(HttpHeaders.RETRY_AFTER);
		if (value == null) {
			return null;
		}
		try {
			return Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim())));
		}
		catch (NumberFormatException ex) {
			return null; // an HTTP date: the exponential back-off is good enough
		}
	}

	private static Map<String, Object> parse(String call, String text) {
		if (text.isBlank()) {
			return Map.of();
		}
		try {
			Map<String, Object> body = JSON.readValue(text, MAP);
			return (body != null) ? body : Map.of();
		}
		catch (JacksonException ex) {
			throw new RestApiException(call, 200, "the answer is not a JSON object");
		}
	}

	/**
	 * The API's own explanation of a failure: Keystone/Azure {@code {error: {message}}}, OAuth
	 * {@code error_description}, Nova {@code {itemNotFound: {message}}}, else the start of the text.
	 */
	@SuppressWarnings("unchecked")
	static String explain(String text) {
		if (text == null || text.isBlank()) {
			return "no explanation";
		}
		try {
			Map<String, Object> body = JSON.readValue(text, MAP);
			if (body.get("error_description") instanceof String description) {
				return cut(description.lines().findFirst().orElse(description));
			}
			if (body.get("error") instanceof Map<?, ?> error && error.get("message") instanceof String message) {
				return cut(message);
			}
			for (Object value : body.values()) {
				if (value instanceof Map<?, ?> inner && inner.get("message") instanceof String message) {
					return cut(message);
				}
			}
			if (body.get("message") instanceof String message) {
				return cut(message);
			}
		}
		catch (JacksonException | ClassCastException ex) {
			// not JSON: the text itself says what happened
		}
		return cut(text.strip());
	}

	private static String cut(String text) {
		return (text.length() > 300) ? text.substring(0, 300) + "…" : text;
	}

	/** The URL's path: what a message names (query strings may carry paging tokens). */
	static String pathOf(String url) {
		try {
			String path = URI.create(url).getRawPath();
			return (path == null || path.isEmpty()) ? "/" : path;
		}
		catch (IllegalArgumentException ex) {
			return "(invalid URL)";
		}
	}

	/** Reads {@code key} of a JSON object as an object ({@code {}} when absent). */
	@SuppressWarnings("unchecked")
	public static Map<String, Object> object(Object node, String key) {
		if (node instanceof Map<?, ?> map && map.get(key) instanceof Map<?, ?> value) {
			return (Map<String, Object>) value;
		}
		return Map.of();
	}

	/** Reads {@code key} of a JSON object as a list of objects (empty when absent). */
	@SuppressWarnings("unchecked")
	public static List<Map<String, Object>> objects(Object node, String key) {
		if (node instanceof Map<?, ?> map && map.get(key) instanceof List<?> list) {
			return list.stream().filter(Map.class::isInstance).map((item) -> (Map<String, Object>) item).toList();
		}
		return List.of();
	}

	/** Reads {@code key} of a JSON object as text ({@code null} when absent or blank). */
	public static String text(Object node, String key) {
		if (node instanceof Map<?, ?> map) {
			Object value = map.get(key);
			if (value instanceof String text) {
				return text.isBlank() ? null : text;
			}
			if (value instanceof Number || value instanceof Boolean) {
				return value.toString();
			}
		}
		return null;
	}

	/** Reads {@code key} of a JSON object as a whole number ({@code null} when absent). */
	public static Long number(Object node, String key) {
		if (node instanceof Map<?, ?> map) {
			Object value = map.get(key);
			if (value instanceof Number number) {
				return number.longValue();
			}
			if (value instanceof String text && text.matches("\\d{1,18}")) {
				return Long.parseLong(text);
			}
		}
		return null;
	}

	/** Text values of a JSON object's {@code key} object (metadata, tags). */
	public static Map<String, String> strings(Object node, String key) {
		Map<String, String> out = new LinkedHashMap<>();
		object(node, key).forEach((k, v) -> {
			if (v != null && !(v instanceof Map) && !(v instanceof List)) {
				out.put(k, v.toString());
			}
		});
		return out;
	}

	/**
	 * A successful answer.
	 *
	 * @param status the HTTP status
	 * @param headers its headers
	 * @param body its JSON object ({@code {}} when empty)
	 */
	public record Answer(int status, HttpHeaders headers, Map<String, Object> body) {
	}

	/** A throttling answer, retried until the attempts are spent. */
	private static final class Throttled extends RuntimeException {

		private final String call;

		private final int status;

		private final Duration retryAfter;

		private final String reason;

		Throttled(String call, int status, Duration retryAfter, String reason) {
			super(call + " answered " + status, null, false, false);
			this.call = call;
			this.status = status;
			this.retryAfter = retryAfter;
			this.reason = reason;
		}

	}

}
