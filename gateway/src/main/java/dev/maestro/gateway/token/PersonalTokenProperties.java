package dev.maestro.gateway.token;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the gateway exchanges personal API tokens ({@code mst_…}) for access tokens.
 *
 * @param maxCached how many exchanged tokens are kept at once (least recently used go first)
 * @param expiryMargin how long before its expiry an exchanged access token stops being reused,
 * so that it never expires on its way to a service
 */
@ConfigurationProperties("maestro.gateway.personal-tokens")
record PersonalTokenProperties(@DefaultValue("10000") long maxCached, @DefaultValue("30s") Duration expiryMargin) {
}
