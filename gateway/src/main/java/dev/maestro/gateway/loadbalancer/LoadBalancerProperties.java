package dev.maestro.gateway.loadbalancer;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the gateway spreads requests over the instances of a service
 * ({@code maestro.request.instances.<name>}, or the one {@code maestro.request.services.<name>}).
 *
 * @param ejectFor how long an instance that refused a connection is left out of the rotation
 * while another instance of its service is not; it is tried again afterwards (or earlier, when
 * every instance is left out)
 */
@ConfigurationProperties("maestro.gateway.load-balancer")
public record LoadBalancerProperties(@DefaultValue("5s") Duration ejectFor) {

	public LoadBalancerProperties {
		if (ejectFor == null || ejectFor.isNegative()) {
			throw new IllegalArgumentException("maestro.gateway.load-balancer.eject-for must not be negative");
		}
	}

}
