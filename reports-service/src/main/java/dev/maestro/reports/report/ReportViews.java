package dev.maestro.reports.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON shapes of reports and runs in answers. */
final class ReportViews {

	private ReportViews() {
	}

	static Map<String, Object> report(Report report) {
		Map<String, Object> view = new LinkedHashMap<>();
		view.put("id", report.id());
		view.put("name", report.name());
		view.put("type", report.type());
		view.put("entity", report.entity());
		view.put("filters", (report.filters() != null) ? report.filters() : List.of());
		if (report.isPivot()) {
			view.put("levels", report.levels());
		}
		else {
			view.put("columns", (report.columns() != null && !report.columns().isEmpty()) ? report.columns()
					: Entities.defaultColumns(report.entity()));
		}
		view.put("status", report.status());
		view.put("rows", report.rows());
		view.put("aggregations", aggregations(report.aggregations()));
		view.put("generatedAt", report.generatedAt());
		if (report.error() != null) {
			view.put("error", report.error());
		}
		view.put("schedule", schedule(report.schedule()));
		view.put("nextRunAt", report.nextRunAt());
		view.put("lastRunId", report.currentRunId());
		view.put("createdAt", report.createdAt());
		view.put("updatedAt", report.updatedAt());
		return view;
	}

	/** {@code {byProvider: {aws: 12, gcp: 3}, ...}}, each by descending count. */
	static Map<String, Object> aggregations(List<Report.Aggregation> aggregations) {
		Map<String, Object> view = new LinkedHashMap<>();
		if (aggregations != null) {
			for (Report.Aggregation aggregation : aggregations) {
				Map<String, Long> counts = new LinkedHashMap<>();
				aggregation.buckets().forEach((bucket) -> counts.put(bucket.value(), bucket.count()));
				view.put(aggregation.name(), counts);
			}
		}
		return view;
	}

	static Map<String, Object> schedule(Schedule schedule) {
		if (schedule == null) {
			return null;
		}
		return (schedule.cron() != null) ? Map.of("cron", schedule.cron()) : Map.of("interval", schedule.interval());
	}

	static Map<String, Object> run(ReportRun run) {
		Map<String, Object> view = new LinkedHashMap<>();
		view.put("id", run.id());
		view.put("reportId", run.reportId());
		view.put("status", run.status());
		view.put("trigger", run.trigger());
		view.put("requestedBy", run.requestedBy());
		view.put("requestedAt", run.requestedAt());
		view.put("startedAt", run.startedAt());
		view.put("finishedAt", run.finishedAt());
		view.put("rows", run.rows());
		if (run.error() != null) {
			view.put("error", run.error());
		}
		return view;
	}

	static Map<String, Object> page(List<Map<String, Object>> items, String nextCursor) {
		Map<String, Object> page = new LinkedHashMap<>();
		page.put("items", items);
		page.put("nextCursor", nextCursor);
		return page;
	}

}
