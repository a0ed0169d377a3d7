package dev.maestro.request.config;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Defaults shared by every Maestro service, added with the lowest precedence so that any
 * {@code application.yml}, environment variable or command-line argument wins. Each line
 * here is a decision the services would otherwise repeat (and drift on).
 */
public class MaestroDefaultsEnvironmentPostProcessor implements EnvironmentPostProcessor {

	static final String SOURCE = "maestroDefaults";

	/** The services every Maestro service may call, each with its default URL. */
	static final List<String> SERVICES = List.of("inventory-service", "discovery-service", "analytics-api",
			"analytics-worker", "reports-service", "websocket-service");

	private static final Map<String, Object> DEFAULTS = Map.ofEntries(
			// Health, info and Prometheus metrics on every service; details only for health groups.
			Map.entry("management.endpoints.web.exposure.include", "health,info,prometheus,metrics"),
			Map.entry("management.endpoint.health.probes.enabled", "true"),
			// Component names (mongo, rabbit) but no details: operators see which dependency is down.
			Map.entry("management.endpoint.health.show-components", "always"),
			Map.entry("management.info.env.enabled", "true"),
			Map.entry("management.info.java.enabled", "true"),
			// Confirms let the outbox mark a message published only once the broker has it.
			Map.entry("spring.rabbitmq.publisher-confirm-type", "simple"),
			Map.entry("spring.rabbitmq.connection-timeout", "5s"),
			// A consumer that fails unexpectedly gets the message again later; jobs dead-letter themselves.
			Map.entry("spring.rabbitmq.listener.simple.acknowledge-mode", "auto"),
			Map.entry("spring.rabbitmq.listener.simple.prefetch", "10"),
			Map.entry("spring.data.mongodb.auto-index-creation", "true"),
			// Every service runs the gateway-facing API on a body size limit.
			Map.entry("spring.http.codecs.max-in-memory-size", "1MB"),
			Map.entry("server.shutdown", "graceful"),
			Map.entry("spring.lifecycle.timeout-per-shutdown-phase", "20s"),
			Map.entry("logging.pattern.correlation", "[%X{requestId:-}] "),
			Map.entry("springdoc.api-docs.path", "/v3/api-docs"),
			// Service URLs from the environment (the launcher and docker-compose set them).
			Map.entry("maestro.request.services.inventory-service", "${MAESTRO_SERVICES_INVENTORY_SERVICE_URL:http://localhost:8081}"),
			Map.entry("maestro.request.services.discovery-service", "${MAESTRO_SERVICES_DISCOVERY_SERVICE_URL:http://localhost:8082}"),
			Map.entry("maestro.request.services.analytics-api", "${MAESTRO_SERVICES_ANALYTICS_API_URL:http://localhost:8083}"),
			Map.entry("maestro.request.services.analytics-worker", "${MAESTRO_SERVICES_ANALYTICS_WORKER_URL:http://localhost:8084}"),
			Map.entry("maestro.request.services.reports-service", "${MAESTRO_SERVICES_REPORTS_SERVICE_URL:http://localhost:8085}"),
			Map.entry("maestro.request.services.websocket-service", "${MAESTRO_SERVICES_WEBSOCKET_SERVICE_URL:http://localhost:8086}"),
			// Service tokens by client credentials; production sets MAESTRO_SERVICE_SECRET.
			Map.entry("maestro.request.service-account.client-id", "${spring.application.name}"),
			Map.entry("maestro.request.service-account.client-secret", "${MAESTRO_SERVICE_SECRET:maestro-dev-service-secret}"),
			Map.entry("maestro.security.jwks-uri", "${maestro.request.services.inventory-service}/.well-known/jwks.json"));

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		Map<String, Object> defaults = new LinkedHashMap<>(DEFAULTS);
		defaults.putAll(replicas(environment));
		environment.getPropertySources().addLast(new MapPropertySource(SOURCE, defaults));
	}

	/**
	 * Services that run several instances: {@code MAESTRO_SERVICES_<NAME>_URLS} (comma separated)
	 * becomes {@code maestro.request.instances.<name>}, and, unless
	 * {@code MAESTRO_SERVICES_<NAME>_URL} is set too, its first URL the service's one URL (the
	 * JWKS address, say).
	 */
	static Map<String, Object> replicas(ConfigurableEnvironment environment) {
		Map<String, Object> replicas = new LinkedHashMap<>();
		for (String service : SERVICES) {
			String variable = "MAESTRO_SERVICES_" + service.toUpperCase(Locale.ROOT).replace('-', '_');
			String urls = environment.getProperty(variable + "_URLS");
			if (urls == null || urls.isBlank()) {
				continue;
			}
			List<String> each = Arrays.stream(urls.split(","))
				.map(String::trim)
				.filter((url) -> !url.isEmpty())
				.toList();
			if (each.isEmpty()) {
				continue;
			}
			replicas.put("maestro.request.instances." + service, String.join(",", each));
			String single = environment.getProperty(variable + "_URL");
			if (single == null || single.isBlank()) {
				replicas.put("maestro.request.services." + service, each.get(0));
			}
		}
		return replicas;
	}

}
