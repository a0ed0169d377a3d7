package dev.maestro.reports.report;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.ReactiveMongoOperations;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.stereotype.Component;

/** Declares the indexes of {@code reports}, {@code report_runs} and {@code report_rows} at start-up. */
@Component
class ReportIndexes {

	private static final Logger log = LoggerFactory.getLogger(ReportIndexes.class);

	private final ReactiveMongoOperations mongo;

	private final ReportRows rows;

	ReportIndexes(ReactiveMongoOperations mongo, ReportRows rows) {
		this.mongo = mongo;
		this.rows = rows;
	}

	@EventListener(ApplicationReadyEvent.class)
	void create() {
		Mono.when(
				this.mongo.indexOps(Report.class)
					.createIndex(new Index().on("teamId", Sort.Direction.ASC).on("deletedAt", Sort.Direction.ASC)
						.on("_id", Sort.Direction.DESC).named("team_live")),
				this.mongo.indexOps(Report.class)
					.createIndex(new Index().on("nextRunAt", Sort.Direction.ASC).sparse().named("next_run")),
				this.mongo.indexOps(ReportRun.class)
					.createIndex(new Index().on("teamId", Sort.Direction.ASC).on("reportId", Sort.Direction.ASC)
						.on("_id", Sort.Direction.DESC).named("team_report")),
				this.rows.createIndexes())
			.subscribe(null, (ex) -> log.warn("Could not create the reports indexes: {}", ex.toString()));
	}

}
