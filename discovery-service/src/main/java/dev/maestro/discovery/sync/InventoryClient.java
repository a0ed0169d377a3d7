package dev.maestro.discovery.sync;

import java.util.List;
import java.util.Map;

import dev.maestro.discovery.DiscoveryProperties;
import dev.maestro.request.MaestroRequest;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * inventory-service's three discovery endpoints, through {@link MaestroRequest} (service token,
 * timeouts, retries, circuit breaker). Each call takes at most 1000 ids or items. All three are
 * keyed by provider id, so a call repeated after a timeout changes nothing more: they are retried
 * like idempotent calls.
 */
@Component
class InventoryClient {

	private final MaestroRequest request;

	private final String service;

	InventoryClient(MaestroRequest request, DiscoveryProperties properties) {
		this.request = request;
		this.service = properties.inventoryService();
	}

	Mono<UpsertAnswer> discovered(String teamId, String collection, String connectionId, List<Item> items) {
		return this.request.to(this.service)
			.postIdempotent("/api/teams/{teamId}/{collection}/discovered", new UpsertRequest(connectionId, items),
					UpsertAnswer.class, teamId, collection);
	}

	Mono<Long> orphans(String teamId, String collection, String connectionId, List<String> providerIds) {
		return this.request.to(this.service)
			.postIdempotent("/api/teams/{teamId}/{collection}/discovered/orphans", new IdsRequest(connectionId, providerIds),
					Map.class, teamId, collection)
			.map((answer) -> number(answer.get("orphaned")));
	}

	Mono<Long> tombstones(String teamId, String collection, String connectionId, List<String> providerIds) {
		return this.request.to(this.service)
			.postIdempotent("/api/teams/{teamId}/{collection}/discovered/tombstones", new IdsRequest(connectionId, providerIds),
					Map.class, teamId, collection)
			.map((answer) -> number(answer.get("tombstoned")));
	}

	private static long number(Object value) {
		return (value instanceof Number number) ? number.longValue() : 0;
	}

	record Item(String providerId, Map<String, Object> body) {
	}

	record UpsertRequest(String connectionId, List<Item> items) {
	}

	record IdsRequest(String connectionId, List<String> providerIds) {
	}

	record UpsertAnswer(long created, long updated, long unchanged, long failed, List<Outcome> items) {

		UpsertAnswer {
			items = (items != null) ? items : List.of();
		}

	}

	/** What inventory did with one item: {@code CREATED}, {@code UPDATED}, {@code UNCHANGED} or {@code FAILED}. */
	record Outcome(String providerId, String id, String result, Object problem) {
	}

}
