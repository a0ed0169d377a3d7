package dev.maestro.request;

import dev.maestro.request.messaging.EventPublisher;
import dev.maestro.request.messaging.MaestroMessagingAutoConfiguration;
import dev.maestro.request.messaging.MaestroOutboxAutoConfiguration;
import dev.maestro.request.web.MaestroJwtDecoderAutoConfiguration;
import dev.maestro.request.web.MaestroSecurityProperties;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.amqp.core.Declarables;
import org.springframework.boot.amqp.autoconfigure.RabbitAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.data.mongodb.core.ReactiveMongoOperations;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

import static org.assertj.core.api.Assertions.assertThat;

/** What the library contributes to a service, and what a service can replace. */
class AutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(WebClientAutoConfiguration.class, MaestroRequestAutoConfiguration.class));

	@Test
	void aServiceGetsMaestroRequestWithItsServiceAccountWhenASecretIsConfigured() {
		this.runner
			.withPropertyValues("maestro.request.services.inventory-service=http://localhost:8081",
					"maestro.request.service-account.client-id=reports-service",
					"maestro.request.service-account.client-secret=s3cret")
			.run((context) -> {
				assertThat(context).hasSingleBean(MaestroRequest.class);
				assertThat(context.getBean(ServiceTokenProvider.class)).isInstanceOf(ClientCredentialsTokenProvider.class);
			});
	}

	@Test
	void withoutASecretCallsCarryNoToken() {
		this.runner.run((context) -> assertThat(context.getBean(ServiceTokenProvider.class).token().block()).isNull());
	}

	@Test
	void aServiceMayProvideItsOwnTokenProvider() {
		this.runner.withBean(ServiceTokenProvider.class, () -> () -> Mono.just("custom"))
			.run((context) -> assertThat(context.getBean(ServiceTokenProvider.class).token().block()).isEqualTo("custom"));
	}

	@Test
	void aServiceWithoutMongoDbGetsTheTopologyButNoOutbox() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, RabbitAutoConfiguration.class,
					MaestroMessagingAutoConfiguration.class,
					MaestroOutboxAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader(ReactiveMongoOperations.class))
			.run((context) -> {
				assertThat(context).hasSingleBean(Declarables.class);
				assertThat(context).doesNotHaveBean(EventPublisher.class);
			});
	}

	@Test
	void tokensAreCheckedAgainstInventoryServicesKeysUnlessTheServiceSaysOtherwise() {
		new ReactiveWebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(MaestroJwtDecoderAutoConfiguration.class))
			.withPropertyValues("maestro.security.jwks-uri=http://inventory:8081/.well-known/jwks.json")
			.run((context) -> {
				assertThat(context).hasSingleBean(ReactiveJwtDecoder.class);
				assertThat(context.getBean(MaestroSecurityProperties.class).jwksUri())
					.hasToString("http://inventory:8081/.well-known/jwks.json");
			});
	}

}
