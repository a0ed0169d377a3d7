package dev.maestro.websocket.live;

import java.util.List;

import dev.maestro.request.messaging.EventEnvelope;
import dev.maestro.request.messaging.MaestroTopology;
import dev.maestro.websocket.eventlog.EventLog;
import dev.maestro.websocket.membership.MembershipRevocations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.amqp.core.Declarable;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * This instance's own view of {@code maestro.events}: a queue named after the instance, bound to
 * every event, so that every replica delivers every event to its own clients. The queue is
 * exclusive and auto-deleted: it lives exactly as long as the instance's broker connection, and
 * the clients it served reconnect (with {@code since}) when the instance goes.
 * <p>
 * Each event is appended to the event log first and delivered once the log holds it, one at a
 * time, so a client never sees an event that a replay could miss.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(EventsProperties.class)
class LiveEventsListener {

	private static final Logger log = LoggerFactory.getLogger(LiveEventsListener.class);

	private final EventLog events;

	private final EventHub hub;

	private final MembershipRevocations revocations;

	LiveEventsListener(EventLog events, EventHub hub, MembershipRevocations revocations) {
		this.events = events;
		this.hub = hub;
		this.revocations = revocations;
	}

	@Bean
	static Queue liveEventsQueue(EventsProperties properties) {
		return new Queue(properties.queueName(), false, true, true);
	}

	@Bean
	static Declarables liveEventsBinding(Queue liveEventsQueue) {
		List<Declarable> bindings = List.copyOf(MaestroTopology.bindEvents(liveEventsQueue, "#"));
		return new Declarables(bindings);
	}

	@RabbitListener(queues = "#{liveEventsQueue.name}")
	Mono<Void> deliver(EventEnvelope event) {
		return this.events.append(event)
			.onErrorResume((ex) -> {
				// Without the log, replay cannot be complete anyway; live clients still get the event.
				log.warn("Delivering event {} live although the log could not store it", event.id());
				return Mono.empty();
			})
			.then(Mono.defer(() -> {
				this.hub.deliver(event);
				return this.revocations.record(event);
			}));
	}

}
