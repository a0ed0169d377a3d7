package dev.maestro.discovery;

import dev.maestro.discovery.support.DiscoveryTest;
import dev.maestro.test.ServiceContractTests;

import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.TestPropertySource;

/**
 * discovery-service keeps the promises every Maestro service makes, on real MongoDB and AMQP.
 * Pointed at the shared fake inventory like the other tests: every cached context consumes the
 * sync job queue, so each must be able to run a job another test submitted.
 */
@ContextConfiguration(initializers = DiscoveryTest.Inventory.class)
@TestPropertySource(properties = { "maestro.discovery.scheduler.enabled=false",
		"maestro.request.service-account.client-secret=" })
class DiscoveryServiceContractTests extends ServiceContractTests {

	@Override
	protected String protectedPath() {
		return "/api/teams/t1/connections";
	}

}
