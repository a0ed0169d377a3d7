package dev.maestro.reports;

import dev.maestro.test.ServiceContractTests;

/** reports-service keeps the promises every Maestro service makes, on real MongoDB and AMQP. */
class ReportsServiceContractTests extends ServiceContractTests {

	@Override
	protected String protectedPath() {
		return "/api/teams/t1/reports";
	}

}
