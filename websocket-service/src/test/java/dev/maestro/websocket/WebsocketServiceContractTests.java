package dev.maestro.websocket;

import dev.maestro.test.ServiceContractTests;

import org.springframework.test.annotation.DirtiesContext;

/** websocket-service keeps the promises every Maestro service makes, on real MongoDB and AMQP. */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class WebsocketServiceContractTests extends ServiceContractTests {

	@Override
	protected String protectedPath() {
		return "/api/events";
	}

}
