package dev.maestro.discovery.provider;

import java.time.Duration;

/**
 * One thing a provider can crawl, filling one inventory collection.
 *
 * @param id the task's id in the connection's {@code schedule} and a sync's {@code tasks}
 * @param collection the inventory collection its records go to
 * @param defaultInterval how often it runs unless the connection's schedule says otherwise
 * @param global whether it is crawled once, not per region (CloudFront)
 */
public record ProviderTask(String id, String collection, Duration defaultInterval, boolean global) {

	public static ProviderTask of(String id, String collection, Duration defaultInterval) {
		return new ProviderTask(id, collection, defaultInterval, false);
	}

}
