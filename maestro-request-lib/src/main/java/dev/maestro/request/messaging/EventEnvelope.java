package dev.maestro.request.messaging;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Every message on {@code maestro.events} and {@code maestro.jobs}: an event that happened
 * or a job to do. Consumers are idempotent on {@link #id()}; {@link #data()} names the
 * resource the message is about ({@code syncId}, {@code graphId}, {@code reportId}, ...).
 *
 * @param id unique id of this message, also the AMQP message id
 * @param type the routing key, one of {@link MessageTypes}
 * @param teamId the team the message belongs to; clients only ever see their teams' events
 * @param occurredAt when it happened (UTC)
 * @param correlationId ties messages of one piece of work together (usually the request id)
 * @param data the message's content
 */
public record EventEnvelope(UUID id, String type, String teamId, Instant occurredAt, String correlationId,
		Map<String, Object> data) {

	public EventEnvelope {
		Objects.requireNonNull(id, "id");
		Objects.requireNonNull(type, "type");
		Objects.requireNonNull(occurredAt, "occurredAt");
		// Unmodifiable but null-friendly: a JSON null ("role": null) is a value like any other.
		data = (data != null) ? java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(data)) : Map.of();
	}

	/** A new message with a random id, stamped now. */
	public static EventEnvelope of(String type, String teamId, String correlationId, Map<String, Object> data) {
		return new EventEnvelope(UUID.randomUUID(), type, teamId, Instant.now(), correlationId, data);
	}

}
