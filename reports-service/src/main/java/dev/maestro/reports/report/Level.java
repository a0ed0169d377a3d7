package dev.maestro.reports.report;

import java.util.List;

/**
 * One level of a pivot report (clients, systems, applications or servers).
 *
 * @param filters conditions on that level's records
 * @param columns that level's fields in the flattened row (defaults per entity when empty)
 */
public record Level(List<Filter> filters, List<String> columns) {

	public Level {
		filters = (filters != null) ? List.copyOf(filters) : List.of();
		columns = (columns != null) ? List.copyOf(columns) : List.of();
	}

}
