package dev.maestro.inventory.token;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.maestro.request.security.MaestroClaims;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.stereotype.Component;

/** Signs access tokens, and validates them locally (no HTTP round trip to our own JWKS). */
@Component
public class AccessTokens {

	private final SigningKeys keys;

	private final TokenProperties properties;

	AccessTokens(SigningKeys keys, TokenProperties properties) {
		this.keys = keys;
		this.properties = properties;
	}

	/**
	 * An access token for the user.
	 * @param teams role name by team id, as the {@value MaestroClaims#TEAMS} claim
	 */
	public Mono<String> issue(String userId, String email, String name, Map<String, String> teams) {
		Instant now = Instant.now();
		return this.keys.signingKey().map((key) -> {
			JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(MaestroClaims.ISSUER)
				.subject(userId)
				.jwtID(UUID.randomUUID().toString())
				.issueTime(Date.from(now))
				.expirationTime(Date.from(now.plus(this.properties.accessTokenTtl())))
				.claim(MaestroClaims.EMAIL, email)
				.claim(MaestroClaims.NAME, name)
				.claim(MaestroClaims.TEAMS, teams)
				.build();
			return sign(key, claims);
		});
	}

	private static String sign(RSAKey key, JWTClaimsSet claims) {
		SignedJWT jwt = new SignedJWT(
				new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(), claims);
		try {
			jwt.sign(new RSASSASigner(key));
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("Could not sign an access token", ex);
		}
		return jwt.serialize();
	}

	/**
	 * An access token for a Maestro service (client credentials): subject {@code service:<id>},
	 * the {@value MaestroClaims#SERVICE} claim, and its scopes.
	 */
	public Mono<String> issueForService(String clientId, List<String> scopes) {
		Instant now = Instant.now();
		return this.keys.signingKey().map((key) -> sign(key, new JWTClaimsSet.Builder().issuer(MaestroClaims.ISSUER)
			.subject("service:" + clientId)
			.jwtID(UUID.randomUUID().toString())
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plus(this.properties.accessTokenTtl())))
			.claim(MaestroClaims.SERVICE, clientId)
			.claim(MaestroClaims.SCOPE, String.join(" ", scopes))
			.build()));
	}

	/** Seconds an access token lives. */
	public long ttlSeconds() {
		return this.properties.accessTokenTtl().toSeconds();
	}

	/** The decoder inventory-service itself validates tokens with. */
	ReactiveJwtDecoder decoder() {
		NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder
			.withJwkSource((jwt) -> this.keys.publicKeys().flatMapMany(Flux::fromIterable))
			.build();
		decoder.setJwtValidator(JwtValidators.createDefaultWithIssuer(MaestroClaims.ISSUER));
		return decoder;
	}

}
