package dev.maestro.launcher;

import java.util.List;
import java.util.Locale;

/**
 * One service of the suite: its Maven module (which is also its jar's name) and HTTP port.
 */
record Service(String module, int port) {

	/** Every service, gateway first; default ports as in ARCHITECTURE.md. */
	static final List<Service> DEFAULTS = List.of(new Service("gateway", 8080), new Service("inventory-service", 8081),
			new Service("discovery-service", 8082), new Service("analytics-api", 8083),
			new Service("analytics-worker", 8084), new Service("reports-service", 8085),
			new Service("websocket-service", 8086));

	/** The module name as an environment variable fragment: {@code inventory-service} → {@code INVENTORY_SERVICE}. */
	String envName() {
		return this.module.toUpperCase(Locale.ROOT).replace('-', '_');
	}

	String url() {
		return "http://localhost:" + this.port;
	}

	String healthUrl() {
		return url() + "/actuator/health";
	}

	Service withPort(int newPort) {
		return new Service(this.module, newPort);
	}

}
