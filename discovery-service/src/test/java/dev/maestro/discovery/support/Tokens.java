package dev.maestro.discovery.support;

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

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

/**
 * Access tokens the way inventory-service issues them ({@code teams} claim: team id → role),
 * signed by a key the test service trusts instead of inventory's JWKS.
 */
public final class Tokens {

	private static final KeyPair KEYS;

	static {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(2048);
			KEYS = generator.generateKeyPair();
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private Tokens() {
	}

	/** A user's token with these roles. */
	public static String user(String userId, Map<String, String> teams) {
		return sign(new JWTClaimsSet.Builder().subject(userId).issuer("maestro").claim("teams", teams),
				Instant.now().plus(Duration.ofMinutes(10)));
	}

	/** The same, expired. */
	public static String expired(String userId, Map<String, String> teams) {
		return sign(new JWTClaimsSet.Builder().subject(userId).issuer("maestro").claim("teams", teams),
				Instant.now().minus(Duration.ofMinutes(5)));
	}

	private static String sign(JWTClaimsSet.Builder claims, Instant expiresAt) {
		SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims
			.issueTime(Date.from(expiresAt.minus(Duration.ofMinutes(10))))
			.expirationTime(Date.from(expiresAt))
			.build());
		try {
			jwt.sign(new RSASSASigner(KEYS.getPrivate()));
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
		return jwt.serialize();
	}

	@TestConfiguration(proxyBeanMethods = false)
	public static class Trusted {

		@Bean
		ReactiveJwtDecoder jwtDecoder() {
			return NimbusReactiveJwtDecoder.withPublicKey((RSAPublicKey) KEYS.getPublic()).build();
		}

	}

}
