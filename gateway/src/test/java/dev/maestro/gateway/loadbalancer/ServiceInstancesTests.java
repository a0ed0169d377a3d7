package dev.maestro.gateway.loadbalancer;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import dev.maestro.request.MaestroRequestProperties;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which instance the gateway picks, with a clock the test moves. */
class ServiceInstancesTests {

	static final URI A = URI.create("http://a:8081");

	static final URI B = URI.create("http://b:8081");

	static final URI C = URI.create("http://c:8081");

	final AtomicLong now = new AtomicLong();

	final ServiceInstances instances = new ServiceInstances(
			new MaestroRequestProperties(Map.of("reports-service", URI.create("http://reports:8085")), Duration.ofSeconds(2),
					Duration.ofSeconds(5), new MaestroRequestProperties.Retry(2, Duration.ofMillis(100), Duration.ofSeconds(2)),
					new MaestroRequestProperties.CircuitBreaker(50, 20, 10, Duration.ofSeconds(10)),
					new MaestroRequestProperties.ServiceAccount(null, null, "inventory-service", "/api/auth/token",
							Duration.ofSeconds(60)),
					Map.of(), Map.of("inventory-service", List.of(A, B, C))),
			new LoadBalancerProperties(Duration.ofSeconds(5)), this.now::get);

	private URI next(String service) {
		return this.instances.choose(service, Set.of()).orElseThrow();
	}

	@Test
	void instancesTakeTurns() {
		assertThat(List.of(next("inventory-service"), next("inventory-service"), next("inventory-service"),
				next("inventory-service"))).containsExactly(A, B, C, A);
	}

	@Test
	void aServiceWithOneUrlAlwaysGetsItAndAnUnknownOneNothing() {
		assertThat(next("reports-service")).isEqualTo(URI.create("http://reports:8085"));
		assertThat(next("reports-service")).isEqualTo(URI.create("http://reports:8085"));
		assertThat(this.instances.choose("no-such-service", Set.of())).isEmpty();
	}

	@Test
	void anEjectedInstanceIsLeftOutUntilItsTimeIsUp() {
		this.instances.eject("inventory-service", B);
		assertThat(List.of(next("inventory-service"), next("inventory-service"), next("inventory-service"),
				next("inventory-service"))).containsExactly(A, C, C, A);

		this.now.addAndGet(Duration.ofSeconds(5).toNanos());
		assertThat(this.instances.isEjected(B)).isFalse();
		assertThat(List.of(next("inventory-service"), next("inventory-service"), next("inventory-service")))
			.containsExactlyInAnyOrder(A, B, C);
	}

	@Test
	void instancesAlreadyTriedAreNotChosenAgainAndWhenAllAreEjectedOneIsTriedAnyway() {
		assertThat(this.instances.choose("inventory-service", Set.of(A, B))).contains(C);
		assertThat(this.instances.choose("inventory-service", Set.of(A, B, C))).isEmpty();

		this.instances.eject("inventory-service", A);
		this.instances.eject("inventory-service", B);
		this.instances.eject("inventory-service", C);
		assertThat(this.instances.choose("inventory-service", Set.of())).isPresent();
		assertThat(this.instances.choose("inventory-service", Set.of(A, C))).contains(B);
	}

}
