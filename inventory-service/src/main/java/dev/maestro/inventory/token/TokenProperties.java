package dev.maestro.inventory.token;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How inventory-service issues tokens.
 *
 * @param accessTokenTtl lifetime of an access token; short, since it cannot be revoked
 * @param refreshTokenTtl lifetime of a refresh token (each use replaces it with a new one)
 * @param keyRotation how long one signing key signs new tokens before the next one takes over;
 * retired keys stay published until every token they signed has expired
 * @param keyEncryptionKey base64 AES key (16, 24 or 32 bytes) that encrypts the private signing
 * keys at rest; the default is for development only and is logged as such
 */
@ConfigurationProperties("maestro.identity.tokens")
public record TokenProperties(@DefaultValue("10m") Duration accessTokenTtl,
		@DefaultValue("30d") Duration refreshTokenTtl, @DefaultValue("30d") Duration keyRotation,
		@DefaultValue(TokenProperties.DEVELOPMENT_KEY) String keyEncryptionKey) {

	/** Never use in production: it is public. */
	static final String DEVELOPMENT_KEY = "bWFlc3Ryby1kZXZlbG9wbWVudC1rZXktMzItYnl0ZXM=";

}
