package dev.maestro.analytics;

import dev.maestro.test.ServiceContractTests;

/** analytics-api keeps the promises every Maestro service makes, on real MongoDB and AMQP. */
class AnalyticsApiContractTests extends ServiceContractTests {

	@Override
	protected String protectedPath() {
		return "/api/teams/t1/graphs";
	}

}
