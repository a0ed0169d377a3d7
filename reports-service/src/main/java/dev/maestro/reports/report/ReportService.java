package dev.maestro.reports.report;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.maestro.request.messaging.EventEnvelope;
import dev.maestro.request.messaging.EventPublisher;
import dev.maestro.request.messaging.MessageTypes;
import dev.maestro.request.web.ProblemException;
import dev.maestro.request.web.Problems;
import dev.maestro.request.web.RequestId;
import org.bson.types.ObjectId;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.ReactiveMongoOperations;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;

/**
 * The use cases on report definitions and their runs. Every query is scoped by team; a report
 * of another team, or a deleted one, does not exist. A run is asked for by storing it and
 * submitting a {@value MessageTypes#REPORT_REQUESTED} job through the outbox, so a request is
 * never lost while the broker is away.
 */
@Service
public class ReportService {

	public static final String TRIGGER_CREATED = "created";

	public static final String TRIGGER_MANUAL = "manual";

	public static final String TRIGGER_UPDATED = "updated";

	public static final String TRIGGER_SCHEDULE = "schedule";

	private final ReactiveMongoOperations mongo;

	private final EventPublisher publisher;

	private final ReportRows rows;

	private final int chunkSize;

	ReportService(ReactiveMongoOperations mongo, EventPublisher publisher, ReportRows rows,
			dev.maestro.reports.ReportsProperties properties) {
		this.mongo = mongo;
		this.publisher = publisher;
		this.rows = rows;
		this.chunkSize = properties.chunkSize();
	}

	Mono<Report> create(String teamId, ReportDefinitions.Definition definition, String userId) {
		Instant now = Instant.now();
		Instant nextRunAt = (definition.schedule() != null) ? definition.schedule().nextAfter(now) : null;
		Report report = new Report(new ObjectId().toHexString(), teamId, definition.name(), definition.type(),
				definition.entity(), definition.filters(), definition.columns(), definition.levels(),
				definition.schedule(), nextRunAt, ReportStatus.PENDING, null, null, 0, List.of(), null, null, now, userId,
				now, null);
		return this.mongo.insert(report).flatMap((saved) -> requestRun(saved, TRIGGER_CREATED, userId)).flatMap(
				(run) -> find(teamId, report.id()));
	}

	/** The team's live report, or a 404. */
	public Mono<Report> find(String teamId, String id) {
		Query query = Query.query(Criteria.where("_id").is(id).and("teamId").is(teamId).and("deletedAt").is(null));
		return this.mongo.findOne(query, Report.class)
			.switchIfEmpty(Mono.error(() -> new ProblemException(Problems.notFound("Report", id))));
	}

	Flux<Report> list(String teamId, int limit, String after) {
		Criteria criteria = Criteria.where("teamId").is(teamId).and("deletedAt").is(null);
		if (after != null) {
			criteria = criteria.and("_id").lt(after);
		}
		return this.mongo.find(Query.query(criteria).with(Sort.by(Sort.Direction.DESC, "_id")).limit(limit),
				Report.class);
	}

	Mono<Report> update(Report report, ReportDefinitions.Change change, String userId) {
		Update update = new Update().set("updatedAt", Instant.now());
		if (change.name() != null) {
			update.set("name", change.name());
		}
		if (change.filters() != null) {
			update.set("filters", change.filters());
		}
		if (change.clearSchedule()) {
			update.set("schedule", null).set("nextRunAt", null);
		}
		else if (change.schedule() != null) {
			update.set("schedule", change.schedule()).set("nextRunAt", change.schedule().nextAfter(Instant.now()));
		}
		Query query = Query.query(Criteria.where("_id").is(report.id()).and("teamId").is(report.teamId())
			.and("deletedAt").is(null));
		Mono<Report> updated = this.mongo.findAndModify(query, update, FindAndModifyOptions.options().returnNew(true),
				Report.class).switchIfEmpty(Mono.error(() -> new ProblemException(Problems.notFound("Report", report.id()))));
		// New filters change the rows: the result is generated again.
		return (change.filters() != null)
				? updated.flatMap((saved) -> requestRun(saved, TRIGGER_UPDATED, userId))
					.then(find(report.teamId(), report.id()))
				: updated;
	}

	/** Soft delete: the definition stays as a tombstone, its schedule stops, its stored rows go. */
	Mono<Void> delete(Report report) {
		Query query = Query.query(Criteria.where("_id").is(report.id()).and("teamId").is(report.teamId()));
		Update update = new Update().set("deletedAt", Instant.now()).set("nextRunAt", null);
		Mono<Void> rowsGone = (report.resultRunId() != null) ? this.rows.deleteRun(report.resultRunId()) : Mono.empty();
		return this.mongo.updateFirst(query, update, Report.class).then(rowsGone);
	}

	/** Stores a new run as the report's current one and submits its job. */
	public Mono<ReportRun> requestRun(Report report, String trigger, String requestedBy) {
		ReportRun run = new ReportRun(new ObjectId().toHexString(), report.teamId(), report.id(), ReportStatus.PENDING,
				trigger, requestedBy, Instant.now(), null, null, 0, List.of(), this.chunkSize, null);
		Query query = Query.query(Criteria.where("_id").is(report.id()).and("teamId").is(report.teamId()));
		Update update = new Update().set("currentRunId", run.id()).set("status", ReportStatus.PENDING).unset("error");
		return RequestId.current()
			.defaultIfEmpty(run.id())
			.flatMap((correlationId) -> this.mongo.insert(run)
				.then(this.mongo.updateFirst(query, update, Report.class))
				.then(this.publisher.submitJob(EventEnvelope.of(MessageTypes.REPORT_REQUESTED, report.teamId(),
						correlationId, Map.of("reportId", report.id(), "runId", run.id())))))
			.thenReturn(run);
	}

	Flux<ReportRun> runs(String teamId, String reportId, int limit, String after) {
		Criteria criteria = Criteria.where("teamId").is(teamId).and("reportId").is(reportId);
		if (after != null) {
			criteria = criteria.and("_id").lt(after);
		}
		return this.mongo.find(Query.query(criteria).with(Sort.by(Sort.Direction.DESC, "_id")).limit(limit),
				ReportRun.class);
	}

	/** A run of a live report of the team, or empty. */
	public Mono<ReportRun> findRun(String teamId, String runId) {
		return this.mongo.findOne(Query.query(Criteria.where("_id").is(runId).and("teamId").is(teamId)), ReportRun.class);
	}

	/** Marks a run RUNNING (and the report, when the run is its current one). */
	public Mono<Void> started(ReportRun run) {
		return this.mongo
			.updateFirst(Query.query(Criteria.where("_id").is(run.id())),
					new Update().set("status", ReportStatus.RUNNING).set("startedAt", Instant.now()), ReportRun.class)
			.then(this.mongo.updateFirst(current(run),
					new Update().set("status", ReportStatus.RUNNING), Report.class))
			.then();
	}

	/**
	 * Records a successful run. When it is still the report's current run its rows become the
	 * result served (and the rows of the result it replaces are deleted); a run that was
	 * overtaken by a newer one keeps its history entry but its rows are dropped.
	 * @return whether the run became the report's result
	 */
	public Mono<Boolean> succeeded(ReportRun run, List<String> columns, long rowCount,
			List<Report.Aggregation> aggregations) {
		Instant now = Instant.now();
		Mono<Void> runDone = this.mongo.updateFirst(Query.query(Criteria.where("_id").is(run.id())),
				new Update().set("status", ReportStatus.READY).set("finishedAt", now).set("rows", rowCount)
					.set("columns", columns).unset("error"),
				ReportRun.class).then();
		Update reportUpdate = new Update().set("status", ReportStatus.READY).set("resultRunId", run.id())
			.set("rows", rowCount).set("aggregations", aggregations).set("generatedAt", now).unset("error");
		return runDone.then(this.mongo.findAndModify(current(run), reportUpdate, Report.class))
			.flatMap((previous) -> {
				String replaced = previous.resultRunId();
				Mono<Void> cleanUp = (replaced != null && !replaced.equals(run.id())) ? this.rows.deleteRun(replaced)
						: Mono.empty();
				return cleanUp.thenReturn(true);
			})
			.switchIfEmpty(Mono.defer(() -> this.rows.deleteRun(run.id()).thenReturn(false)));
	}

	/** Records a failed run (and the report's failure, when it is the current run). */
	public Mono<Void> failed(ReportRun run, String reason) {
		Instant now = Instant.now();
		return this.mongo
			.updateFirst(Query.query(Criteria.where("_id").is(run.id())),
					new Update().set("status", ReportStatus.FAILED).set("finishedAt", now).set("error", reason),
					ReportRun.class)
			.then(this.mongo.updateFirst(current(run),
					new Update().set("status", ReportStatus.FAILED).set("error", reason), Report.class))
			.then(this.rows.deleteRun(run.id()));
	}

	private static Query current(ReportRun run) {
		return Query.query(Criteria.where("_id").is(run.reportId()).and("teamId").is(run.teamId())
			.and("currentRunId").is(run.id()));
	}

	/**
	 * Claims a due scheduled report: moves its {@code nextRunAt} from the value read to the next
	 * one in a single findAndModify, so that of several replicas (or ticks) reading the same due
	 * report exactly one wins the claim and runs it.
	 */
	public Mono<Report> claimDue(Report due, Instant next) {
		Query query = Query.query(Criteria.where("_id").is(due.id()).and("nextRunAt").is(due.nextRunAt())
			.and("deletedAt").is(null));
		return this.mongo.findAndModify(query, new Update().set("nextRunAt", next), Report.class);
	}

	/** Live scheduled reports whose next run is due. */
	public Flux<Report> due(Instant now, int limit) {
		Query query = Query.query(Criteria.where("nextRunAt").lte(now).and("deletedAt").is(null))
			.with(Sort.by("nextRunAt"))
			.limit(limit);
		return this.mongo.find(query, Report.class);
	}

}
