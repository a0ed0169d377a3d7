package dev.maestro.reports.report;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A report definition and the summary of its latest result ({@code reports}).
 *
 * @param id the report's id
 * @param teamId the team it belongs to
 * @param name what users call it
 * @param type {@code general} or {@code pivot}
 * @param entity the inventory collection of a general report ({@code null} for a pivot)
 * @param filters conditions on the records of a general report
 * @param columns the fields of a general report's rows (defaults per entity when empty)
 * @param levels a pivot's levels by collection name, top to bottom
 * @param schedule when it refreshes itself, or {@code null}
 * @param nextRunAt when the schedule next runs it, or {@code null}
 * @param status the state of the latest run
 * @param currentRunId the latest run (the one whose outcome {@code status} shows)
 * @param resultRunId the run whose rows are the result served, or {@code null} before the first
 * success
 * @param rows rows in that result
 * @param aggregations counts by field for charts, of that result
 * @param generatedAt when that result was generated
 * @param error why the latest run failed, when it did
 * @param createdAt when it was created
 * @param createdBy who created it
 * @param updatedAt when its definition last changed
 * @param deletedAt when it was deleted (a tombstone), or {@code null}
 */
@Document("reports")
public record Report(@Id String id, String teamId, String name, String type, String entity, List<Filter> filters,
		List<String> columns, Map<String, Level> levels, Schedule schedule, Instant nextRunAt, ReportStatus status,
		String currentRunId, String resultRunId, long rows, List<Aggregation> aggregations, Instant generatedAt,
		String error, Instant createdAt, String createdBy, Instant updatedAt, Instant deletedAt) {

	public static final String GENERAL = "general";

	public static final String PIVOT = "pivot";

	public boolean isPivot() {
		return PIVOT.equals(this.type);
	}

	/**
	 * The counts of one aggregation ({@code byProvider}, ...), stored as a list because values
	 * (regions, OS names) may contain dots, which MongoDB field names must not.
	 */
	public record Aggregation(String name, List<Bucket> buckets) {
	}

	public record Bucket(String value, long count) {
	}

}
