package dev.maestro.inventory.token;

import java.time.Instant;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.index.Indexed;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A personal API token as stored: its SHA-256 hash, never the token, and a short prefix so that
 * its owner can recognise it in a list.
 */
@Document("api_tokens")
record ApiToken(@Id String id, @Indexed(unique = true) String hash, String prefix, @Indexed String userId,
		String name, Instant createdAt, Instant expiresAt, Instant lastUsedAt, Instant revokedAt) {
}
