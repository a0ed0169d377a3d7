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

	/**
	 * Client credentials when a secret is configured, else no token. The token request itself
	 * goes through a MaestroRequest without a token (it cannot present the token it is fetching).
	 */
	@Bean
	@ConditionalOnMissingBean
	ServiceTokenProvider serviceTokenProvider(WebClient.Builder builder, MaestroRequestProperties properties) {
		MaestroRequestProperties.ServiceAccount account = properties.serviceAccount();
		if (account.clientId() == null || account.clientSecret() == null || account.clientSecret().isBlank()) {
			return ServiceTokenProvider.none();
		}
		MaestroRequest anonymous = new MaestroRequest(webClient(builder, properties), properties,
				ServiceTokenProvider.none());
		return new ClientCredentialsTokenProvider(anonymous.to(account.issuer()), account);
	}

	@Bean
	@ConditionalOnMissingBean
	MaestroRequest maestroRequest(WebClient.Builder builder, MaestroRequestProperties properties,
			ServiceTokenProvider tokens) {
		return new MaestroRequest(webClient(builder, properties), properties, tokens);
	}

	private static WebClient webClient(WebClient.Builder builder, MaestroRequestProperties properties) {
		HttpClient httpClient = HttpClient.create()
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) properties.connectTimeout().toMillis())
			// The longest any call may wait; each call's own limit is applied by ServiceClient.
			.responseTimeout(properties.responseTimeouts()
				.values()
				.stream()
				.reduce(properties.responseTimeout(), (a, b) -> (a.compareTo(b) >= 0) ? a : b));
		return builder.clone().clientConnector(new ReactorClientHttpConnector(httpClient)).build();
	}

}
