package dev.maestro.gateway;

import java.net.URI;
import java.util.Map;

import dev.maestro.gateway.loadbalancer.LoadBalancerFilter;
import dev.maestro.gateway.loadbalancer.ServiceInstances;
import dev.maestro.request.web.ProblemException;
import dev.maestro.request.web.Problems;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.OrderedGatewayFilter;
import org.springframework.cloud.gateway.filter.RouteToRequestUrlFilter;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.stereotype.Component;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Routes {@code /services/{service}/…} to that service's own {@code /…} — its health and its
 * OpenAPI document — using the same service URLs as {@code MaestroRequest}, so that operators
 * and the Swagger UI reach every service through the one public entry. Only services the
 * suite knows are reachable; any other name is a 404. A service with several instances is
 * reached through {@link LoadBalancerFilter}, like its routes.
 */
@Component
class ServiceInternalsGatewayFilterFactory extends AbstractGatewayFilterFactory<Object> {

	private final ServiceInstances instances;

	ServiceInternalsGatewayFilterFactory(ServiceInstances instances) {
		this.instances = instances;
	}

	@Override
	public GatewayFilter apply(Object config) {
		// Runs right after RouteToRequestUrlFilter, replacing the placeholder URI of the route.
		return new OrderedGatewayFilter((exchange, chain) -> {
			Map<String, String> variables = ServerWebExchangeUtils.getUriTemplateVariables(exchange);
			String service = variables.get("service");
			if (service == null || this.instances.all(service).isEmpty()) {
				return Mono.error(new ProblemException(Problems.notFound("Service", String.valueOf(service))));
			}
			String path = exchange.getRequest().getPath().value().substring(("/services/" + service).length());
			URI target = UriComponentsBuilder.newInstance()
				.scheme(LoadBalancerFilter.SCHEME)
				.host(service)
				.path(path)
				.query(exchange.getRequest().getURI().getRawQuery())
				.build(true)
				.toUri();
			exchange.getAttributes().put(ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR, target);
			return chain.filter(exchange);
		}, RouteToRequestUrlFilter.ROUTE_TO_URL_FILTER_ORDER + 1);
	}

}
