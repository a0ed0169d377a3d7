package dev.maestro.request.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.info.BuildProperties;
import org.springframework.context.annotation.Bean;

/**
 * Every service's OpenAPI document names the service and its version, declares bearer-token
 * security, and uses the gateway-relative server "/" so that "Try it out" in the gateway's
 * Swagger UI goes through the gateway like any client.
 */
@AutoConfiguration
@ConditionalOnClass(OpenAPI.class)
public class MaestroOpenApiAutoConfiguration {

	static final String BEARER = "bearer";

	@Bean
	@ConditionalOnMissingBean
	OpenAPI maestroOpenApi(@Value("${spring.application.name:maestro}") String name,
			ObjectProvider<BuildProperties> build) {
		BuildProperties buildProperties = build.getIfAvailable();
		String version = (buildProperties != null) ? buildProperties.getVersion() : "dev";
		return new OpenAPI()
			.info(new Info().title("Maestro " + name)
				.version(version)
				.description("Part of Maestro, the multi-cloud inventory. Errors are RFC 9457 problem+json.")
				.license(new License().name("Apache-2.0")))
			.addServersItem(new Server().url("/").description("through the gateway"))
			.components(new Components().addSecuritySchemes(BEARER,
					new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("JWT")))
			.addSecurityItem(new SecurityRequirement().addList(BEARER));
	}

}
