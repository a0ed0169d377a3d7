package dev.maestro.reports.generation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.maestro.reports.report.FieldPaths;
import dev.maestro.reports.report.Report;

/**
 * Counts rows by provider, region, OS, family, environment and status as they stream past, for
 * charts. Memory is bounded: past {@code maxValues} distinct values an aggregation counts the
 * rest under {@value #OTHER}. Not thread-safe: one generation feeds it sequentially.
 */
final class Aggregator {

	static final String OTHER = "other";

	/** Aggregation name → the fields that give its value, first present wins. */
	private static final Map<String, List<String>> FIELDS = new LinkedHashMap<>();

	static {
		FIELDS.put("byProvider", List.of("datacenter.provider", "provider"));
		FIELDS.put("byRegion", List.of("datacenter.region", "region"));
		FIELDS.put("byOs", List.of("os.base"));
		FIELDS.put("byOsDist", List.of("os.dist"));
		FIELDS.put("byFamily", List.of("family"));
		FIELDS.put("byEnvironment", List.of("environment"));
		FIELDS.put("byStatus", List.of("status"));
	}

	private final int maxValues;

	private final Map<String, Map<String, Long>> counts = new LinkedHashMap<>();

	Aggregator(int maxValues) {
		this.maxValues = maxValues;
	}

	/** What a record tells the aggregations: aggregation name to value, only those it has. */
	static Map<String, String> facts(Map<?, ?> record) {
		Map<String, String> facts = new HashMap<>(8);
		FIELDS.forEach((name, fields) -> {
			for (String field : fields) {
				String value = FieldPaths.text(record, field);
				if (value != null && !value.isBlank()) {
					facts.put(name, value);
					return;
				}
			}
		});
		return facts;
	}

	/** Counts one row from its records' facts; the first that has a fact gives it. */
	void add(List<Map<String, String>> facts) {
		for (String name : FIELDS.keySet()) {
			String value = null;
			for (Map<String, String> fact : facts) {
				value = fact.get(name);
				if (value != null) {
					break;
				}
			}
			if (value != null) {
				Map<String, Long> values = this.counts.computeIfAbsent(name, (key) -> new HashMap<>());
				String key = (values.containsKey(value) || values.size() < this.maxValues) ? value : OTHER;
				values.merge(key, 1L, Long::sum);
			}
		}
	}

	List<Report.Aggregation> result() {
		List<Report.Aggregation> result = new ArrayList<>();
		this.counts.forEach((name, values) -> result.add(new Report.Aggregation(name, values.entrySet()
			.stream()
			.sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()))
			.map((entry) -> new Report.Bucket(entry.getKey(), entry.getValue()))
			.toList())));
		return result;
	}

}
