package dev.maestro.websocket.eventlog;

import java.time.Instant;

import dev.maestro.request.messaging.EventEnvelope;
import dev.maestro.request.messaging.MaestroTopology;
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
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.ReactiveMongoOperations;
import org.springframework.data.mongodb.core.index.Index;

/**
 * Stores every event of {@code maestro.events}. All websocket-service replicas share one durable
 * queue for this (competing consumers), so each event is stored by one of them and none is
 * missed while a replica restarts; an event delivered twice is stored once.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(EventLogProperties.class)
class EventLogListener {

	static final String QUEUE = "maestro.events.event-log";

	private static final Logger log = LoggerFactory.getLogger(EventLogListener.class);

	private final EventLogRepository events;

	private final ReactiveMongoOperations mongo;

	private final EventLogProperties properties;

	EventLogListener(EventLogRepository events, ReactiveMongoOperations mongo, EventLogProperties properties) {
		this.events = events;
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

	@RabbitListener(queues = QUEUE)
	Mono<Void> store(EventEnvelope event) {
		return this.events.insert(StoredEvent.of(event, Instant.now()))
			.onErrorResume(DuplicateKeyException.class, (duplicate) -> Mono.empty())
			.then();
	}

}
