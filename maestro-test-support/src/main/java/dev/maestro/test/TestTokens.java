package dev.maestro.test;

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

import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

/**
 * An RSA key made for a test: it signs RS256 access tokens the way inventory-service does, and
 * its decoder — registered as the service's {@code ReactiveJwtDecoder} — trusts that key only.
 */
public final class TestTokens {

	private final KeyPair keys;

	public TestTokens() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(2048);
			this.keys = generator.generateKeyPair();
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public ReactiveJwtDecoder decoder() {
		return NimbusReactiveJwtDecoder.withPublicKey((RSAPublicKey) this.keys.getPublic()).build();
	}

	/** A token for {@code subject}, valid for ten minutes. */
	public String accessToken(String subject) {
		return token(subject, Instant.now().plus(Duration.ofMinutes(10)));
	}

	/** A token for {@code subject} that expires at the given time (past or future). */
	public String token(String subject, Instant expiresAt) {
		return sign(new JWTClaimsSet.Builder().subject(subject), expiresAt);
	}

	/**
	 * A user's token as inventory-service issues it: issuer {@code maestro} and the {@code teams}
	 * claim (team id → role name), valid for ten minutes.
	 */
	public String accessToken(String userId, Map<String, String> teams) {
		return token(userId, teams, Instant.now().plus(Duration.ofMinutes(10)));
	}

	/** The same, expiring at the given time (past or future). */
	public String token(String userId, Map<String, String> teams, Instant expiresAt) {
		return sign(new JWTClaimsSet.Builder().subject(userId).issuer("maestro").claim("teams", teams), expiresAt);
	}

	private String sign(JWTClaimsSet.Builder builder, Instant expiresAt) {
		JWTClaimsSet claims = builder.issueTime(Date.from(expiresAt.minus(Duration.ofMinutes(10))))
			.expirationTime(Date.from(expiresAt))
			.build();
		SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims);
		try {
			jwt.sign(new RSASSASigner(this.keys.getPrivate()));
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
		return jwt.serialize();
	}

}
