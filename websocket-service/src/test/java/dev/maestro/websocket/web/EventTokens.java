package dev.maestro.websocket.web;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.maestro.request.security.MaestroClaims;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

/**
 * Access tokens as inventory-service issues them ({@code sub}, {@code iss=maestro},
 * {@code teams}, {@code iat}, {@code exp}), signed with a key made for the test, and the service's
 * decoder switched to that key with the same validation as in production. {@code TestTokens} of
 * maestro-test-support mints subject-only tokens; the events service needs the {@code teams}
 * claim.
 */
@TestConfiguration(proxyBeanMethods = false)
public class EventTokens {

	static final KeyPair KEYS = keys();

	/**
	 * The shared event-log queue is durable and, on the test broker, fills with every event the
	 * other modules' tests publish while no websocket-service runs. Working through thousands of
	 * those stale events would compete with each test's own; they are dropped at start-up.
	 */
	@Bean
	org.springframework.boot.ApplicationRunner dropStaleEventLogBacklog(
			org.springframework.amqp.core.AmqpAdmin admin) {
		return (args) -> admin.purgeQueue("maestro.events.event-log", false);
	}

	@Bean
	ReactiveJwtDecoder jwtDecoder() {
		NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder.withPublicKey((RSAPublicKey) KEYS.getPublic()).build();
		decoder.setJwtValidator(JwtValidators.createDefaultWithIssuer(MaestroClaims.ISSUER));
		return decoder;
	}

	/** A ten-minute token of a user with the given roles by team, issued now. */
	static String token(String userId, Map<String, String> teams) {
		Instant now = Instant.now();
		return token(userId, teams, now, now.plus(Duration.ofMinutes(10)));
	}

	static String token(String userId, Map<String, String> teams, Instant issuedAt, Instant expiresAt) {
		JWTClaimsSet claims = new JWTClaimsSet.Builder().subject(userId)
			.issuer(MaestroClaims.ISSUER)
			.claim(MaestroClaims.TEAMS, teams)
			.issueTime(Date.from(issuedAt))
			.expirationTime(Date.from(expiresAt))
			.build();
		SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims);
		try {
			jwt.sign(new RSASSASigner(KEYS.getPrivate()));
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
		return jwt.serialize();
	}

	private static KeyPair keys() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(2048);
			return generator.generateKeyPair();
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
