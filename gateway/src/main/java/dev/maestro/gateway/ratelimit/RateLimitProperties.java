package dev.maestro.gateway.ratelimit;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Per-client request rate limits at the gateway. A client is the subject of its validated
 * access token, or else its address. Limits hold per gateway replica: with N replicas behind
 * a load balancer a client may get up to N times the rate.
 *
 * @param enabled whether requests are limited at all
 * @param requestsPerSecond sustained rate a client may keep up
 * @param burst requests a client may make at once after being idle
 * @param auth a stricter, separate limit for the credential endpoints
 * @param trustForwardedFor whether the client address is taken from {@code X-Forwarded-For}
 * (its last entry, the one added by the proxy in front); only enable it behind a proxy that
 * sets it, otherwise any client can pick its own address and escape its limit
 * @param maxClients how many clients are tracked at once; the least recently seen are
 * forgotten first (and start again with a full bucket)
 * @param idleTimeout how long a client that sends nothing is remembered; never shorter than
 * the time its bucket takes to refill, so forgetting it changes nothing
 */
@ConfigurationProperties("maestro.gateway.rate-limit")
record RateLimitProperties(
		@DefaultValue("true") boolean enabled,
		@DefaultValue("20") double requestsPerSecond,
		@DefaultValue("40") int burst,
		@DefaultValue Auth auth,
		@DefaultValue("false") boolean trustForwardedFor,
		@DefaultValue("100000") long maxClients,
		@DefaultValue("1m") Duration idleTimeout) {

	RateLimitProperties {
		requirePositive(requestsPerSecond, burst, "maestro.gateway.rate-limit");
	}

	/**
	 * The limit on credential endpoints, counted apart from the general one, to slow down
	 * password guessing and credential stuffing.
	 *
	 * @param paths path patterns the limit applies to
	 * @param requestsPerSecond sustained rate a client may keep up on them
	 * @param burst requests a client may make at once on them
	 */
	record Auth(@DefaultValue("/api/auth/**") List<String> paths, @DefaultValue("5") double requestsPerSecond,
			@DefaultValue("10") int burst) {

		Auth {
			requirePositive(requestsPerSecond, burst, "maestro.gateway.rate-limit.auth");
		}

	}

	private static void requirePositive(double requestsPerSecond, int burst, String prefix) {
		if (!(requestsPerSecond > 0) || burst < 1) {
			throw new IllegalArgumentException(
					prefix + ": requests-per-second must be positive and burst at least 1");
		}
	}

}
