package dev.maestro.reports.report;

import java.net.URI;
import java.util.List;
import java.util.Map;

import dev.maestro.reports.ReportsProperties;
import dev.maestro.request.security.TeamAccess;
import dev.maestro.request.security.TeamRole;
import dev.maestro.request.web.FieldError;
import dev.maestro.request.web.ProblemException;
import dev.maestro.request.web.Problems;
import org.bson.types.ObjectId;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Report definitions and runs under {@code /api/teams/{teamId}/reports}: VIEWER reads, EDITOR
 * creates, changes, runs and deletes; a non-member gets 404.
 */
@RestController
@RequestMapping("/api/teams/{teamId}/reports")
class ReportController {

	private static final int DEFAULT_LIMIT = 20;

	private static final int MAX_LIMIT = 100;

	private final ReportService reports;

	private final ReportDefinitions definitions;

	ReportController(ReportService reports, ReportsProperties properties) {
		this.reports = reports;
		this.definitions = new ReportDefinitions(properties);
	}

	@PostMapping
	Mono<ResponseEntity<Map<String, Object>>> create(@PathVariable String teamId,
			@RequestBody(required = false) Map<String, Object> body) {
		return TeamAccess.require(teamId, TeamRole.EDITOR)
			.flatMap((caller) -> this.reports.create(teamId, this.definitions.create(body), caller.userId()))
			.map((report) -> ResponseEntity.status(HttpStatus.ACCEPTED)
				.location(URI.create("/api/teams/" + teamId + "/reports/" + report.id()))
				.body(Map.of("id", report.id(), "status", report.status())));
	}

	@GetMapping
	Mono<Map<String, Object>> list(@PathVariable String teamId, @RequestParam(required = false) String limit,
			@RequestParam(required = false) String cursor) {
		int size = limit(limit);
		String after = cursor(cursor);
		return TeamAccess.require(teamId, TeamRole.VIEWER)
			.thenMany(this.reports.list(teamId, size, after))
			.map(ReportViews::report)
			.collectList()
			.map((items) -> ReportViews.page(items, nextCursor(items, size)));
	}

	@GetMapping("/{id}")
	Mono<Map<String, Object>> get(@PathVariable String teamId, @PathVariable String id) {
		return TeamAccess.require(teamId, TeamRole.VIEWER).then(this.reports.find(teamId, id)).map(ReportViews::report);
	}

	@PatchMapping(path = "/{id}", consumes = { "application/json", "application/merge-patch+json" })
	Mono<Map<String, Object>> patch(@PathVariable String teamId, @PathVariable String id,
			@RequestBody(required = false) Map<String, Object> body) {
		return TeamAccess.require(teamId, TeamRole.EDITOR)
			.flatMap((caller) -> this.reports.find(teamId, id)
				.flatMap((report) -> this.reports.update(report, this.definitions.patch(body, report), caller.userId())))
			.map(ReportViews::report);
	}

	@DeleteMapping("/{id}")
	Mono<ResponseEntity<Void>> delete(@PathVariable String teamId, @PathVariable String id) {
		return TeamAccess.require(teamId, TeamRole.EDITOR)
			.then(this.reports.find(teamId, id))
			.flatMap(this.reports::delete)
			.thenReturn(ResponseEntity.noContent().build());
	}

	@PostMapping("/{id}/runs")
	Mono<ResponseEntity<Map<String, Object>>> run(@PathVariable String teamId, @PathVariable String id) {
		return TeamAccess.require(teamId, TeamRole.EDITOR)
			.flatMap((caller) -> this.reports.find(teamId, id)
				.flatMap((report) -> this.reports.requestRun(report, ReportService.TRIGGER_MANUAL, caller.userId())))
			.map((run) -> ResponseEntity.status(HttpStatus.ACCEPTED)
				.location(URI.create("/api/teams/" + teamId + "/reports/" + id + "/runs/" + run.id()))
				.body(Map.of("id", run.id(), "status", run.status())));
	}

	@GetMapping("/{id}/runs")
	Mono<Map<String, Object>> runs(@PathVariable String teamId, @PathVariable String id,
			@RequestParam(required = false) String limit, @RequestParam(required = false) String cursor) {
		int size = limit(limit);
		String after = cursor(cursor);
		return TeamAccess.require(teamId, TeamRole.VIEWER)
			.then(this.reports.find(teamId, id))
			.thenMany(this.reports.runs(teamId, id, size, after))
			.map(ReportViews::run)
			.collectList()
			.map((items) -> ReportViews.page(items, nextCursor(items, size)));
	}

	@GetMapping("/{id}/runs/{runId}")
	Mono<Map<String, Object>> run(@PathVariable String teamId, @PathVariable String id, @PathVariable String runId) {
		return TeamAccess.require(teamId, TeamRole.VIEWER)
			.then(this.reports.find(teamId, id))
			.then(this.reports.findRun(teamId, runId))
			.filter((run) -> run.reportId().equals(id))
			.switchIfEmpty(Mono.error(() -> new ProblemException(Problems.notFound("Run", runId))))
			.map(ReportViews::run);
	}

	private static int limit(String limit) {
		if (limit == null) {
			return DEFAULT_LIMIT;
		}
		try {
			int value = Integer.parseInt(limit);
			if (value >= 1 && value <= MAX_LIMIT) {
				return value;
			}
		}
		catch (NumberFormatException ex) {
			// answered below
		}
		throw new ProblemException(Problems.invalid("Invalid list parameters",
				List.of(new FieldError("limit", "must be a number between 1 and " + MAX_LIMIT))));
	}

	private static String cursor(String cursor) {
		if (cursor == null || cursor.isBlank()) {
			return null;
		}
		if (!ObjectId.isValid(cursor)) {
			throw new ProblemException(Problems.invalid("Invalid list parameters",
					List.of(new FieldError("cursor", "is not a cursor this API gave out"))));
		}
		return cursor;
	}

	private static String nextCursor(List<Map<String, Object>> items, int size) {
		return (items.size() == size) ? (String) items.get(items.size() - 1).get("id") : null;
	}

}
