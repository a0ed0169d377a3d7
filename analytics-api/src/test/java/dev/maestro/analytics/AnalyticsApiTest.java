package dev.maestro.analytics;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import dev.maestro.test.MaestroInfrastructureInitializer;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ContextConfiguration;

/** analytics-api on a random port, real MongoDB and broker, tokens signed by {@link Tokens}. */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = MaestroInfrastructureInitializer.class)
@AutoConfigureWebTestClient
@Import(Tokens.Config.class)
public @interface AnalyticsApiTest {

}
