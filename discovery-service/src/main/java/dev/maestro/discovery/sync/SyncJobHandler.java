package dev.maestro.discovery.sync;

import java.time.Instant;

import dev.maestro.discovery.sync.SyncRun.Status;
import dev.maestro.request.messaging.EventEnvelope;
import dev.maestro.request.messaging.JobHandler;
import dev.maestro.request.messaging.MessageTypes;
import reactor.core.publisher.Mono;

import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.ReactiveMongoOperations;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/** Consumes {@code discovery.sync.requested} jobs: each runs one sync through {@link SyncPipeline}. */
@Component
class SyncJobHandler implements JobHandler {

	private final ReactiveMongoOperations mongo;

	private final SyncPipeline pipeline;

	SyncJobHandler(ReactiveMongoOperations mongo, SyncPipeline pipeline) {
		this.mongo = mongo;
		this.pipeline = pipeline;
	}

	@Override
	public String jobType() {
		return MessageTypes.SYNC_REQUESTED;
	}

	@Override
	public Mono<Void> handle(EventEnvelope job) {
		String syncId = String.valueOf(job.data().get("syncId"));
		return this.mongo.findById(syncId, SyncRun.class)
			.switchIfEmpty(Mono.error(() -> new JobFailure("sync " + syncId + " does not exist")))
			.flatMap((run) -> (run.status() == Status.PENDING || run.status() == Status.RUNNING)
					? this.pipeline.run(run) : Mono.empty());
	}

	@Override
	public Mono<Void> failed(EventEnvelope job, String reason) {
		String syncId = String.valueOf(job.data().get("syncId"));
		Query query = Query.query(Criteria.where("_id").is(syncId)
			.and("status").in(Status.PENDING.name(), Status.RUNNING.name()));
		Update update = new Update().set("status", Status.FAILED).set("error", reason).set("finishedAt", Instant.now());
		return this.mongo.findAndModify(query, update, FindAndModifyOptions.options().returnNew(true), SyncRun.class)
			.flatMap(this.pipeline::announce);
	}

}
