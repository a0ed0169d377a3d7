package dev.maestro.inventory;

import dev.maestro.test.ServiceContractTests;

/** inventory-service keeps the promises every Maestro service makes, on real MongoDB and AMQP. */
class InventoryServiceContractTests extends ServiceContractTests {

	@Override
	protected String protectedPath() {
		return "/api/teams/t1/servers";
	}

}
