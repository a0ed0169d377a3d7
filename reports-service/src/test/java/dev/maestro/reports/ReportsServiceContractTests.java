package dev.maestro.reports;

import dev.maestro.test.ServiceContractTests;

import org.springframework.test.annotation.DirtiesContext;

/**
 * reports-service keeps the promises every Maestro service makes, on real MongoDB and AMQP. Its
 * context is closed afterwards, so that its job listener does not compete for the report jobs of
 * the {@link ReportsTest} context.
 */
@DirtiesContext
class ReportsServiceContractTests extends ServiceContractTests {

	@Override
	protected String protectedPath() {
		return "/api/teams/t1/reports";
	}

}
