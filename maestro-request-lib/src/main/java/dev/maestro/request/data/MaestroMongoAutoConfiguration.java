package dev.maestro.request.data;

import java.util.concurrent.TimeUnit;

import com.mongodb.MongoClientSettings;
import com.mongodb.reactivestreams.client.MongoClient;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.mongodb.autoconfigure.MongoClientSettingsBuilderCustomizer;
import org.springframework.boot.mongodb.autoconfigure.MongoReactiveAutoConfiguration;
import org.springframework.boot.mongodb.autoconfigure.health.MongoReactiveHealthContributorAutoConfiguration;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * MongoDB client settings shared by every service: when the database is unreachable, a query
 * fails within seconds (and the API answers 503) instead of waiting for the driver's 30 s
 * default; when it is reachable but does not answer (a frozen process, a half-open connection),
 * the read timeout fails the query instead of the driver's default of waiting forever.
 */
@AutoConfiguration(after = MongoReactiveAutoConfiguration.class,
		before = MongoReactiveHealthContributorAutoConfiguration.class)
@ConditionalOnClass({ MongoClientSettings.class, MongoClientSettingsBuilderCustomizer.class })
@EnableConfigurationProperties(MaestroMongoProperties.class)
public class MaestroMongoAutoConfiguration {

	@Bean
	MongoClientSettingsBuilderCustomizer maestroMongoTimeouts(MaestroMongoProperties properties) {
		return (settings) -> settings
			.applyToClusterSettings((cluster) -> cluster
				.serverSelectionTimeout(properties.serverSelectionTimeout().toMillis(), TimeUnit.MILLISECONDS))
			.applyToSocketSettings((socket) -> socket
				.connectTimeout((int) properties.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
				.readTimeout((int) properties.readTimeout().toMillis(), TimeUnit.MILLISECONDS));
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ MongoClient.class, ReactiveHealthIndicator.class })
	static class MongoHealthConfiguration {

		// Named so that Spring Boot's own Mongo health indicator (which needs 'hello') backs off.
		@Bean
		@ConditionalOnBean(MongoClient.class)
		@ConditionalOnMissingBean(name = "mongoHealthIndicator")
		ReactiveHealthIndicator mongoHealthIndicator(MongoClient client) {
			return new MongoPingHealthIndicator(client);
		}

	}

}
