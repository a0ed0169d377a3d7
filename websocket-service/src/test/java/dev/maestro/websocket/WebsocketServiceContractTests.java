package dev.maestro.websocket;

import dev.maestro.test.ServiceContractTests;

/** websocket-service keeps the promises every Maestro service makes, on real MongoDB and AMQP. */
class WebsocketServiceContractTests extends ServiceContractTests {

	@Override
	protected String protectedPath() {
		return "/api/events";
	}

}
