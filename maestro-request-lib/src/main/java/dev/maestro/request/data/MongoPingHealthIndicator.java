package dev.maestro.request.data;

import com.mongodb.reactivestreams.client.MongoClient;
import org.bson.Document;
import reactor.core.publisher.Mono;

import org.springframework.boot.health.contributor.AbstractReactiveHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * MongoDB health by {@code ping}, which every server answers — MongoDB itself and the embedded
 * wire-compatible store, which does not know the {@code hello} command Spring Boot's own
 * indicator sends.
 */
final class MongoPingHealthIndicator extends AbstractReactiveHealthIndicator {

	private final MongoClient client;

	MongoPingHealthIndicator(MongoClient client) {
		super("MongoDB health check failed");
		this.client = client;
	}

	@Override
	protected Mono<Health> doHealthCheck(Health.Builder builder) {
		return Mono.from(this.client.getDatabase("admin").runCommand(new Document("ping", 1)))
			.map((answer) -> builder.up().build());
	}

}
