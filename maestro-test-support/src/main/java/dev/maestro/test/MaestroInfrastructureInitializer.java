package dev.maestro.test;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.PropertySource;

/**
 * Points a test context at the infrastructure {@link MaestroInfrastructure} picks, for use in
 * meta-annotations ({@code @ContextConfiguration(initializers = …)}) where a
 * {@code @DynamicPropertySource} method cannot go. The servers start on first read.
 */
public class MaestroInfrastructureInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		context.getEnvironment().getPropertySources().addFirst(new PropertySource<>("maestroInfrastructure") {
			@Override
			public Object getProperty(String name) {
				return switch (name) {
					case "spring.mongodb.uri" -> MaestroInfrastructure.mongoUri();
					case "spring.rabbitmq.addresses" -> MaestroInfrastructure.rabbitUri();
					default -> null;
				};
			}
		});
	}

}
