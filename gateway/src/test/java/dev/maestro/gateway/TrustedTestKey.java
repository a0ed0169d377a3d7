package dev.maestro.gateway;

import dev.maestro.test.TestTokens;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

/**
 * Makes the gateway trust tokens signed by {@link #TOKENS} instead of inventory-service's keys,
 * so that tests can present (and stand-in services can issue) valid access tokens.
 */
@TestConfiguration(proxyBeanMethods = false)
class TrustedTestKey {

	static final TestTokens TOKENS = new TestTokens();

	@Bean
	ReactiveJwtDecoder jwtDecoder() {
		return TOKENS.decoder();
	}

}
