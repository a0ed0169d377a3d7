package dev.maestro.websocket.web;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import dev.maestro.request.messaging.EventEnvelope;
import dev.maestro.request.messaging.MaestroTopology;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

/** Publishes events the way every service's outbox relay does: JSON to {@code maestro.events}, routing key = type. */
record Broker(RabbitTemplate rabbit, JsonMapper json) {

	EventEnvelope publish(String type, String teamId, Map<String, Object> data) {
		EventEnvelope event = EventEnvelope.of(type, teamId, "test-correlation", data);
		publish(event);
		return event;
	}

	/**
	 * Publishes the events in this order on one channel: RabbitMQ keeps the order of one
	 * channel's messages, not across the template's pooled channels.
	 */
	List<EventEnvelope> publishInOrder(List<EventEnvelope> events) {
		this.rabbit.invoke((operations) -> {
			events.forEach((event) -> send(operations, event));
			return null;
		});
		return events;
	}

	void publish(EventEnvelope event) {
		send(this.rabbit, event);
	}

	private void send(org.springframework.amqp.rabbit.core.RabbitOperations operations, EventEnvelope event) {
		byte[] body = this.json.writeValueAsString(event).getBytes(StandardCharsets.UTF_8);
		operations.send(MaestroTopology.EVENTS, event.type(), MessageBuilder.withBody(body)
			.setContentType(MessageProperties.CONTENT_TYPE_JSON)
			.setMessageId(event.id().toString())
			.build());
	}

}
