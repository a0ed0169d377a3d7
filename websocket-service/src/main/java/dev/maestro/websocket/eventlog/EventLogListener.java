package dev.maestro.websocket.eventlog;

import dev.maestro.request.messaging.EventEnvelope;
import dev.maestro.request.messaging.MaestroTopology;
import dev.maestro.websocket.membership.MembershipRevocations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.amqp.rabbit.config.SimpleRabbitListenerContainerFactory;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.boot.amqp.autoconfigure.SimpleRabbitListenerContainerFactoryConfigurer;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.ReactiveMongoOperations;
import org.springframework.data.mongodb.core.index.Index;

/**
 * Stores every event of {@code maestro.events}. All websocket-service replicas share one durable
 * queue for this (competing consumers), so no event is missed while replicas restart — or while
 * none runs at all; an event delivered twice is stored once. Each replica also stores the events
 * it delivers live (see {@code LiveEventsListener}) before delivering them, in delivery order,
 * which is what makes replay exact; this queue is the fallback and waits before storing, so that
 * the live paths store first.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(EventLogProperties.class)
class EventLogListener {

	static final String QUEUE = "maestro.events.event-log";

	private static final Logger log = LoggerFactory.getLogger(EventLogListener.class);

	private final EventLog events;

	private final MembershipRevocations revocations;

	private final ReactiveMongoOperations mongo;

	private final EventLogProperties properties;

	EventLogListener(EventLog events, MembershipRevocations revocations, ReactiveMongoOperations mongo,
			EventLogProperties properties) {
		this.events = events;
		this.revocations = revocations;
		this.mongo = mongo;
		this.properties = properties;
	}

	@EventListener(ApplicationReadyEvent.class)
	void createRetentionIndex() {
		this.mongo.indexOps(StoredEvent.class)
			.createIndex(new Index().on("storedAt", Sort.Direction.ASC)
				.named("retention")
				.expire(this.properties.retention()))
			.subscribe(null, (ex) -> log.warn("Could not create the event retention index: {}", ex.toString()));
	}

	@Bean
	static Declarables eventLogQueue() {
		Queue queue = QueueBuilder.durable(QUEUE).build();
		Binding all = BindingBuilder.bind(queue).to(new TopicExchange(MaestroTopology.EVENTS, true, false)).with("#");
		return new Declarables(queue, all);
	}

	/** Many events wait at once on the shared queue (see {@link EventLogProperties#fallbackDelay()}). */
	@Bean
	static SimpleRabbitListenerContainerFactory eventLogContainerFactory(
			SimpleRabbitListenerContainerFactoryConfigurer configurer, ConnectionFactory connections,
			EventLogProperties properties) {
		SimpleRabbitListenerContainerFactory factory = new SimpleRabbitListenerContainerFactory();
		configurer.configure(factory, connections);
		factory.setPrefetchCount(properties.fallbackPrefetch());
		return factory;
	}

	/**
	 * Stores the event after the fallback delay. Stored first by this queue rather than by a live
	 * path, an event could take a log position ahead of an earlier event that an instance is
	 * about to deliver, and a client replaying from that earlier event would miss it.
	 */
	@RabbitListener(queues = QUEUE, containerFactory = "eventLogContainerFactory")
	Mono<Void> store(EventEnvelope event) {
		return Mono.delay(this.properties.fallbackDelay())
			.then(this.events.append(event))
			.then(this.revocations.record(event));
	}

}
