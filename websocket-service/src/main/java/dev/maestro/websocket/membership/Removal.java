package dev.maestro.websocket.membership;

import java.time.Instant;

import dev.maestro.request.messaging.EventEnvelope;
import dev.maestro.request.messaging.MessageTypes;

/**
 * A user who left a team (or was removed from it), read from an
 * {@value MessageTypes#MEMBERSHIP_CHANGED} event whose {@code role} is null.
 *
 * @param userId the user, the subject of their access tokens
 * @param teamId the team they no longer belong to
 * @param at when it happened (inventory-service's clock, the one that stamps tokens too)
 */
public record Removal(String userId, String teamId, Instant at) {

	/** The removal the event announces, or {@code null} when it announces none. */
	public static Removal of(EventEnvelope event) {
		if (!MessageTypes.MEMBERSHIP_CHANGED.equals(event.type()) || event.teamId() == null) {
			return null;
		}
		Object userId = event.data().get("userId");
		if (userId == null || event.data().get("role") != null) {
			return null;
		}
		return new Removal(userId.toString(), event.teamId(), event.occurredAt());
	}

}
