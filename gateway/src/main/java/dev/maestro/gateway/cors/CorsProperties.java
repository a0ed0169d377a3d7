package dev.maestro.gateway.cors;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Which browser origins may call the API through the gateway (the web UI's, typically).
 *
 * @param allowedOrigins origins allowed to make cross-origin calls, exactly as the browser
 * sends them ({@code scheme://host[:port]}); the default is the gateway's own address on a
 * developer machine, where the web UI is served
 * @param allowedMethods methods a cross-origin call may use
 * @param allowedHeaders request headers a cross-origin call may send
 * @param exposedHeaders response headers the web UI's scripts may read
 * @param maxAge how long a browser may reuse a preflight answer
 */
@ConfigurationProperties("maestro.gateway.cors")
record CorsProperties(
		@DefaultValue("http://localhost:8080") List<String> allowedOrigins,
		@DefaultValue({ "GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS" }) List<String> allowedMethods,
		@DefaultValue({ "Authorization", "Content-Type", "If-Match", "X-Request-Id" }) List<String> allowedHeaders,
		@DefaultValue({ "ETag", "Location", "X-Request-Id", "Retry-After" }) List<String> exposedHeaders,
		@DefaultValue("30m") Duration maxAge) {
}
