package dev.maestro.request.config;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/** The environment variables the launcher and docker-compose set become Maestro's settings. */
class MaestroDefaultsEnvironmentPostProcessorTests {

	private static StandardEnvironment environment(Map<String, Object> variables) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new MapPropertySource("test", variables));
		new MaestroDefaultsEnvironmentPostProcessor().postProcessEnvironment(environment, null);
		return environment;
	}

	@Test
	void oneUrlPerServiceAsBefore() {
		StandardEnvironment environment = environment(
				Map.of("MAESTRO_SERVICES_INVENTORY_SERVICE_URL", "http://inventory:9081"));

		assertThat(environment.getProperty("maestro.request.services.inventory-service")).isEqualTo("http://inventory:9081");
		assertThat(environment.getProperty("maestro.request.services.reports-service")).isEqualTo("http://localhost:8085");
		assertThat(environment.containsProperty("maestro.request.instances.inventory-service")).isFalse();
		assertThat(environment.getProperty("maestro.security.jwks-uri"))
			.isEqualTo("http://inventory:9081/.well-known/jwks.json");
	}

	@Test
	void severalUrlsBecomeTheInstancesAndTheFirstIsTheServicesUrl() {
		StandardEnvironment environment = environment(
				Map.of("MAESTRO_SERVICES_INVENTORY_SERVICE_URLS", " http://inv-1:8081 , http://inv-2:8081,"));

		assertThat(environment.getProperty("maestro.request.instances.inventory-service"))
			.isEqualTo("http://inv-1:8081,http://inv-2:8081");
		assertThat(environment.getProperty("maestro.request.services.inventory-service")).isEqualTo("http://inv-1:8081");
		assertThat(environment.getProperty("maestro.security.jwks-uri"))
			.isEqualTo("http://inv-1:8081/.well-known/jwks.json");
	}

	@Test
	void anExplicitSingleUrlStaysTheServicesUrl() {
		StandardEnvironment environment = environment(Map.of("MAESTRO_SERVICES_REPORTS_SERVICE_URLS",
				"http://r1:8085,http://r2:8085", "MAESTRO_SERVICES_REPORTS_SERVICE_URL", "http://reports:8085"));

		assertThat(environment.getProperty("maestro.request.services.reports-service")).isEqualTo("http://reports:8085");
		assertThat(environment.getProperty("maestro.request.instances.reports-service"))
			.isEqualTo("http://r1:8085,http://r2:8085");
	}

}
