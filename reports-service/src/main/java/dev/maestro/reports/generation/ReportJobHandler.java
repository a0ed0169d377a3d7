package dev.maestro.reports.generation;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import dev.maestro.reports.ReportsProperties;
import dev.maestro.reports.report.Report;
import dev.maestro.reports.report.ReportRows;
import dev.maestro.reports.report.ReportRun;
import dev.maestro.reports.report.ReportService;
import dev.maestro.request.MaestroRequestException;
import dev.maestro.request.messaging.EventEnvelope;
import dev.maestro.request.messaging.EventPublisher;
import dev.maestro.request.messaging.JobHandler;
import dev.maestro.request.messaging.MessageTypes;
import dev.maestro.request.web.ProblemException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * Generates reports from {@value MessageTypes#REPORT_REQUESTED} jobs: the run goes RUNNING,
 * rows stream from the inventory into stored chunks (a retried or redelivered job starts its
 * chunks again), and the run ends READY with its row count and aggregations, announced by
 * {@value MessageTypes#REPORT_READY}; a job that fails for good ends FAILED with the reason,
 * announced by {@value MessageTypes#REPORT_FAILED}. Inventory being unreachable is retried by
 * the job listener; an answer that retrying cannot change (the team or collection refused) fails
 * at once.
 */
@Component
class ReportJobHandler implements JobHandler {

	private static final Logger log = LoggerFactory.getLogger(ReportJobHandler.class);

	private final ReportService reports;

	private final ReportRows rows;

	private final ReportGenerator generator;

	private final EventPublisher publisher;

	private final int chunkSize;

	ReportJobHandler(ReportService reports, ReportRows rows, ReportGenerator generator, EventPublisher publisher,
			ReportsProperties properties) {
		this.reports = reports;
		this.rows = rows;
		this.generator = generator;
		this.publisher = publisher;
		this.chunkSize = properties.chunkSize();
	}

	@Override
	public String jobType() {
		return MessageTypes.REPORT_REQUESTED;
	}

	@Override
	public Mono<Void> handle(EventEnvelope job) {
		String runId = String.valueOf(job.data().get("runId"));
		String reportId = String.valueOf(job.data().get("reportId"));
		return this.reports.findRun(job.teamId(), runId)
			.switchIfEmpty(Mono.error(() -> new JobFailure("run " + runId + " of report " + reportId + " does not exist")))
			.flatMap((run) -> run.status().inProgress() ? generate(job, run) : Mono.empty());
	}

	private Mono<Void> generate(EventEnvelope job, ReportRun run) {
		return this.reports.find(run.teamId(), run.reportId())
			.onErrorMap(ProblemException.class, (ex) -> new JobFailure("report " + run.reportId() + " was deleted"))
			.flatMap((report) -> this.reports.started(run).then(this.rows.deleteRun(run.id())).then(write(job, report, run)));
	}

	private Mono<Void> write(EventEnvelope job, Report report, ReportRun run) {
		ReportGenerator.Generation generation = this.generator.generate(report);
		AtomicLong count = new AtomicLong();
		return generation.rows()
			.doOnNext((row) -> count.incrementAndGet())
			.buffer(run.chunkSize() > 0 ? run.chunkSize() : this.chunkSize)
			.index()
			.concatMap((chunk) -> this.rows.saveChunk(run.teamId(), run.reportId(), run.id(), chunk.getT1(),
					chunk.getT2()))
			.then(Mono.defer(() -> this.reports.succeeded(run, generation.columns(), count.get(),
					generation.aggregator().result())))
			.flatMap((current) -> {
				log.info("Report {} run {} is ready with {} rows", run.reportId(), run.id(), count.get());
				Map<String, Object> data = new HashMap<>();
				data.put("reportId", run.reportId());
				data.put("runId", run.id());
				data.put("rows", count.get());
				data.put("name", report.name());
				return this.publisher.publishEvent(
						EventEnvelope.of(MessageTypes.REPORT_READY, run.teamId(), job.correlationId(), data));
			})
			.onErrorMap(ReportJobHandler::permanent);
	}

	/** Answers that retrying cannot change fail the job at once; being unavailable is retried. */
	private static Throwable permanent(Throwable ex) {
		if (ex instanceof MaestroRequestException && !(ex instanceof MaestroRequestException.Unavailable)) {
			return new JobFailure("inventory refused the export: " + ex.getMessage(), ex);
		}
		return ex;
	}

	@Override
	public Mono<Void> failed(EventEnvelope job, String reason) {
		String runId = String.valueOf(job.data().get("runId"));
		String reportId = String.valueOf(job.data().get("reportId"));
		return this.reports.findRun(job.teamId(), runId)
			.flatMap((run) -> this.reports.failed(run, reason))
			.then(Mono.defer(() -> {
				Map<String, Object> data = new HashMap<>();
				data.put("reportId", reportId);
				data.put("runId", runId);
				data.put("error", reason);
				return this.publisher.publishEvent(
						EventEnvelope.of(MessageTypes.REPORT_FAILED, job.teamId(), job.correlationId(), data));
			}));
	}

}
