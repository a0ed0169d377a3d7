package dev.maestro.request.web;

import java.net.URI;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How a service checks the tokens it is called with.
 *
 * @param jwksUri where inventory-service publishes the keys that sign access tokens; fetched
 * on first use and cached, so a service starts even while inventory-service is down
 * @param publicPaths path patterns, besides health, info, metrics and API docs, that need
 * no token (for example {@code /api/auth/**})
 * @param queryTokenPaths path patterns where the token may also come as {@code ?access_token=}
 * (WebSocket and Server-Sent Events, which browsers open without an {@code Authorization}
 * header); nowhere else
 */
@ConfigurationProperties("maestro.security")
public record MaestroSecurityProperties(
		@DefaultValue("http://localhost:8081/.well-known/jwks.json") URI jwksUri,
		@DefaultValue List<String> publicPaths, @DefaultValue List<String> queryTokenPaths) {

	/** Paths every service serves without a token. */
	static final List<String> ALWAYS_PUBLIC = List.of("/actuator/health", "/actuator/health/**", "/actuator/info",
			"/actuator/prometheus", "/v3/api-docs", "/v3/api-docs/**", "/.well-known/**");

}
