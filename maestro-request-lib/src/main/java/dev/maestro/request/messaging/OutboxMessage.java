package dev.maestro.request.messaging;

import java.time.Instant;
import java.util.Map;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A message waiting in (or already sent from) the outbox. {@code id} is the envelope id, so
 * storing the same message twice is a no-op.
 */
@Document(OutboxMessage.COLLECTION)
record OutboxMessage(@Id String id, String exchange, String routingKey, String payload, Map<String, String> headers,
		Instant createdAt, Instant nextAttemptAt, Instant claimedUntil, int attempts, String lastError,
		Instant publishedAt) {

	static final String COLLECTION = "outbox";

}
