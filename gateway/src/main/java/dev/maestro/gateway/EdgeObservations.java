package dev.maestro.gateway;

import io.micrometer.context.ContextRegistry;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.observation.SecurityObservationSettings;

/**
 * What the gateway records about each request, and what that costs. It keeps
 * {@code http.server.requests}, like every service, and the gateway's per-route
 * {@code spring.cloud.gateway.requests}; it leaves out what made the gateway spend more CPU on a
 * request than on proxying it:
 * <ul>
 * <li>Spring Security's own observations, which wrap each filter of the security chain, the
 * authentication and the authorization of every request in observations (and timers) of
 * their own;</li>
 * <li>the gateway's {@code http.client.requests} observation of each proxied call (see
 * {@code spring.cloud.gateway.server.webflux.observability.enabled} in
 * {@code application.yml}): the proxied call is most of the request that
 * {@code spring.cloud.gateway.requests} already times;</li>
 * <li>the current observation as a thread-local. Context propagation is automatic (the request
 * id in the log MDC), so the request's observation was put on the thread, as the "current"
 * one, every time a signal of the request crossed a thread or a Reactor operator restoring
 * thread-locals — dozens of times per request. The current observation is only the parent of
 * observations started on the thread, and nothing does that here: observations of
 * {@code WebClient} calls (the personal token exchange) find their parent in the Reactor
 * context, where it still is. Timers and their tags are unchanged.</li>
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
class EdgeObservations {

	static {
		ContextRegistry.getInstance().removeThreadLocalAccessor(ObservationThreadLocalAccessor.KEY);
	}

	@Bean
	SecurityObservationSettings securityObservationSettings() {
		return SecurityObservationSettings.noObservations();
	}

}
