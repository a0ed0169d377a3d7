package dev.maestro.gateway.loadbalancer;

import java.net.ConnectException;
import java.net.URI;
import java.util.HashSet;
import java.util.Set;

import dev.maestro.request.web.ProblemException;
import dev.maestro.request.web.Problems;
import io.netty.channel.ConnectTimeoutException;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.ReactiveLoadBalancerClientFilter;
import org.springframework.cloud.gateway.filter.RouteToRequestUrlFilter;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Resolves {@code lb://<service>} route targets to one of the service's instances
 * ({@link ServiceInstances}), round-robin, without Spring Cloud LoadBalancer. It runs after
 * {@link RouteToRequestUrlFilter} has built the target URL and before Spring Cloud Gateway's
 * own {@code lb} filter (which, without Spring Cloud LoadBalancer, would refuse the request).
 *
 * <p>When an instance refuses the connection (or does not accept it within the connect
 * timeout), the request never reached it: the instance is left out for a while and the same
 * request, body included (nothing has read it yet), goes to the next instance. When every
 * instance refused, the error is the usual one: a 503 problem with {@code Retry-After}.
 * WebSocket upgrades are routed the same way but never moved: the backend connection is made
 * after the client's upgrade, so a refused one closes that client's socket.
 */
@Component
public class LoadBalancerFilter implements GlobalFilter, Ordered {

	/** The scheme of route targets this filter resolves. */
	public static final String SCHEME = "lb";

	/** After the route's URL is built, before Spring Cloud Gateway's own (refusing) lb filter. */
	public static final int ORDER = ReactiveLoadBalancerClientFilter.LOAD_BALANCER_CLIENT_FILTER_ORDER - 50;

	private final ServiceInstances instances;

	public LoadBalancerFilter(ServiceInstances instances) {
		this.instances = instances;
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		URI url = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR);
		if (url == null || !SCHEME.equalsIgnoreCase(url.getScheme())) {
			return chain.filter(exchange);
		}
		ServerWebExchangeUtils.addOriginalRequestUrl(exchange, url);
		String service = url.getHost();
		if (service == null || this.instances.all(service).isEmpty()) {
			return Mono.error(new ProblemException(Problems.unavailable("No instance of " + service + " is configured"))
				.withHeader(HttpHeaders.RETRY_AFTER, "5"));
		}
		return attempt(exchange, chain, service, url, Set.of());
	}

	private Mono<Void> attempt(ServerWebExchange exchange, GatewayFilterChain chain, String service, URI url,
			Set<URI> tried) {
		URI instance = this.instances.choose(service, tried).orElseThrow();
		exchange.getAttributes().put(ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR, target(instance, url));
		return chain.filter(exchange).onErrorResume(LoadBalancerFilter::notConnected, (ex) -> {
			this.instances.eject(service, instance);
			Set<URI> now = new HashSet<>(tried);
			now.add(instance);
			boolean untried = now.size() < this.instances.all(service).size();
			if (!untried || exchange.getResponse().isCommitted()) {
				return Mono.error(ex);
			}
			// Routing filters skip an exchange marked as routed; this one never got through.
			exchange.getAttributes().remove(ServerWebExchangeUtils.GATEWAY_ALREADY_ROUTED_ATTR);
			return attempt(exchange, chain, service, url, now);
		});
	}

	/** {@code url} sent to {@code instance}: the instance's scheme, host and port, the request's path and query. */
	static URI target(URI instance, URI url) {
		return UriComponentsBuilder.fromUri(url)
			.scheme(instance.getScheme())
			.host(instance.getHost())
			.port(instance.getPort())
			.build(true)
			.toUri();
	}

	/** Whether {@code ex} says that the request never reached the instance. */
	static boolean notConnected(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof ConnectException || cause instanceof ConnectTimeoutException) {
				return true;
			}
		}
		return false;
	}

}
