package dev.maestro.request.web;

import dev.maestro.request.security.MaestroClaims;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.reactive.ReactiveOAuth2ResourceServerAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

/**
 * Validates access tokens against inventory-service's JWKS ({@code maestro.security.jwks-uri})
 * unless Spring Boot's own {@code spring.security.oauth2.resourceserver.jwt.*} properties or
 * the application define a decoder.
 */
@AutoConfiguration(after = ReactiveOAuth2ResourceServerAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@EnableConfigurationProperties(MaestroSecurityProperties.class)
public class MaestroJwtDecoderAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ReactiveJwtDecoder maestroJwtDecoder(MaestroSecurityProperties properties) {
		NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder.withJwkSetUri(properties.jwksUri().toString())
			.build();
		// Signature and expiry, and only tokens Maestro issued.
		decoder.setJwtValidator(JwtValidators.createDefaultWithIssuer(MaestroClaims.ISSUER));
		return decoder;
	}

}
