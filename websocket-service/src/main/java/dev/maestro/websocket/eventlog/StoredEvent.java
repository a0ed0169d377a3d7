package dev.maestro.websocket.eventlog;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import dev.maestro.request.messaging.EventEnvelope;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.index.CompoundIndex;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * An event as the log keeps it; {@code id} is the envelope id, so storing it twice is a no-op.
 * {@code position} orders the log for replay (see {@link LogPositions}); {@code storedAt} drives
 * retention.
 */
@Document("events")
@CompoundIndex(name = "team_position", def = "{'teamId': 1, 'position': 1, '_id': 1}")
record StoredEvent(@Id String id, String type, String teamId, Instant occurredAt, String correlationId,
		Map<String, Object> data, Instant storedAt, long position) {

	static StoredEvent of(EventEnvelope event, Instant storedAt, long position) {
		return new StoredEvent(event.id().toString(), event.type(), event.teamId(), event.occurredAt(),
				event.correlationId(), event.data(), storedAt, position);
	}

	/** The same event at another place in the log. */
	StoredEvent at(long position) {
		return new StoredEvent(this.id, this.type, this.teamId, this.occurredAt, this.correlationId, this.data,
				this.storedAt, position);
	}

	EventEnvelope toEnvelope() {
		return new EventEnvelope(UUID.fromString(this.id), this.type, this.teamId, this.occurredAt, this.correlationId,
				this.data);
	}

}
