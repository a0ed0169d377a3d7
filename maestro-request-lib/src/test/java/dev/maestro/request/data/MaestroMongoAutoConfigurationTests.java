package dev.maestro.request.data;

import java.util.concurrent.TimeUnit;

import com.mongodb.MongoClientSettings;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.mongodb.autoconfigure.MongoClientSettingsBuilderCustomizer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/** The MongoDB client timeouts every service gets, so that a database that is down is a 503, not a hang. */
class MaestroMongoAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MaestroMongoAutoConfiguration.class));

	@Test
	void aQueryGivesUpOnAServerThatStopsAnsweringAfterTenSecondsByDefault() {
		this.runner.run((context) -> {
			MongoClientSettings settings = customized(context.getBean(MongoClientSettingsBuilderCustomizer.class));
			assertThat(settings.getSocketSettings().getReadTimeout(TimeUnit.MILLISECONDS)).isEqualTo(10_000);
			assertThat(settings.getSocketSettings().getConnectTimeout(TimeUnit.MILLISECONDS)).isEqualTo(3_000);
			assertThat(settings.getClusterSettings().getServerSelectionTimeout(TimeUnit.MILLISECONDS))
				.isEqualTo(5_000);
		});
	}

	@Test
	void theTimeoutsAreConfigurable() {
		this.runner
			.withPropertyValues("maestro.mongodb.read-timeout=2500ms", "maestro.mongodb.connect-timeout=1s",
					"maestro.mongodb.server-selection-timeout=4s")
			.run((context) -> {
				assertThat(context.getBean(MaestroMongoProperties.class).readTimeout()).hasMillis(2500);
				MongoClientSettings settings = customized(context.getBean(MongoClientSettingsBuilderCustomizer.class));
				assertThat(settings.getSocketSettings().getReadTimeout(TimeUnit.MILLISECONDS)).isEqualTo(2_500);
				assertThat(settings.getSocketSettings().getConnectTimeout(TimeUnit.MILLISECONDS)).isEqualTo(1_000);
				assertThat(settings.getClusterSettings().getServerSelectionTimeout(TimeUnit.MILLISECONDS))
					.isEqualTo(4_000);
			});
	}

	@Test
	void zeroKeepsTheDriversWaitForever() {
		this.runner.withPropertyValues("maestro.mongodb.read-timeout=0").run((context) -> {
			MongoClientSettings settings = customized(context.getBean(MongoClientSettingsBuilderCustomizer.class));
			assertThat(settings.getSocketSettings().getReadTimeout(TimeUnit.MILLISECONDS)).isZero();
		});
	}

	private static MongoClientSettings customized(MongoClientSettingsBuilderCustomizer customizer) {
		MongoClientSettings.Builder builder = MongoClientSettings.builder();
		customizer.customize(builder);
		return builder.build();
	}

}
