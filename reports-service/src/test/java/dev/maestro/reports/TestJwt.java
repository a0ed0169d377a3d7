package dev.maestro.reports;

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
 * Access tokens as inventory-service issues them (RS256, issuer {@code maestro}, a {@code teams}
 * claim of team id to role), signed by a key made for the test run, which the service's decoder
 * trusts in place of inventory's JWKS.
 */
@TestConfiguration(proxyBeanMethods = false)
public class TestJwt {

	private static final KeyPair KEYS = keys();

	@Bean
	ReactiveJwtDecoder testJwtDecoder() {
		NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder.withPublicKey((RSAPublicKey) KEYS.getPublic())
			.build();
		decoder.setJwtValidator(JwtValidators.createDefaultWithIssuer(MaestroClaims.ISSUER));
		return decoder;
	}

	/** A user's token naming their role in each team, valid ten minutes. */
	public static String token(String userId, Map<String, String> teams) {
		return sign(userId, teams, Instant.now().plus(Duration.ofMinutes(10)));
	}

	/** The same, expired an hour ago. */
	public static String expired(String userId, Map<String, String> teams) {
		return sign(userId, teams, Instant.now().minus(Duration.ofHours(1)));
	}

	private static String sign(String userId, Map<String, String> teams, Instant expiresAt) {
		JWTClaimsSet claims = new JWTClaimsSet.Builder().subject(userId)
			.issuer(MaestroClaims.ISSUER)
			.claim(MaestroClaims.TEAMS, teams)
			.claim(MaestroClaims.EMAIL, userId + "@example.com")
			.issueTime(Date.from(expiresAt.minus(Duration.ofMinutes(10))))
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
