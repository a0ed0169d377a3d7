package dev.maestro.discovery;

import dev.maestro.test.ServiceContractTests;

/** discovery-service keeps the promises every Maestro service makes, on real MongoDB and AMQP. */
class DiscoveryServiceContractTests extends ServiceContractTests {

	@Override
	protected String protectedPath() {
		return "/api/teams/t1/connections";
	}

}
