package dev.maestro.request.messaging;

import reactor.core.publisher.Mono;

/**
 * Does one kind of job from {@value MaestroTopology#JOBS}. Declare it as a bean and the
 * service's {@link JobListeners} consume its queue: a job is handled (retried in-process with
 * back-off on failure), acknowledged once handled, and redelivered to another worker when this
 * one dies mid-job. A job that fails every attempt, or that is redelivered too often (its
 * worker keeps dying), is given to {@link #failed} and parked in {@value MaestroTopology#JOBS_DLQ}.
 *
 * <p>{@link #handle} must be idempotent: after a crash the job runs again, and a job whose
 * work completed is never handled twice (the envelope id is remembered).
 */
public interface JobHandler {

	/** The routing key this handler consumes, one of {@link MessageTypes#JOBS}. */
	String jobType();

	/** Does the work; an error is retried unless it is a {@link JobFailure}. */
	Mono<Void> handle(EventEnvelope job);

	/** The job failed for good: record it (status FAILED with the reason) and announce it. */
	Mono<Void> failed(EventEnvelope job, String reason);

	/** An error that retrying will not cure (bad input, a deleted resource): the job fails at once. */
	class JobFailure extends RuntimeException {

		public JobFailure(String reason) {
			super(reason);
		}

		public JobFailure(String reason, Throwable cause) {
			super(reason, cause);
		}

	}

}
