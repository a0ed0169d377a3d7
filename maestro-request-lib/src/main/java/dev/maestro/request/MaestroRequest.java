package dev.maestro.request;

import java.net.URI;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;

import org.springframework.web.reactive.function.client.WebClient;

/**
 * The one client a Maestro service uses to call another one. {@code to("inventory-service")}
 * gives a {@link ServiceClient} whose calls carry the service token and the current request id,
 * time out, retry with back-off when the failure is worth retrying, go through a circuit
 * breaker kept per target service, and turn problem+json answers into typed
 * {@link MaestroRequestException}s. Timeouts and retries live here and nowhere else.
 */
public final class MaestroRequest {

	private final WebClient webClient;

	private final MaestroRequestProperties properties;

	private final ServiceTokenProvider tokens;

	private final CircuitBreakerRegistry circuitBreakers;

	private final ConcurrentMap<String, ServiceClient> clients = new ConcurrentHashMap<>();

	/**
	 * @param webClient a client whose connector already applies the connect and response
	 * timeouts of {@code properties} (the auto-configuration builds one)
	 */
	public MaestroRequest(WebClient webClient, MaestroRequestProperties properties, ServiceTokenProvider tokens) {
		this.webClient = webClient;
		this.properties = properties;
		this.tokens = tokens;
		MaestroRequestProperties.CircuitBreaker cb = properties.circuitBreaker();
		this.circuitBreakers = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
			.failureRateThreshold(cb.failureRateThreshold())
			.slidingWindowSize(cb.slidingWindowSize())
			.minimumNumberOfCalls(cb.minimumNumberOfCalls())
			.waitDurationInOpenState(cb.waitInOpenState())
			.recordException(MaestroRequestException.Unavailable.class::isInstance)
			.build());
	}

	/**
	 * A client for the named service, whose base URL comes from
	 * {@code maestro.request.services.<name>}, or whose instances come from
	 * {@code maestro.request.instances.<name>} when it runs several (calls then rotate among them).
	 * @throws IllegalArgumentException when no URL is configured for that service
	 */
	public ServiceClient to(String service) {
		return this.clients.computeIfAbsent(service, (name) -> {
			List<URI> instances = this.properties.instances(name);
			if (instances.isEmpty()) {
				String env = "MAESTRO_SERVICES_" + name.toUpperCase().replace('-', '_');
				throw new IllegalArgumentException("No URL configured for service '" + name
						+ "': set maestro.request.services." + name + " (or " + env + "_URL), or its instances, "
						+ "maestro.request.instances." + name + " (or " + env + "_URLS)");
			}
			return new ServiceClient(name, instances, this.webClient, this.properties, this.tokens,
					circuitBreaker(name));
		});
	}

	/** The circuit breaker guarding calls to the named service (for health and metrics). */
	public CircuitBreaker circuitBreaker(String service) {
		return this.circuitBreakers.circuitBreaker(service);
	}

}
