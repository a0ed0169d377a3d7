package dev.maestro.reports;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import dev.maestro.test.MaestroInfrastructureInitializer;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ContextConfiguration;

/**
 * reports-service on a random port, on the test infrastructure (real RabbitMQ when it answers),
 * with inventory served by {@link FakeInventory} and tokens from {@link TestJwt}. Every test
 * class with this annotation shares one application context, so one job listener consumes the
 * report jobs. Short back-offs and ticks keep the asynchronous paths quick.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "maestro.reports.chunk-size=3", "maestro.reports.schedule.tick=500ms",
				"maestro.messaging.outbox.poll-interval=100ms", "maestro.messaging.consumer.initial-backoff=100ms",
				"maestro.messaging.consumer.max-backoff=200ms", "maestro.request.retry.initial-backoff=20ms",
				"maestro.request.retry.max-backoff=50ms", "maestro.request.circuit-breaker.sliding-window-size=1000",
				"maestro.request.circuit-breaker.minimum-number-of-calls=1000" })
@ContextConfiguration(initializers = { MaestroInfrastructureInitializer.class, FakeInventory.Initializer.class })
@AutoConfigureWebTestClient
@Import(TestJwt.class)
public @interface ReportsTest {

}
