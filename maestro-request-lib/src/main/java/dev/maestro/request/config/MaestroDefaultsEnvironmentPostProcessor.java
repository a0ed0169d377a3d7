package dev.maestro.request.config;

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
		environment.getPropertySources().addLast(new MapPropertySource(SOURCE, DEFAULTS));
	}

}
