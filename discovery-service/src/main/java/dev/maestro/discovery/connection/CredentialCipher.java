package dev.maestro.discovery.connection;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import dev.maestro.discovery.DiscoveryProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * Encrypts a connection's credentials with AES-256-GCM. The ciphertext names its key
 * ({@code v1:<keyId>:<base64(iv ‖ ciphertext ‖ tag)>}) so that keys can rotate: the first
 * configured key encrypts, any configured key decrypts. The connection's team and id are the
 * associated data, so a ciphertext copied to another connection does not decrypt.
 */
@Component
public class CredentialCipher {

	private static final Logger log = LoggerFactory.getLogger(CredentialCipher.class);

	private static final int IV_BYTES = 12;

	private static final int TAG_BITS = 128;

	private final Map<String, SecretKeySpec> keys = new LinkedHashMap<>();

	private final String current;

	private final JsonMapper json;

	private final SecureRandom random = new SecureRandom();

	public CredentialCipher(DiscoveryProperties properties, JsonMapper json) {
		this.json = json;
		List<DiscoveryProperties.Key> configured = properties.credentials().keys();
		for (DiscoveryProperties.Key key : configured) {
			if (key.id() == null || !key.id().matches("[A-Za-z0-9_-]{1,32}")) {
				throw new IllegalArgumentException("maestro.discovery.credentials.keys[].id must be 1-32 letters, digits, _ or -");
			}
			byte[] bytes = Base64.getDecoder().decode(key.secret());
			if (bytes.length != 32) {
				throw new IllegalArgumentException("Credentials key '" + key.id() + "' must be 32 bytes (base64)");
			}
			this.keys.put(key.id(), new SecretKeySpec(bytes, "AES"));
		}
		this.current = configured.get(0).id();
		if (DiscoveryProperties.DEV_KEY.equals(configured.get(0).secret())) {
			log.warn("Provider credentials are encrypted with the built-in development key: set "
					+ "maestro.discovery.credentials.keys in production");
		}
	}

	/** The sealed form of {@code credentials}, bound to the connection. */
	public String encrypt(Map<String, String> credentials, String teamId, String connectionId) {
		try {
			byte[] iv = new byte[IV_BYTES];
			this.random.nextBytes(iv);
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.ENCRYPT_MODE, this.keys.get(this.current), new GCMParameterSpec(TAG_BITS, iv));
			cipher.updateAAD(aad(teamId, connectionId));
			byte[] sealed = cipher.doFinal(this.json.writeValueAsBytes(credentials));
			byte[] out = new byte[iv.length + sealed.length];
			System.arraycopy(iv, 0, out, 0, iv.length);
			System.arraycopy(sealed, 0, out, iv.length, sealed.length);
			return "v1:" + this.current + ":" + Base64.getEncoder().encodeToString(out);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot encrypt credentials", ex);
		}
	}

	/** The credentials back; fails when no configured key opens them. */
	public Map<String, String> decrypt(String sealed, String teamId, String connectionId) {
		String[] parts = (sealed != null) ? sealed.split(":", 3) : new String[0];
		if (parts.length != 3 || !"v1".equals(parts[0])) {
			throw new IllegalStateException("Credentials of connection " + connectionId + " are not in a known format");
		}
		SecretKeySpec key = this.keys.get(parts[1]);
		if (key == null) {
			throw new IllegalStateException("Credentials of connection " + connectionId + " were sealed with key '"
					+ parts[1] + "', which is no longer configured");
		}
		try {
			byte[] in = Base64.getDecoder().decode(parts[2]);
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, IV_BYTES));
			cipher.updateAAD(aad(teamId, connectionId));
			byte[] plain = cipher.doFinal(in, IV_BYTES, in.length - IV_BYTES);
			return this.json.readValue(plain, new TypeReference<Map<String, String>>() {
			});
		}
		catch (GeneralSecurityException | IllegalArgumentException ex) {
			throw new IllegalStateException("Credentials of connection " + connectionId + " cannot be decrypted", ex);
		}
	}

	/** Whether {@code sealed} was made with a key other than the current one (worth re-sealing). */
	public boolean isStale(String sealed) {
		return sealed == null || !sealed.startsWith("v1:" + this.current + ":");
	}

	private static byte[] aad(String teamId, String connectionId) {
		return (teamId + "/" + connectionId).getBytes(StandardCharsets.UTF_8);
	}

}
