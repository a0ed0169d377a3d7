package dev.maestro.analytics;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

/** Access tokens the way inventory-service issues them (RS256, {@code teams} claim), for tests. */
public final class Tokens {

	static final KeyPair KEYS = generate();

	private Tokens() {
	}

	/** A user's token with the given roles by team, expiring at {@code expiresAt}. */
	public static String user(String userId, Map<String, String> teams, Instant expiresAt) {
		JWTClaimsSet claims = new JWTClaimsSet.Builder().subject(userId)
			.issuer("maestro")
			.claim("teams", teams)
			.issueTime(Date.from(expiresAt.minus(Duration.ofMinutes(10))))
			.expirationTime(Date.from(expiresAt))
			.build();
		SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims);
		try {
			jwt.sign(new RSASSASigner(KEYS.getPrivate()));
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
		return jwt.serialize();
	}

	public static String user(String userId, Map<String, String> teams) {
		return user(userId, teams, Instant.now().plus(Duration.ofMinutes(10)));
	}

	private static KeyPair generate() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(2048);
			return generator.generateKeyPair();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	@TestConfiguration(proxyBeanMethods = false)
	public static class Config {

		@Bean
		ReactiveJwtDecoder testJwtDecoder() {
			return NimbusReactiveJwtDecoder.withPublicKey((RSAPublicKey) KEYS.getPublic()).build();
		}

	}

}
