package dev.maestro.reports.generation;

import java.util.Map;

import dev.maestro.request.MaestroRequest;
import reactor.core.publisher.Flux;

import org.springframework.stereotype.Component;

/**
 * Streams a team's live records of one collection from inventory-service's export
 * ({@code GET /api/teams/{teamId}/{collection}/export}, NDJSON) through {@link MaestroRequest}:
 * records arrive one by one with back-pressure, so a team of any size never sits in memory.
 *
 * <p>Every filter is applied here, on the stream. Inventory could apply equality filters on its
 * indexed fields itself ({@code ?field=value}), but {@code ServiceClient} encodes a query string
 * given in the path, so none is sent; filtering here gives the same rows.
 */
@Component
class InventoryExport {

	static final String SERVICE = "inventory-service";

	private final MaestroRequest request;

	InventoryExport(MaestroRequest request) {
		this.request = request;
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	Flux<Map<String, Object>> records(String teamId, String collection) {
		Flux<Map> records = this.request.to(SERVICE).getAll("/api/teams/{teamId}/{collection}/export", Map.class, teamId,
				collection);
		return (Flux) records;
	}

}
