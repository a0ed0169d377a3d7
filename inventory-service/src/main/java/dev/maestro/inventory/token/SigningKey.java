package dev.maestro.inventory.token;

import java.time.Instant;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * One RS256 key pair. {@code id} is the key id ({@code kid}), derived from the rotation period it
 * belongs to, so that replicas starting together agree on one key instead of minting several.
 *
 * @param id key id
 * @param publicJwk the public key as a JWK (JSON)
 * @param encryptedPrivateKey the PKCS#8 private key, AES-GCM encrypted, base64
 * @param activeFrom start of the period in which this key signs new tokens
 * @param activeUntil end of that period
 */
@Document("signing_keys")
record SigningKey(@Id String id, String publicJwk, String encryptedPrivateKey, Instant activeFrom,
		Instant activeUntil) {
}
