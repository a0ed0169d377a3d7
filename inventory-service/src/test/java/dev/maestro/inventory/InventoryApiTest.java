package dev.maestro.inventory;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import dev.maestro.test.MaestroInfrastructureInitializer;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.context.ContextConfiguration;

/**
 * inventory-service on a random port, over real HTTP, on the MongoDB and broker
 * {@code MaestroInfrastructure} picks. Add {@code @TestPropertySource} for settings of a test's own.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
@ContextConfiguration(initializers = MaestroInfrastructureInitializer.class)
public @interface InventoryApiTest {

}
