package dev.maestro.discovery.provider.files;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.maestro.discovery.provider.Discovered;

/**
 * What one uploaded file holds, translated: records per inventory collection, and resource types
 * that were counted and skipped because discovery does not map them.
 */
record Parsed(Map<String, List<Discovered>> records, Map<String, Integer> skipped) {

	Parsed() {
		this(new LinkedHashMap<>(), new LinkedHashMap<>());
	}

	void add(String collection, Discovered record) {
		this.records.computeIfAbsent(collection, (c) -> new ArrayList<>()).add(record);
	}

	void skip(String type) {
		this.skipped.merge(type, 1, Integer::sum);
	}

	List<Discovered> of(String collection) {
		return this.records.getOrDefault(collection, List.of());
	}

	/** {@code {collection: count}} and the skipped types, for the upload's summary. */
	Map<String, Object> summary() {
		Map<String, Object> summary = new LinkedHashMap<>();
		Map<String, Integer> counts = new LinkedHashMap<>();
		this.records.forEach((collection, list) -> counts.put(collection, list.size()));
		summary.put("records", counts);
		summary.put("skipped", this.skipped);
		return summary;
	}

}
