package dev.maestro.discovery.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import dev.maestro.test.MaestroInfrastructureInitializer;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ContextConfiguration;

/**
 * discovery-service on a random port, on the test infrastructure, trusting {@link Tokens}, with
 * the scheduler off (tests start syncs themselves) and no service token (the fake inventory
 * does not issue them), inventory-service being the shared {@link FakeInventory}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "maestro.discovery.scheduler.enabled=false", "maestro.request.service-account.client-secret=",
				"maestro.messaging.consumer.initial-backoff=100ms" })
@ContextConfiguration(initializers = { MaestroInfrastructureInitializer.class, DiscoveryTest.Inventory.class })
@AutoConfigureWebTestClient(timeout = "60s")
@Import(Tokens.Trusted.class)
public @interface DiscoveryTest {

	/** Points inventory-service at {@link FakeInventory#shared()}. */
	class Inventory implements org.springframework.context.ApplicationContextInitializer<org.springframework.context.ConfigurableApplicationContext> {

		@Override
		public void initialize(org.springframework.context.ConfigurableApplicationContext context) {
			context.getEnvironment().getPropertySources().addFirst(new org.springframework.core.env.MapPropertySource(
					"fakeInventory", java.util.Map.of("maestro.request.services.inventory-service", FakeInventory.shared().url())));
		}

	}

}
