package dev.maestro.request.messaging;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.support.converter.JacksonJsonMessageConverter;
import org.springframework.amqp.support.converter.MessageConverter;
import org.springframework.boot.amqp.autoconfigure.RabbitAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/** The shared AMQP topology and JSON messages, in every service that talks AMQP. */
@AutoConfiguration(after = RabbitAutoConfiguration.class)
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

}
