package dev.maestro.gateway.requestsize;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * How large a request body the gateway forwards.
 *
 * @param maxRequestSize the largest body forwarded to any service, unless an override says
 * otherwise; it matches the services' own {@code spring.http.codecs.max-in-memory-size}
 * @param maxRequestSizeOverrides larger (or smaller) caps for some paths, for example file
 * uploads; the first override whose path matches wins
 */
@ConfigurationProperties("maestro.gateway")
record RequestSizeProperties(@DefaultValue("1MB") DataSize maxRequestSize,
		@DefaultValue List<PathOverride> maxRequestSizeOverrides) {

	/**
	 * A cap for the paths matching one pattern.
	 *
	 * @param path a path pattern such as {@code /api/teams/{@literal *}/connections/{@literal *}/uploads/**}
	 * @param maxRequestSize the largest body forwarded on those paths
	 */
	record PathOverride(String path, DataSize maxRequestSize) {
	}

}
