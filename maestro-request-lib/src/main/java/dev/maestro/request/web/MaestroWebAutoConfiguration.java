package dev.maestro.request.web;

import io.micrometer.context.ContextRegistry;
import reactor.core.publisher.Hooks;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.webflux.autoconfigure.error.ErrorWebFluxAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.web.server.WebFilter;

/**
 * The HTTP plumbing every service would otherwise copy: a request id on every request (and in
 * every log line), and problem+json for every error.
 */
@AutoConfiguration(before = ErrorWebFluxAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
public class MaestroWebAutoConfiguration {

	static {
		// The request id travels in the Reactor context; this puts it in the MDC wherever the chain runs.
		ContextRegistry.getInstance().registerThreadLocalAccessor(new MdcRequestIdAccessor());
		Hooks.enableAutomaticContextPropagation();
	}

	@Bean
	WebFilter maestroRequestIdWebFilter() {
		return new RequestIdWebFilter();
	}

	@Bean
	WebFilter maestroAcceptableAnswerWebFilter(ProblemDetailsExceptionHandler problems) {
		return new AcceptableAnswerWebFilter(problems);
	}

	@Bean
	@ConditionalOnMissingBean
	ProblemDetailsExceptionHandler maestroProblemDetailsExceptionHandler(ServerCodecConfigurer codecs) {
		return new ProblemDetailsExceptionHandler(codecs);
	}

}
