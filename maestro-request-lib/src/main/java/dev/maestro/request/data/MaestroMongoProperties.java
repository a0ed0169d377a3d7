package dev.maestro.request.data;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long a service waits for MongoDB before it gives up and answers 503.
 *
 * @param serverSelectionTimeout how long a query waits for a reachable server
 * @param connectTimeout how long opening a connection may take
 * @param readTimeout how long a query waits for the server's answer on an open connection; a
 * server that accepts connections but stops answering (frozen, paused, a dropped link) fails the
 * query after this long instead of hanging it; 0 waits forever (the driver's default)
 */
@ConfigurationProperties("maestro.mongodb")
public record MaestroMongoProperties(@DefaultValue("5s") Duration serverSelectionTimeout,
		@DefaultValue("3s") Duration connectTimeout, @DefaultValue("10s") Duration readTimeout) {
}
