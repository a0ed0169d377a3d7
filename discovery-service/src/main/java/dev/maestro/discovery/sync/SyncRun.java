package dev.maestro.discovery.sync;

import java.time.Instant;
import java.util.List;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * One sync of a connection: its status, what it counted and how far it got.
 *
 * @param id the sync's id
 * @param teamId the connection's team
 * @param connectionId the connection
 * @param status where it stands
 * @param tasks the tasks it runs
 * @param trigger {@code MANUAL} or {@code SCHEDULE}
 * @param requestedBy who asked (user id, or {@code scheduler})
 * @param counts records created, updated, unchanged, orphaned and failed
 * @param progress pages and records fetched so far
 * @param createdAt when it was requested
 * @param startedAt when a worker started it
 * @param finishedAt when it ended (or stopped to wait for confirmation)
 * @param error why it failed
 * @param scopes the outcome of each task × region
 * @param cutoff for a sync waiting for confirmation: records of its pending scopes last seen
 * before this time are the ones to orphan
 * @param pendingScopes the scopes whose orphans wait for confirmation
 * @param decision {@code CONFIRMED} or {@code REJECTED} once someone decided
 */
@Document("syncs")
public record SyncRun(@Id String id, String teamId, String connectionId, Status status, List<String> tasks,
		String trigger, String requestedBy, Counts counts, Progress progress, Instant createdAt, Instant startedAt,
		Instant finishedAt, String error, List<Scope> scopes, Instant cutoff, List<Scope> pendingScopes,
		String decision) {

	public SyncRun {
		tasks = (tasks != null) ? List.copyOf(tasks) : List.of();
		counts = (counts != null) ? counts : new Counts(0, 0, 0, 0, 0);
		progress = (progress != null) ? progress : new Progress(0, 0);
		scopes = (scopes != null) ? List.copyOf(scopes) : List.of();
		pendingScopes = (pendingScopes != null) ? List.copyOf(pendingScopes) : List.of();
	}

	public enum Status {

		PENDING, RUNNING, SUCCEEDED, FAILED, AWAITING_CONFIRMATION;

		boolean active() {
			return this == PENDING || this == RUNNING || this == AWAITING_CONFIRMATION;
		}

	}

	public record Counts(long created, long updated, long unchanged, long orphaned, long failed) {

		Counts plus(Counts other) {
			return new Counts(this.created + other.created, this.updated + other.updated,
					this.unchanged + other.unchanged, this.orphaned + other.orphaned, this.failed + other.failed);
		}

	}

	public record Progress(long pages, long records) {
	}

	/**
	 * The last execution of one connection × task × region within this sync.
	 *
	 * @param task the task
	 * @param region the region ({@code default} or {@code global} for scopes without one)
	 * @param collection the inventory collection it fills
	 * @param status SUCCEEDED or FAILED
	 * @param pages pages fetched
	 * @param records records fetched
	 * @param error why it failed
	 */
	public record Scope(String task, String region, String collection, String status, long pages, long records,
			String error) {
	}

	SyncRun with(Status status, Instant finishedAt, String error) {
		return new SyncRun(this.id, this.teamId, this.connectionId, status, this.tasks, this.trigger, this.requestedBy,
				this.counts, this.progress, this.createdAt, this.startedAt, finishedAt, error, this.scopes, this.cutoff,
				this.pendingScopes, this.decision);
	}

}
