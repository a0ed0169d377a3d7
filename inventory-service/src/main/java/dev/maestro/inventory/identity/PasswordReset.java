package dev.maestro.inventory.identity;

import java.time.Instant;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/** A pending reset: the SHA-256 of the e-mailed token, never the token. Usable once. */
@Document("password_resets")
record PasswordReset(@Id String hash, String userId, Instant expiresAt, Instant usedAt) {
}
