package dev.maestro.inventory.token;

import java.time.Instant;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A refresh token as stored: only its SHA-256 hash, never the token. Every refresh replaces the
 * token with a new one of the same family; presenting a replaced token again means it was stolen,
 * and the whole family is revoked.
 */
@Document("refresh_tokens")
record RefreshToken(@Id String hash, String userId, String familyId, Instant expiresAt, Instant replacedAt,
		Instant revokedAt) {
}
