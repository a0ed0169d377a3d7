package dev.maestro.inventory.token;

import java.text.ParseException;
import java.time.Instant;
import java.util.Date;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import org.springframework.stereotype.Component;

/** Re-signs a real token, with the real key, as already expired: only the expiry is wrong. */
@Component
public class ExpiredTokens {

	private final SigningKeys keys;

	ExpiredTokens(SigningKeys keys) {
		this.keys = keys;
	}

	public String expire(String token) {
		try {
			SignedJWT original = SignedJWT.parse(token);
			RSAKey key = this.keys.signingKey().block();
			JWTClaimsSet claims = new JWTClaimsSet.Builder(original.getJWTClaimsSet())
				.issueTime(Date.from(Instant.now().minusSeconds(7200)))
				.expirationTime(Date.from(Instant.now().minusSeconds(3600)))
				.build();
			SignedJWT expired = new SignedJWT(new JWSHeader.Builder(original.getHeader()).build(), claims);
			expired.sign(new RSASSASigner(key));
			return expired.serialize();
		}
		catch (ParseException | JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
