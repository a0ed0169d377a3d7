package dev.maestro.request.web;

import java.util.ArrayList;
import java.util.List;


import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.autoconfigure.actuate.web.reactive.ReactiveManagementWebSecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.reactive.ReactiveWebSecurityAutoConfiguration;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.reactive.ReactiveOAuth2ResourceServerAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.oauth2.server.resource.web.server.authentication.ServerBearerTokenAuthenticationConverter;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authentication.ServerAuthenticationConverter;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Every service is an OAuth2 resource server: it validates bearer tokens itself, against the
 * keys inventory-service publishes, and trusts no header the gateway sets. Refusals are
 * problem+json like every other error.
 */
@AutoConfiguration(before = { ReactiveWebSecurityAutoConfiguration.class,
		ReactiveManagementWebSecurityAutoConfiguration.class, ReactiveOAuth2ResourceServerAutoConfiguration.class })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@EnableConfigurationProperties(MaestroSecurityProperties.class)
@EnableWebFluxSecurity
public class MaestroSecurityAutoConfiguration {

	/**
	 * Spring Security's firewall refuses request paths it considers dangerous (an encoded
	 * {@code ..}, {@code /} or NUL, a non-printable header) before anything else runs; its own
	 * answer is a bare 400. This makes it a problem+json 400 like every other bad request.
	 */
	@Bean
	@ConditionalOnMissingBean
	org.springframework.security.web.server.firewall.ServerExchangeRejectedHandler maestroExchangeRejectedHandler(
			ProblemDetailsExceptionHandler problems) {
		return (exchange, ex) -> problems.handle(exchange,
				new ResponseStatusException(HttpStatus.BAD_REQUEST, "The request was refused: " + ex.getMessage()));
	}

	/**
	 * Bearer tokens come in the {@code Authorization} header; on {@code queryTokenPaths} only
	 * (WebSocket and Server-Sent Events, which browsers open without headers) also as
	 * {@code ?access_token=}. Everywhere else a token in the query is ignored, so that it does
	 * not end up in logs and browser histories.
	 */
	private static ServerAuthenticationConverter bearerTokens(List<String> queryTokenPaths) {
		ServerBearerTokenAuthenticationConverter headerOnly = new ServerBearerTokenAuthenticationConverter();
		ServerBearerTokenAuthenticationConverter headerOrQuery = new ServerBearerTokenAuthenticationConverter();
		headerOrQuery.setAllowUriQueryParameter(true);
		List<PathPattern> patterns = queryTokenPaths.stream().map(PathPatternParser.defaultInstance::parse).toList();
		return (exchange) -> patterns.stream()
			.anyMatch((pattern) -> pattern.matches(exchange.getRequest().getPath().pathWithinApplication()))
				? headerOrQuery.convert(exchange) : headerOnly.convert(exchange);
	}

	@Bean
	@ConditionalOnMissingBean(SecurityWebFilterChain.class)
	SecurityWebFilterChain maestroSecurityWebFilterChain(ServerHttpSecurity http, MaestroSecurityProperties properties,
			ProblemDetailsExceptionHandler problems) {
		List<String> publicPaths = new ArrayList<>(MaestroSecurityProperties.ALWAYS_PUBLIC);
		publicPaths.addAll(properties.publicPaths());
		ServerAuthenticationEntryPoint unauthenticated = (exchange, ex) -> {
			exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
			return problems.handle(exchange, new ResponseStatusException(HttpStatus.UNAUTHORIZED,
					"A valid access token is required (missing, expired or not issued by Maestro)"));
		};
		ServerAccessDeniedHandler denied = (exchange, ex) -> problems.handle(exchange,
				new ResponseStatusException(HttpStatus.FORBIDDEN, "Your role does not allow this"));
		return http.csrf(ServerHttpSecurity.CsrfSpec::disable)
			.httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
			.formLogin(ServerHttpSecurity.FormLoginSpec::disable)
			.logout(ServerHttpSecurity.LogoutSpec::disable)
			.requestCache((cache) -> cache.requestCache(NoOpServerRequestCache.getInstance()))
			.securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
			.authorizeExchange((exchanges) -> exchanges.pathMatchers(publicPaths.toArray(String[]::new))
				.permitAll()
				.anyExchange()
				.authenticated())
			.oauth2ResourceServer((resourceServer) -> resourceServer.jwt((jwt) -> {
			})
				.bearerTokenConverter(bearerTokens(properties.queryTokenPaths()))
				.authenticationEntryPoint(unauthenticated)
				.accessDeniedHandler(denied))
			.exceptionHandling((handling) -> handling.authenticationEntryPoint(unauthenticated)
				.accessDeniedHandler(denied))
			.build();
	}

}
