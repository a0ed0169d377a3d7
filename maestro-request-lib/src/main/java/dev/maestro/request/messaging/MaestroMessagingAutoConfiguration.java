package dev.maestro.request.messaging;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.support.converter.JacksonJsonMessageConverter;
import org.springframework.amqp.support.converter.MessageConverter;
import org.springframework.boot.amqp.autoconfigure.RabbitAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.data.mongodb.autoconfigure.DataMongoReactiveAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.ReactiveMongoOperations;

/**
 * The shared AMQP topology, JSON messages, and — in services with MongoDB — the outbox
 * publisher and the de-duplication of consumed messages.
 */
@AutoConfiguration(after = { RabbitAutoConfiguration.class, DataMongoReactiveAutoConfiguration.class })
@ConditionalOnClass(RabbitTemplate.class)
@EnableConfigurationProperties(MessagingProperties.class)
public class MaestroMessagingAutoConfiguration {

	@Bean
	Declarables maestroTopology() {
		return MaestroTopology.declarables();
	}

	@Bean
	@ConditionalOnMissingBean(MessageConverter.class)
	MessageConverter maestroMessageConverter(JsonMapper json) {
		return new JacksonJsonMessageConverter(json);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(ReactiveMongoOperations.class)
	@ConditionalOnBean({ ReactiveMongoOperations.class, RabbitTemplate.class })
	static class OutboxConfiguration {

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
		@ConditionalOnMissingBean
		ProcessedEvents maestroProcessedEvents(ReactiveMongoOperations mongo, MessagingProperties properties) {
			return new ProcessedEvents(mongo, properties.consumer().keepProcessed());
		}

	}

}
