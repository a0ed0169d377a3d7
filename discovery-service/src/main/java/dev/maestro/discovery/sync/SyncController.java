package dev.maestro.discovery.sync;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.maestro.request.security.TeamAccess;
import dev.maestro.request.security.TeamRole;
import dev.maestro.request.web.ProblemException;
import dev.maestro.request.web.Problems;
import dev.maestro.request.web.RequestId;
import reactor.core.publisher.Mono;

import org.springframework.data.domain.Sort;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * A connection's syncs: EDITORs start them, VIEWERs follow them, ADMINs decide the ones the
 * mass-deletion guard stopped.
 */
@RestController
@RequestMapping("/api/teams/{teamId}/connections/{connectionId}")
class SyncController {

	private final SyncService syncs;

	SyncController(SyncService syncs) {
		this.syncs = syncs;
	}

	@PostMapping("/syncs")
	@ResponseStatus(HttpStatus.ACCEPTED)
	Mono<Map<String, Object>> request(@PathVariable String teamId, @PathVariable String connectionId,
			@RequestBody(required = false) Map<String, Object> body) {
		Map<String, Object> request = (body != null) ? body : Map.of();
		List<String> unknown = request.keySet().stream().filter((key) -> !"tasks".equals(key)).toList();
		return TeamAccess.require(teamId, TeamRole.EDITOR).flatMap((caller) -> {
			if (!unknown.isEmpty()) {
				return Mono.error(new ProblemException(Problems.invalid(unknown.get(0), "is not a field of a sync request (allowed: tasks)")));
			}
			return RequestId.current()
				.defaultIfEmpty("")
				.flatMap((requestId) -> this.syncs.request(teamId, connectionId, request.get("tasks"), caller.userId(),
						requestId.isEmpty() ? null : requestId));
		}).map((run) -> Map.of("id", run.id(), "status", run.status().name()));
	}

	@GetMapping("/syncs")
	Mono<Map<String, Object>> list(@PathVariable String teamId, @PathVariable String connectionId,
			@RequestParam(defaultValue = "-createdAt") String sort, @RequestParam(defaultValue = "20") String limit,
			@RequestParam(required = false) String cursor) {
		Sort order = sort(sort);
		int size = limit(limit);
		long offset = offset(cursor);
		return TeamAccess.require(teamId, TeamRole.VIEWER)
			.then(this.syncs.get(teamId, connectionId))
			.then(this.syncs.list(teamId, connectionId, order, offset, size + 1).collectList())
			.map((runs) -> {
				Map<String, Object> page = new LinkedHashMap<>();
				page.put("items", runs.stream().limit(size).map(SyncController::view).toList());
				page.put("nextCursor", (runs.size() > size) ? encode(offset + size) : null);
				return page;
			});
	}

	@GetMapping("/syncs/{syncId}")
	Mono<Map<String, Object>> get(@PathVariable String teamId, @PathVariable String connectionId,
			@PathVariable String syncId) {
		return TeamAccess.require(teamId, TeamRole.VIEWER)
			.then(this.syncs.get(teamId, connectionId, syncId))
			.map(SyncController::view);
	}

	@PostMapping("/syncs/{syncId}/confirm")
	Mono<Map<String, Object>> confirm(@PathVariable String teamId, @PathVariable String connectionId,
			@PathVariable String syncId) {
		return TeamAccess.require(teamId, TeamRole.ADMIN)
			.flatMap((caller) -> this.syncs.confirm(teamId, connectionId, syncId, caller.userId()))
			.map(SyncController::view);
	}

	@PostMapping("/syncs/{syncId}/reject")
	Mono<Map<String, Object>> reject(@PathVariable String teamId, @PathVariable String connectionId,
			@PathVariable String syncId) {
		return TeamAccess.require(teamId, TeamRole.ADMIN)
			.flatMap((caller) -> this.syncs.reject(teamId, connectionId, syncId, caller.userId()))
			.map(SyncController::view);
	}

	/** The last execution of each task × region of the connection. */
	@GetMapping("/executions")
	Mono<Map<String, Object>> executions(@PathVariable String teamId, @PathVariable String connectionId) {
		return TeamAccess.require(teamId, TeamRole.VIEWER)
			.then(this.syncs.get(teamId, connectionId))
			.thenMany(this.syncs.executions(connectionId))
			.map((document) -> {
				Map<String, Object> view = new LinkedHashMap<>(document);
				view.remove("_id");
				view.remove("teamId");
				return view;
			})
			.collectList()
			.map((items) -> Map.of("items", items));
	}

	static Map<String, Object> view(SyncRun run) {
		Map<String, Object> view = new LinkedHashMap<>();
		view.put("id", run.id());
		view.put("connectionId", run.connectionId());
		view.put("status", run.status().name());
		view.put("tasks", run.tasks());
		view.put("trigger", run.trigger());
		view.put("counts", run.counts());
		view.put("progress", run.progress());
		view.put("createdAt", run.createdAt());
		view.put("startedAt", run.startedAt());
		view.put("finishedAt", run.finishedAt());
		if (run.error() != null) {
			view.put("error", run.error());
		}
		view.put("scopes", run.scopes());
		if (!run.pendingScopes().isEmpty()) {
			view.put("pendingScopes", run.pendingScopes());
		}
		if (run.decision() != null) {
			view.put("decision", run.decision());
		}
		return view;
	}

	private static Sort sort(String sort) {
		boolean descending = sort.startsWith("-");
		String field = descending ? sort.substring(1) : sort;
		if (!SyncService.SORTS.contains(field)) {
			throw new ProblemException(Problems.invalid("sort", "must be one of " + SyncService.SORTS + ", with - for newest first"));
		}
		return Sort.by(descending ? Sort.Direction.DESC : Sort.Direction.ASC, field);
	}

	private static int limit(String limit) {
		try {
			int value = Integer.parseInt(limit);
			if (value >= 1 && value <= 100) {
				return value;
			}
		}
		catch (NumberFormatException ex) {
			// reported below
		}
		throw new ProblemException(Problems.invalid("limit", "must be a number from 1 to 100"));
	}

	private static long offset(String cursor) {
		if (cursor == null || cursor.isEmpty()) {
			return 0;
		}
		try {
			long value = Long.parseLong(new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8));
			if (value >= 0) {
				return value;
			}
		}
		catch (IllegalArgumentException ex) {
			// reported below
		}
		throw new ProblemException(Problems.invalid("cursor", "must be a nextCursor of an earlier page"));
	}

	private static String encode(long offset) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(String.valueOf(offset).getBytes(StandardCharsets.UTF_8));
	}

}
