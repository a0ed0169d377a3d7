package dev.maestro.inventory.token;

import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
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
			SignedJWT jwt = new SignedJWT(
					new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(),
					claims);
			try {
				jwt.sign(new RSASSASigner(key));
			}
			catch (JOSEException ex) {
				throw new IllegalStateException("Could not sign an access token", ex);
			}
			return jwt.serialize();
		});
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
