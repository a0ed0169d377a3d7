package dev.maestro.reports.report;

import java.time.Instant;
import java.util.List;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * One generation of a report ({@code report_runs}): the history a user sees, and what a job
 * works on.
 *
 * @param id the run's id
 * @param teamId the team
 * @param reportId the report
 * @param status PENDING, RUNNING, READY or FAILED
 * @param trigger why it ran: {@code created}, {@code manual}, {@code updated} or {@code schedule}
 * @param requestedBy who asked (a user id, or {@code scheduler})
 * @param requestedAt when it was asked for
 * @param startedAt when a worker started it
 * @param finishedAt when it ended
 * @param rows rows produced
 * @param columns the result's columns, in order (stored rows are value lists in this order)
 * @param chunkSize rows per stored chunk of this run's result
 * @param error why it failed
 */
@Document("report_runs")
public record ReportRun(@Id String id, String teamId, String reportId, ReportStatus status, String trigger,
		String requestedBy, Instant requestedAt, Instant startedAt, Instant finishedAt, long rows, List<String> columns,
		int chunkSize, String error) {
}
