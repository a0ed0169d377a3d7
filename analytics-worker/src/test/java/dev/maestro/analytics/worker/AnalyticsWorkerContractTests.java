package dev.maestro.analytics.worker;

import dev.maestro.test.ServiceContractTests;

/** analytics-worker keeps the promises every Maestro service makes, on real MongoDB and AMQP. */
class AnalyticsWorkerContractTests extends ServiceContractTests {

	@Override
	protected String protectedPath() {
		return "/api/jobs";
	}

}
