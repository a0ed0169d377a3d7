package dev.maestro.websocket;

import dev.maestro.test.MaestroInfrastructure;
import dev.maestro.test.ServiceContractTests;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** websocket-service keeps the promises every Maestro service makes, on real MongoDB and AMQP. */
@SpringBootTest(classes = WebSocketApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class WebsocketServiceContractTests extends ServiceContractTests {

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		MaestroInfrastructure.register(registry);
	}

	@Override
	protected String[] requiredHealthComponents() {
		return new String[] { "mongo", "rabbit" };
	}

	@Override
	protected String protectedPath() {
		return "/api/events";
	}

}
