package dev.maestro.gateway.jwt;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How many validated access tokens the gateway remembers (see {@link CachingJwtDecoder}).
 *
 * @param maxCached how many validated tokens are kept at once (least recently used go first);
 * 0 validates every request's token from scratch
 */
@ConfigurationProperties("maestro.gateway.access-tokens")
record AccessTokenCacheProperties(@DefaultValue("10000") long maxCached) {

	AccessTokenCacheProperties {
		if (maxCached < 0) {
			throw new IllegalArgumentException("maestro.gateway.access-tokens.max-cached must not be negative");
		}
	}

}
