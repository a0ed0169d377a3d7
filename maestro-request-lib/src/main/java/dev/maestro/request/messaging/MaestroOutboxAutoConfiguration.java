package dev.maestro.request.messaging;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.boot.amqp.autoconfigure.RabbitAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.data.mongodb.autoconfigure.DataMongoReactiveAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.data.mongodb.core.ReactiveMongoOperations;

/**
 * In services with MongoDB and AMQP: the outbox publisher (so that a message is never lost
 * while the broker is away), the de-duplication of consumed messages and the job listeners of
 * the service's {@link JobHandler}s.
 */
@AutoConfiguration(after = { RabbitAutoConfiguration.class, DataMongoReactiveAutoConfiguration.class,
		MaestroMessagingAutoConfiguration.class })
@ConditionalOnClass({ RabbitTemplate.class, ReactiveMongoOperations.class })
@ConditionalOnBean({ ReactiveMongoOperations.class, RabbitTemplate.class })
@EnableConfigurationProperties(MessagingProperties.class)
public class MaestroOutboxAutoConfiguration {

	@Bean
	OutboxRelay maestroOutboxRelay(ReactiveMongoOperations mongo, RabbitTemplate rabbit,
			MessagingProperties properties) {
		return new OutboxRelay(mongo, rabbit, properties.outbox());
	}

	@Bean
	@ConditionalOnMissingBean
	EventPublisher maestroEventPublisher(ReactiveMongoOperations mongo, JsonMapper json, OutboxRelay relay) {
		return new OutboxEventPublisher(mongo, json, relay);
	}

	@Bean
	@ConditionalOnBean(JobHandler.class)
	JobListeners maestroJobListeners(org.springframework.amqp.rabbit.connection.ConnectionFactory connectionFactory,
			java.util.List<JobHandler> handlers, ReactiveMongoOperations mongo, ProcessedEvents processed,
			EventPublisher publisher, JsonMapper json, MessagingProperties properties) {
		return new JobListeners(connectionFactory, handlers, mongo, processed, publisher, json, properties.consumer());
	}

	@Bean
	@ConditionalOnMissingBean
	ProcessedEvents maestroProcessedEvents(ReactiveMongoOperations mongo, MessagingProperties properties) {
		return new ProcessedEvents(mongo, properties.consumer().keepProcessed());
	}

}
