package dev.maestro.test;

import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.text.ParseException;
import java.util.Base64;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.SignedJWT;

/** Turns a valid access token into the invalid ones a service must refuse. */
public final class BadTokens {

	private BadTokens() {
	}

	/**
	 * The same token with its claims changed (a role raised to OWNER, the expiry pushed out) but
	 * its original signature: what an attacker who edits a token gets.
	 */
	public static String tampered(String token) {
		String[] parts = token.split("\\.");
		String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
		String edited = claims.replace("\"VIEWER\"", "\"OWNER\"").replace("\"EDITOR\"", "\"OWNER\"");
		if (edited.equals(claims)) {
			edited = claims.replaceFirst("\"exp\":\\d+", "\"exp\":4102444800");
		}
		return parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(edited.getBytes(StandardCharsets.UTF_8))
				+ "." + parts[2];
	}

	/** The same header (key id included) and claims, signed with a key the service never published. */
	public static String signedWithAnotherKey(String token) {
		try {
			SignedJWT original = SignedJWT.parse(token);
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(2048);
			RSAPrivateKey key = (RSAPrivateKey) generator.generateKeyPair().getPrivate();
			SignedJWT forged = new SignedJWT(new JWSHeader.Builder(original.getHeader()).build(),
					original.getJWTClaimsSet());
			forged.sign(new RSASSASigner(key));
			return forged.serialize();
		}
		catch (ParseException | NoSuchAlgorithmException | JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
