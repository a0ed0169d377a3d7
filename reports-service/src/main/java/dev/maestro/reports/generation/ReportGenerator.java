package dev.maestro.reports.generation;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.maestro.reports.ReportsProperties;
import dev.maestro.reports.report.Entities;
import dev.maestro.reports.report.FieldPaths;
import dev.maestro.reports.report.Level;
import dev.maestro.reports.report.RecordMatcher;
import dev.maestro.reports.report.Report;
import dev.maestro.reports.report.ReportRows;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * Turns a report definition into result rows, streamed from the inventory export.
 *
 * <p>A general report filters one collection's stream. A pivot reads clients → systems →
 * applications → servers top-down: every level above the lowest one included is held as a map
 * from id to the small partial rows ("paths") that lead to it — only the chosen columns and the
 * few facts the aggregations need — and the lowest level streams, each record giving one row per
 * path that reaches it (an inner join: a client without systems gives no row). A level left out
 * between two included ones still links them (a client → application pivot goes through
 * systems), unfiltered. Relations: {@code system.clientIds}, {@code system.applicationIds},
 * {@code application.serverIds}.
 */
@Component
class ReportGenerator {

	/** Columns of a pivot level when it names none. */
	private static final Map<String, List<String>> PIVOT_COLUMNS = Map.of("clients", List.of("name"), "systems",
			List.of("name"), "applications", List.of("name", "family", "environment"), Entities.SERVERS,
			List.of("hostname", "ipv4Private", "environment", "os.base", "datacenter.provider", "datacenter.region"));

	private final InventoryExport inventory;

	private final JsonMapper json;

	private final int aggregationMaxValues;

	ReportGenerator(InventoryExport inventory, JsonMapper json, ReportsProperties properties) {
		this.inventory = inventory;
		this.json = json;
		this.aggregationMaxValues = properties.aggregationMaxValues();
	}

	/**
	 * A generation: its columns, its rows (cold: nothing is read until subscribed, once) and the
	 * aggregations, complete once the rows are.
	 */
	record Generation(List<String> columns, Flux<ReportRows.Row> rows, Aggregator aggregator) {
	}

	Generation generate(Report report) {
		Aggregator aggregator = new Aggregator(this.aggregationMaxValues);
		return report.isPivot() ? pivot(report, aggregator) : general(report, aggregator);
	}

	private Generation general(Report report, Aggregator aggregator) {
		List<String> columns = (report.columns() != null && !report.columns().isEmpty()) ? report.columns()
				: Entities.defaultColumns(report.entity());
		RecordMatcher matcher = RecordMatcher.of(report.filters());
		boolean servers = Entities.SERVERS.equals(report.entity());
		Flux<ReportRows.Row> rows = this.inventory.records(report.teamId(), report.entity())
			.filter(matcher)
			.map((record) -> {
				aggregator.add(List.of(Aggregator.facts(record)));
				return new ReportRows.Row(values(record, columns), servers ? host(record) : null);
			});
		return new Generation(columns, rows, aggregator);
	}

	/** A partial pivot row: the values of the levels above, and their facts (nearest first). */
	private record Path(List<Object> values, List<Map<String, String>> facts) {

		static final Path ROOT = new Path(List.of(), List.of());

		Path extend(List<Object> more, Map<String, String> fact) {
			List<Object> values = new ArrayList<>(this.values.size() + more.size());
			values.addAll(this.values);
			values.addAll(more);
			List<Map<String, String>> facts = new ArrayList<>(this.facts.size() + 1);
			facts.add(fact);
			facts.addAll(this.facts);
			return new Path(values, facts);
		}

	}

	private Generation pivot(Report report, Aggregator aggregator) {
		List<String> included = Entities.PIVOT_LEVELS.stream().filter(report.levels()::containsKey).toList();
		int top = Entities.PIVOT_LEVELS.indexOf(included.get(0));
		int bottom = Entities.PIVOT_LEVELS.indexOf(included.get(included.size() - 1));
		List<String> stages = Entities.PIVOT_LEVELS.subList(top, bottom + 1);
		List<String> columns = new ArrayList<>();
		Map<String, List<String>> levelColumns = new HashMap<>();
		for (String level : included) {
			Level definition = report.levels().get(level);
			List<String> chosen = (definition != null && !definition.columns().isEmpty()) ? definition.columns()
					: PIVOT_COLUMNS.get(level);
			levelColumns.put(level, chosen);
			chosen.forEach((column) -> columns.add(Entities.singular(level) + "." + column));
		}
		String teamId = report.teamId();
		// Upper stages, top-down, each keyed for the lookup of the stage below it.
		Mono<Map<String, List<Path>>> above = Mono.just(Map.of());
		for (int i = 0; i < stages.size() - 1; i++) {
			String stage = stages.get(i);
			boolean first = (i == 0);
			above = above.flatMap((parents) -> upperStage(teamId, stage, first, parents, report.levels().get(stage),
					report.levels().containsKey(stage), levelColumns.get(stage)));
		}
		String lowest = stages.get(stages.size() - 1);
		Level lowestLevel = report.levels().get(lowest);
		RecordMatcher matcher = RecordMatcher.of((lowestLevel != null) ? lowestLevel.filters() : List.of());
		List<String> lowestColumns = levelColumns.get(lowest);
		boolean servers = Entities.SERVERS.equals(lowest);
		boolean single = stages.size() == 1;
		Flux<ReportRows.Row> rows = above.flatMapMany((parents) -> this.inventory.records(teamId, lowest)
			.filter(matcher)
			.concatMapIterable((record) -> {
				List<Path> paths = single ? List.of(Path.ROOT) : parentsOf(lowest, record, parents);
				List<Object> own = values(record, lowestColumns);
				Map<String, String> facts = Aggregator.facts(record);
				List<Object> host = servers ? host(record) : null;
				List<ReportRows.Row> produced = new ArrayList<>(paths.size());
				for (Path path : paths) {
					Path full = path.extend(own, facts);
					aggregator.add(full.facts());
					produced.add(new ReportRows.Row(full.values(), host));
				}
				return produced;
			}));
		return new Generation(List.copyOf(columns), rows, aggregator);
	}

	/**
	 * Reads one upper stage and returns the paths for the stage below, keyed by what that stage
	 * looks up: client id (systems read their {@code clientIds}), application id (from
	 * {@code system.applicationIds}) or server id (from {@code application.serverIds}).
	 */
	private Mono<Map<String, List<Path>>> upperStage(String teamId, String stage, boolean first,
			Map<String, List<Path>> parents, Level level, boolean included, List<String> columns) {
		RecordMatcher matcher = RecordMatcher.of((included && level != null) ? level.filters() : List.of());
		return this.inventory.records(teamId, stage).filter(matcher).reduce(new HashMap<String, List<Path>>(),
				(below, record) -> {
					List<Path> paths = first ? List.of(Path.ROOT) : parentsOf(stage, record, parents);
					if (paths.isEmpty()) {
						return below;
					}
					List<Path> own = included ? extendAll(paths, values(record, columns), Aggregator.facts(record))
							: paths;
					for (String key : keysBelow(stage, record)) {
						below.computeIfAbsent(key, (k) -> new ArrayList<>(1)).addAll(own);
					}
					return below;
				}).map((below) -> (Map<String, List<Path>>) below);
	}

	private static List<Path> extendAll(List<Path> paths, List<Object> values, Map<String, String> facts) {
		List<Path> extended = new ArrayList<>(paths.size());
		for (Path path : paths) {
			extended.add(path.extend(values, facts));
		}
		return extended;
	}

	/** The ids under which the stage below finds this record's paths. */
	private static List<String> keysBelow(String stage, Map<String, Object> record) {
		return switch (stage) {
			case "clients" -> List.of(String.valueOf(record.get("id")));
			case "systems" -> ids(record.get("applicationIds"));
			case "applications" -> ids(record.get("serverIds"));
			default -> List.of();
		};
	}

	/** The paths that reach this record from the stage above. */
	private static List<Path> parentsOf(String stage, Map<String, Object> record, Map<String, List<Path>> parents) {
		if ("systems".equals(stage)) {
			List<Path> paths = new ArrayList<>();
			for (String clientId : ids(record.get("clientIds"))) {
				paths.addAll(parents.getOrDefault(clientId, List.of()));
			}
			return paths;
		}
		return parents.getOrDefault(String.valueOf(record.get("id")), List.of());
	}

	private static List<String> ids(Object value) {
		if (!(value instanceof Collection<?> ids)) {
			return List.of();
		}
		return ids.stream().map(String::valueOf).toList();
	}

	/** A record's values for the columns: scalars as they are, lists of scalars as lists, anything else as JSON text. */
	private List<Object> values(Map<String, Object> record, List<String> columns) {
		List<Object> values = new ArrayList<>(columns.size());
		for (String column : columns) {
			values.add(storable(FieldPaths.value(record, column)));
		}
		return values;
	}

	private Object storable(Object value) {
		if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean) {
			return value;
		}
		if (value instanceof Collection<?> list
				&& list.stream().allMatch((e) -> e instanceof String || e instanceof Number || e instanceof Boolean)) {
			return List.copyOf(list);
		}
		return this.json.writeValueAsString(value);
	}

	/** {@code [name, address, environment, provider, region]} of a server, for Ansible. */
	private static List<Object> host(Map<String, Object> record) {
		String address = FieldPaths.text(record, "ipv4Private");
		if (address == null) {
			address = FieldPaths.text(record, "ipv4Public");
		}
		List<Object> host = new ArrayList<>(5);
		host.add(FieldPaths.text(record, "hostname"));
		host.add(address);
		host.add(FieldPaths.text(record, "environment"));
		host.add(FieldPaths.text(record, "datacenter.provider"));
		host.add(FieldPaths.text(record, "datacenter.region"));
		return host;
	}

}
