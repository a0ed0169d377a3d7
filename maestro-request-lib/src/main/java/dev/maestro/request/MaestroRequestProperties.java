package dev.maestro.request;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How {@link MaestroRequest} reaches the other services. Every timeout, retry and
 * circuit-breaker setting of the suite lives here, so that no call site invents its own.
 *
 * @param services base URL of each service by name (for example {@code inventory-service});
 * the launcher and docker-compose set them through {@code MAESTRO_SERVICES_<NAME>_URL}
 * @param connectTimeout how long to wait for a TCP connection
 * @param responseTimeout how long one attempt may wait for the response to start
 * @param retry retry policy for failed attempts
 * @param circuitBreaker circuit breaker kept per target service
 * @param serviceAccount the credentials this service obtains its service token with
 * @param responseTimeouts a longer (or shorter) {@code responseTimeout} for the calls to some
 * services, by name: discovery's bulk upserts to inventory take longer than a lookup
 * @param instances the base URLs of every replica of a service that runs several, by name (the
 * launcher and docker-compose set them through {@code MAESTRO_SERVICES_<NAME>_URLS}, comma
 * separated); calls rotate among them, one instance per attempt. A service named here needs no
 * entry in {@code services}: its first instance stands for it there
 */
@ConfigurationProperties("maestro.request")
public record MaestroRequestProperties(Map<String, URI> services,
		@DefaultValue("2s") Duration connectTimeout,
		@DefaultValue("5s") Duration responseTimeout,
		@DefaultValue Retry retry,
		@DefaultValue CircuitBreaker circuitBreaker,
		@DefaultValue ServiceAccount serviceAccount, Map<String, Duration> responseTimeouts,
		Map<String, List<URI>> instances) {

	@org.springframework.boot.context.properties.bind.ConstructorBinding
	public MaestroRequestProperties {
		Map<String, List<URI>> replicas = new LinkedHashMap<>();
		if (instances != null) {
			instances.forEach((name, urls) -> {
				List<URI> present = (urls != null) ? urls.stream().filter((url) -> url != null).toList() : List.of();
				if (!present.isEmpty()) {
					replicas.put(name, present);
				}
			});
		}
		Map<String, URI> named = new LinkedHashMap<>((services != null) ? services : Map.of());
		replicas.forEach((name, urls) -> named.putIfAbsent(name, urls.get(0)));
		services = Map.copyOf(named);
		instances = Map.copyOf(replicas);
		responseTimeouts = (responseTimeouts != null) ? Map.copyOf(responseTimeouts) : Map.of();
	}

	/** The same settings, every service with one instance. */
	public MaestroRequestProperties(Map<String, URI> services, Duration connectTimeout, Duration responseTimeout,
			Retry retry, CircuitBreaker circuitBreaker, ServiceAccount serviceAccount,
			Map<String, Duration> responseTimeouts) {
		this(services, connectTimeout, responseTimeout, retry, circuitBreaker, serviceAccount, responseTimeouts,
				Map.of());
	}

	/** The same settings without per-service response timeouts. */
	public MaestroRequestProperties(Map<String, URI> services, Duration connectTimeout, Duration responseTimeout,
			Retry retry, CircuitBreaker circuitBreaker, ServiceAccount serviceAccount) {
		this(services, connectTimeout, responseTimeout, retry, circuitBreaker, serviceAccount, Map.of(), Map.of());
	}

	/**
	 * The base URL of every instance of {@code service}: its {@code instances} when some are
	 * configured, else its one {@code services} URL, else none.
	 */
	public List<URI> instances(String service) {
		List<URI> replicas = this.instances.get(service);
		if (replicas != null) {
			return replicas;
		}
		URI single = this.services.get(service);
		return (single != null) ? List.of(single) : List.of();
	}

	/** How long one attempt of a call to {@code service} may wait for the response to start. */
	public Duration responseTimeout(String service) {
		return this.responseTimeouts.getOrDefault(service, this.responseTimeout);
	}

	/**
	 * Retry with exponential back-off and jitter.
	 *
	 * @param maxRetries retries after the first attempt (0 disables retrying)
	 * @param initialBackoff delay before the first retry
	 * @param maxBackoff upper bound of any delay
	 */
	public record Retry(@DefaultValue("2") int maxRetries, @DefaultValue("100ms") Duration initialBackoff,
			@DefaultValue("2s") Duration maxBackoff) {
	}

	/**
	 * Client credentials for service tokens. Without a secret, calls carry no token.
	 *
	 * @param clientId this service's id at the identity service (its application name)
	 * @param clientSecret its secret
	 * @param issuer the service that issues tokens
	 * @param tokenPath where it issues them
	 * @param renewBeforeExpiry how long before expiry a cached token is replaced
	 */
	public record ServiceAccount(String clientId, String clientSecret,
			@DefaultValue("inventory-service") String issuer, @DefaultValue("/api/auth/token") String tokenPath,
			@DefaultValue("60s") Duration renewBeforeExpiry) {
	}

	/**
	 * A count-based circuit breaker per target service; only failures that mean "the service is
	 * unwell" (connection errors, timeouts, 5xx, 429) count, never a 4xx answer.
	 *
	 * @param failureRateThreshold failure percentage that opens the circuit
	 * @param slidingWindowSize calls the failure rate is computed over
	 * @param minimumNumberOfCalls calls needed before the rate is judged
	 * @param waitInOpenState how long an open circuit rejects calls before probing again
	 */
	public record CircuitBreaker(@DefaultValue("50") float failureRateThreshold,
			@DefaultValue("20") int slidingWindowSize, @DefaultValue("10") int minimumNumberOfCalls,
			@DefaultValue("10s") Duration waitInOpenState) {
	}

}
