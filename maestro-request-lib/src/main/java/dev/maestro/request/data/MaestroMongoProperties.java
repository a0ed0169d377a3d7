package dev.maestro.request.data;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long a service waits for MongoDB before it gives up and answers 503.
 *
 * @param serverSelectionTimeout how long a query waits for a reachable server
 * @param connectTimeout how long opening a connection may take
 */
@ConfigurationProperties("maestro.mongodb")
public record MaestroMongoProperties(@DefaultValue("5s") Duration serverSelectionTimeout,
		@DefaultValue("3s") Duration connectTimeout) {
}
