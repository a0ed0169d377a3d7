package dev.maestro.websocket;

import dev.maestro.test.MaestroInfrastructureInitializer;

import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * Runs websocket-service on the test infrastructure (RabbitMQ on 127.0.0.1:5672 when it answers,
 * an in-memory MongoDB-wire store) for local development and for the events benchmark
 * ({@code docs/benchmarks-websocket.md}); pass {@code --maestro.security.jwks-uri=…} to trust a
 * key server of your own.
 */
public final class LocalWebSocketApplication {

	private LocalWebSocketApplication() {
	}

	public static void main(String[] args) {
		new SpringApplicationBuilder(WebSocketApplication.class).initializers(new MaestroInfrastructureInitializer())
			.run(args);
	}

}
