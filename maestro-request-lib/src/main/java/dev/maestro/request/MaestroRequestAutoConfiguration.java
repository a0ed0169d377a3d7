package dev.maestro.request;

import io.netty.channel.ChannelOption;
import reactor.netty.http.client.HttpClient;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;

/** Provides {@link MaestroRequest}, configured from {@link MaestroRequestProperties}. */
@AutoConfiguration(after = WebClientAutoConfiguration.class)
@EnableConfigurationProperties(MaestroRequestProperties.class)
public class MaestroRequestAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ServiceTokenProvider serviceTokenProvider() {
		return ServiceTokenProvider.none();
	}

	@Bean
	@ConditionalOnMissingBean
	MaestroRequest maestroRequest(WebClient.Builder builder, MaestroRequestProperties properties,
			ServiceTokenProvider tokens) {
		HttpClient httpClient = HttpClient.create()
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) properties.connectTimeout().toMillis())
			.responseTimeout(properties.responseTimeout());
		WebClient webClient = builder.clone().clientConnector(new ReactorClientHttpConnector(httpClient)).build();
		return new MaestroRequest(webClient, properties, tokens);
	}

}
