package dev.maestro.request;

import java.net.ConnectException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;

import dev.maestro.request.web.RequestId;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.timeout.ReadTimeoutException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Calls to one service, obtained from {@link MaestroRequest#to(String)}. Paths are URI
 * templates relative to the service's base URL, expanded (and encoded) with the given
 * variables.
 *
 * <p>Retry rules: a request that never reached the service (connection refused, connect
 * timeout) is always retried; idempotent methods (GET, HEAD, PUT, DELETE, OPTIONS) are also
 * retried after a response timeout, a 5xx or a 429; POST and PATCH only after a 429 or 503,
 * which promise that nothing was done. Other 4xx answers are never retried.
 *
 * <p>A service that runs several instances ({@code maestro.request.instances.<name>}) is called
 * round-robin: each call starts at the next instance, and each retry of a call goes to the
 * instance after the one that failed, so a call survives an instance that is down as long as
 * another one answers within the retries.
 */
public final class ServiceClient {

	private static final Set<HttpMethod> IDEMPOTENT = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.PUT,
			HttpMethod.DELETE, HttpMethod.OPTIONS);

	private static final int MAX_ERROR_TEXT = 500;

	private final String service;

	private final List<URI> instances;

	/** The instance the next call starts at (modulo the number of instances). */
	private final AtomicInteger next = new AtomicInteger();

	private final WebClient webClient;

	private final MaestroRequestProperties properties;

	private final ServiceTokenProvider tokens;

	private final CircuitBreaker circuitBreaker;

	ServiceClient(String service, List<URI> instances, WebClient webClient, MaestroRequestProperties properties,
			ServiceTokenProvider tokens, CircuitBreaker circuitBreaker) {
		if (instances.isEmpty()) {
			throw new IllegalArgumentException("No instance of " + service);
		}
		this.service = service;
		this.instances = List.copyOf(instances);
		this.webClient = webClient;
		this.properties = properties;
		this.tokens = tokens;
		this.circuitBreaker = circuitBreaker;
	}

	public String service() {
		return this.service;
	}

	/** The base URL of every instance this client calls, in rotation order. */
	public List<URI> instances() {
		return this.instances;
	}

	/**
	 * The instances one call uses, attempt after attempt: the first attempt goes to the next
	 * instance of the rotation, every further attempt to the one after.
	 */
	private Rotation rotation() {
		return new Rotation(Math.floorMod(this.next.getAndIncrement(), this.instances.size()));
	}

	public <T> Mono<T> get(String path, Class<T> type, Object... uriVariables) {
		return exchange(HttpMethod.GET, path, null, (response) -> response.bodyToMono(type), uriVariables);
	}

	public <T> Mono<T> get(String path, ParameterizedTypeReference<T> type, Object... uriVariables) {
		return exchange(HttpMethod.GET, path, null, (response) -> response.bodyToMono(type), uriVariables);
	}

	/**
	 * Streams the elements of a JSON array or an NDJSON answer. A failure before the first
	 * element is retried like any GET; once elements have been emitted it is not (they would be
	 * emitted twice), it is passed on.
	 */
	public <T> Flux<T> getAll(String path, Class<T> elementType, Object... uriVariables) {
		return Flux.defer(() -> {
			AtomicBoolean emitted = new AtomicBoolean();
			Rotation rotation = rotation();
			Flux<T> attempt = Mono.defer(() -> prepare(rotation.nextInstance(), HttpMethod.GET, path, null, uriVariables))
				.flatMapMany((spec) -> spec.exchangeToFlux((response) -> response.statusCode().isError()
						? toException(response).flatMapMany(Flux::error) : response.bodyToFlux(elementType)))
				.doOnNext((element) -> emitted.set(true))
				.onErrorMap(this::toUnavailable);
			return attempt
				.retryWhen(retrySpec((ex) -> !emitted.get() && retryable(true, ex)))
				.transformDeferred(CircuitBreakerOperator.of(this.circuitBreaker))
				.onErrorMap(CallNotPermittedException.class, this::circuitOpen);
		});
	}

	public <T> Mono<T> post(String path, Object body, Class<T> type, Object... uriVariables) {
		return exchange(HttpMethod.POST, path, body, (response) -> response.bodyToMono(type), uriVariables);
	}

	/**
	 * A POST the target applies at most once whatever the number of attempts (a bulk upsert keyed
	 * by the caller's ids, say): retried like an idempotent method, after a timeout or a 5xx too.
	 */
	public <T> Mono<T> postIdempotent(String path, Object body, Class<T> type, Object... uriVariables) {
		return exchange(HttpMethod.POST, true, path, body, (response) -> response.bodyToMono(type), uriVariables);
	}

	public <T> Mono<T> put(String path, Object body, Class<T> type, Object... uriVariables) {
		return exchange(HttpMethod.PUT, path, body, (response) -> response.bodyToMono(type), uriVariables);
	}

	public <T> Mono<T> patch(String path, Object body, Class<T> type, Object... uriVariables) {
		return exchange(HttpMethod.PATCH, path, body, (response) -> response.bodyToMono(type), uriVariables);
	}

	public Mono<Void> delete(String path, Object... uriVariables) {
		return exchange(HttpMethod.DELETE, path, null, ClientResponse::releaseBody, uriVariables);
	}

	/**
	 * The general form: any method, an optional body, and a function that reads a successful
	 * response. Error statuses never reach {@code reader}; they become exceptions.
	 */
	public <T> Mono<T> exchange(HttpMethod method, String path, Object body,
			Function<ClientResponse, Mono<T>> reader, Object... uriVariables) {
		return exchange(method, IDEMPOTENT.contains(method), path, body, reader, uriVariables);
	}

	private <T> Mono<T> exchange(HttpMethod method, boolean idempotent, String path, Object body,
			Function<ClientResponse, Mono<T>> reader, Object... uriVariables) {
		return Mono.defer(() -> {
			Rotation rotation = rotation();
			Mono<T> attempt = Mono.defer(() -> prepare(rotation.nextInstance(), method, path, body, uriVariables))
				.flatMap((spec) -> spec.exchangeToMono((response) -> response.statusCode().isError()
						? toException(response).flatMap(Mono::error) : reader.apply(response)))
				.timeout(this.properties.responseTimeout(this.service))
				.onErrorMap(this::toUnavailable);
			return attempt.retryWhen(retrySpec((ex) -> retryable(idempotent, ex)))
				.transformDeferred(CircuitBreakerOperator.of(this.circuitBreaker))
				.onErrorMap(CallNotPermittedException.class, this::circuitOpen);
		});
	}

	/**
	 * The target of a call: {@code path} is a URI template relative to the service and may carry
	 * a query ({@code "/servers?environment={env}&limit=500"}); every variable is encoded where it
	 * lands, so a value with {@code &}, {@code ?} or spaces stays one value.
	 */
	URI uri(String path, Object... uriVariables) {
		return uri(this.instances.get(0), path, uriVariables);
	}

	private static URI uri(URI baseUrl, String path, Object... uriVariables) {
		int query = path.indexOf('?');
		UriComponentsBuilder builder = UriComponentsBuilder.fromUri(baseUrl)
			.path((query < 0) ? path : path.substring(0, query));
		if (query >= 0) {
			builder.query(path.substring(query + 1));
		}
		return builder.buildAndExpand(uriVariables).encode().toUri();
	}

	private Mono<WebClient.RequestBodySpec> prepare(URI baseUrl, HttpMethod method, String path, Object body,
			Object[] uriVariables) {
		URI uri = uri(baseUrl, path, uriVariables);
		return Mono.deferContextual((ctx) -> this.tokens.token().map((token) -> "Bearer " + token)
			.defaultIfEmpty("")
			.map((authorization) -> {
				WebClient.RequestBodySpec spec = this.webClient.method(method).uri(uri).accept(MediaType.APPLICATION_JSON,
						MediaType.APPLICATION_PROBLEM_JSON, MediaType.APPLICATION_NDJSON);
				String requestId = RequestId.from(ctx);
				if (requestId != null) {
					spec.header(RequestId.HEADER, requestId);
				}
				if (!authorization.isEmpty()) {
					spec.header(HttpHeaders.AUTHORIZATION, authorization);
				}
				if (body != null) {
					spec.contentType(MediaType.APPLICATION_JSON).bodyValue(body);
				}
				return spec;
			}));
	}

	private Retry retrySpec(Predicate<Throwable> retryable) {
		MaestroRequestProperties.Retry retry = this.properties.retry();
		return Retry.backoff(retry.maxRetries(), retry.initialBackoff())
			.maxBackoff(retry.maxBackoff())
			.filter(retryable)
			.onRetryExhaustedThrow((spec, signal) -> signal.failure());
	}

	static boolean retryable(HttpMethod method, Throwable ex) {
		return retryable(IDEMPOTENT.contains(method), ex);
	}

	private static boolean retryable(boolean idempotent, Throwable ex) {
		if (!(ex instanceof MaestroRequestException.Unavailable unavailable)) {
			return false;
		}
		if (unavailable.getCause() instanceof NotSent) {
			return true;
		}
		if (idempotent) {
			return true;
		}
		// A POST or PATCH that got no answer (timeout, connection lost) may have been acted on.
		boolean answered = unavailable.getCause() == null;
		int status = unavailable.problem().getStatus();
		return answered && (status == 429 || status == 503);
	}

	private Mono<MaestroRequestException> toException(ClientResponse response) {
		HttpStatus status = HttpStatus.resolve(response.statusCode().value());
		boolean problemJson = response.headers()
			.contentType()
			.filter((type) -> type.isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
					|| type.isCompatibleWith(MediaType.APPLICATION_JSON))
			.isPresent();
		Mono<ProblemDetail> problem = problemJson
				? response.bodyToMono(ProblemDetail.class).onErrorResume((ex) -> Mono.empty())
				: response.bodyToMono(byte[].class).map((bytes) -> {
					ProblemDetail synthetic = ProblemDetail.forStatus(response.statusCode());
					String text = new String(bytes, StandardCharsets.UTF_8);
					synthetic.setDetail(text.length() > MAX_ERROR_TEXT ? text.substring(0, MAX_ERROR_TEXT) : text);
					return synthetic;
				});
		return problem.defaultIfEmpty(ProblemDetail.forStatus(response.statusCode())).map((detail) -> {
			if (detail.getStatus() != response.statusCode().value()) {
				detail.setStatus(response.statusCode().value());
			}
			if (detail.getTitle() == null && status != null) {
				detail.setTitle(status.getReasonPhrase());
			}
			return MaestroRequestException.of(this.service, detail);
		});
	}

	private Throwable toUnavailable(Throwable ex) {
		if (ex instanceof MaestroRequestException) {
			return ex;
		}
		if (ex instanceof WebClientRequestException request && (request.getCause() instanceof ConnectException
				|| request.getCause() instanceof ConnectTimeoutException)) {
			return MaestroRequestException.Unavailable.because(this.service,
					this.service + " cannot be reached", new NotSent(request));
		}
		if (ex instanceof TimeoutException || ex.getCause() instanceof ReadTimeoutException
				|| ex instanceof ReadTimeoutException) {
			return MaestroRequestException.Unavailable.because(this.service,
					this.service + " did not answer within " + this.properties.responseTimeout(this.service), ex);
		}
		if (ex instanceof WebClientRequestException) {
			return MaestroRequestException.Unavailable.because(this.service,
					this.service + " failed to answer: " + ex.getMessage(), ex);
		}
		return ex;
	}

	private Throwable circuitOpen(CallNotPermittedException ex) {
		return MaestroRequestException.Unavailable.because(this.service,
				"Calls to " + this.service + " are suspended after repeated failures", ex);
	}

	/** Where the attempts of one call go: the instances in order, from the call's first one. */
	private final class Rotation {

		private int attempt;

		private final int first;

		Rotation(int first) {
			this.first = first;
		}

		synchronized URI nextInstance() {
			List<URI> all = ServiceClient.this.instances;
			return all.get((this.first + this.attempt++) % all.size());
		}

	}

	/** Marks a failure that happened before the request reached the service. */
	private static final class NotSent extends RuntimeException {

		NotSent(Throwable cause) {
			super(cause.getMessage(), cause, false, false);
		}

	}

}
