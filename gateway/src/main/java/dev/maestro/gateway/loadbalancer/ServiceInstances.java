package dev.maestro.gateway.loadbalancer;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

import dev.maestro.request.MaestroRequestProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The instances of every service the gateway routes to — the same
 * {@code maestro.request.instances.<name>} (or single {@code maestro.request.services.<name>})
 * that {@code MaestroRequest} uses — chosen round-robin, leaving out for a while an instance
 * that refused a connection.
 */
@Component
public class ServiceInstances {

	private static final Logger log = LoggerFactory.getLogger(ServiceInstances.class);

	private final MaestroRequestProperties services;

	private final long ejectForNanos;

	private final LongSupplier clock;

	private final ConcurrentMap<String, AtomicInteger> next = new ConcurrentHashMap<>();

	/** Instances left out of the rotation, with the {@link #clock} time they come back at. */
	private final ConcurrentMap<URI, Long> ejectedUntil = new ConcurrentHashMap<>();

	@Autowired
	public ServiceInstances(MaestroRequestProperties services, LoadBalancerProperties properties) {
		this(services, properties, System::nanoTime);
	}

	ServiceInstances(MaestroRequestProperties services, LoadBalancerProperties properties, LongSupplier clock) {
		this.services = services;
		this.ejectForNanos = properties.ejectFor().toNanos();
		this.clock = clock;
	}

	/** Every instance of {@code service}, empty for a service the suite does not know. */
	public List<URI> all(String service) {
		return this.services.instances(service);
	}

	/**
	 * The instance the next attempt at {@code service} goes to: the next one of the rotation
	 * that is not in {@code tried} and not left out; when every untried instance is left out,
	 * the first of them anyway (it may be back, and a refused connection costs little); empty
	 * when every instance has been tried.
	 */
	public Optional<URI> choose(String service, Set<URI> tried) {
		List<URI> all = all(service);
		if (all.isEmpty()) {
			return Optional.empty();
		}
		int start = Math.floorMod(this.next.computeIfAbsent(service, (name) -> new AtomicInteger()).getAndIncrement(),
				all.size());
		URI leftOut = null;
		for (int i = 0; i < all.size(); i++) {
			URI candidate = all.get((start + i) % all.size());
			if (tried.contains(candidate)) {
				continue;
			}
			if (!isEjected(candidate)) {
				return Optional.of(candidate);
			}
			if (leftOut == null) {
				leftOut = candidate;
			}
		}
		return Optional.ofNullable(leftOut);
	}

	/** Leaves {@code instance} of {@code service} out of the rotation for {@code eject-for}. */
	public void eject(String service, URI instance) {
		Long previous = this.ejectedUntil.put(instance, this.clock.getAsLong() + this.ejectForNanos);
		if (previous == null) {
			log.warn("{} instance {} refused a connection; it is left out for {} ms", service, instance,
					this.ejectForNanos / 1_000_000);
		}
	}

	/** Whether {@code instance} is left out of the rotation now. */
	public boolean isEjected(URI instance) {
		Long until = this.ejectedUntil.get(instance);
		if (until == null) {
			return false;
		}
		if (this.clock.getAsLong() - until >= 0) {
			if (this.ejectedUntil.remove(instance, until)) {
				log.info("{} is back in the rotation", instance);
			}
			return false;
		}
		return true;
	}

}
