package dev.maestro.request.data;

import java.util.concurrent.TimeUnit;

import com.mongodb.MongoClientSettings;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.mongodb.autoconfigure.MongoClientSettingsBuilderCustomizer;
import org.springframework.boot.mongodb.autoconfigure.MongoReactiveAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * MongoDB client settings shared by every service: when the database is unreachable, a query
 * fails within seconds (and the API answers 503) instead of waiting for the driver's 30 s
 * default.
 */
@AutoConfiguration(before = MongoReactiveAutoConfiguration.class)
@ConditionalOnClass({ MongoClientSettings.class, MongoClientSettingsBuilderCustomizer.class })
@EnableConfigurationProperties(MaestroMongoProperties.class)
public class MaestroMongoAutoConfiguration {

	@Bean
	MongoClientSettingsBuilderCustomizer maestroMongoTimeouts(MaestroMongoProperties properties) {
		return (settings) -> settings
			.applyToClusterSettings((cluster) -> cluster
				.serverSelectionTimeout(properties.serverSelectionTimeout().toMillis(), TimeUnit.MILLISECONDS))
			.applyToSocketSettings((socket) -> socket
				.connectTimeout((int) properties.connectTimeout().toMillis(), TimeUnit.MILLISECONDS));
	}

}
