package dev.maestro.discovery.sync;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeoutException;

import dev.maestro.discovery.connection.Connection;
import dev.maestro.discovery.connection.ConnectionService;
import dev.maestro.discovery.provider.Provider;
import dev.maestro.discovery.provider.ProviderTask;
import dev.maestro.discovery.sync.SyncRun.Status;
import dev.maestro.request.messaging.EventEnvelope;
import dev.maestro.request.messaging.EventPublisher;
import dev.maestro.request.messaging.MessageTypes;
import dev.maestro.request.web.FieldError;
import dev.maestro.request.web.ProblemException;
import dev.maestro.request.web.Problems;
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
 * Asks for syncs, lists them, and decides the ones waiting for confirmation. A second sync of
 * a connection while one with an overlapping task is pending, running or waiting is refused
 * with 409; across replicas, {@link RunLease} keeps it to one run per connection × task.
 * Submitting is atomic per connection: the check for an active sync and the insert of the new
 * one happen under a short per-connection {@link RunLease}, so two requests at the same
 * moment (two users, a user and the scheduler, two replicas) cannot both start a sync.
 */
@Service
public class SyncService {

	static final Set<String> SORTS = Set.of("createdAt", "startedAt", "finishedAt", "status");

	/** How long a submit may hold its connection's lock; a replica that dies mid-submit frees it after this. */
	static final Duration SUBMIT_LOCK = Duration.ofSeconds(10);

	/** How long a submit waits for another submit of the same connection to finish its check. */
	private static final Duration SUBMIT_WAIT = Duration.ofSeconds(5);

	private static final Duration SUBMIT_POLL = Duration.ofMillis(25);

	private final ReactiveMongoOperations mongo;

	private final ConnectionService connections;

	private final EventPublisher publisher;

	private final SyncPipeline pipeline;

	private final Tracker tracker;

	private final RunLease leases;

	SyncService(ReactiveMongoOperations mongo, ConnectionService connections, EventPublisher publisher,
			SyncPipeline pipeline, Tracker tracker, RunLease leases) {
		this.mongo = mongo;
		this.connections = connections;
		this.publisher = publisher;
		this.pipeline = pipeline;
		this.tracker = tracker;
		this.leases = leases;
	}

	/** Validates the tasks and submits a sync job; 409 when an overlapping sync is under way. */
	Mono<SyncRun> request(String teamId, String connectionId, Object tasks, String requestedBy, String requestId) {
		return this.connections.get(teamId, connectionId).flatMap((connection) -> {
			List<String> chosen = tasks(this.connections.provider(connection), tasks);
			return submit(connection, chosen, "MANUAL", requestedBy, requestId).switchIfEmpty(Mono.error(() -> new ProblemException(
					Problems.conflict("A sync of this connection with one of the tasks " + chosen
							+ " is already under way; wait for it to end"))));
		});
	}

	/**
	 * Stores a PENDING sync and submits its job, unless a sync sharing a task is active: then
	 * empty. The job goes through the outbox, so it is not lost while the broker is away.
	 */
	public Mono<SyncRun> submit(Connection connection, List<String> tasks, String trigger, String requestedBy,
			String requestId) {
		Query active = Query.query(Criteria.where("connectionId").is(connection.id())
			.and("status").in(Status.PENDING.name(), Status.RUNNING.name(), Status.AWAITING_CONFIRMATION.name())
			.and("tasks").in(tasks));
		String syncId = UUID.randomUUID().toString();
		// Created under the lock, so that createdAt orders the syncs of a connection as they were accepted.
		Mono<SyncRun> checkAndInsert = this.mongo.exists(active, SyncRun.class)
			.flatMap((busy) -> busy ? Mono.<SyncRun>empty()
					: this.mongo.insert(new SyncRun(syncId, connection.teamId(), connection.id(), Status.PENDING, tasks,
							trigger, requestedBy, null, null, Instant.now(), null, null, null, null, null, null, null)));
		return Mono.usingWhen(lockSubmits(connection.id(), syncId), (locked) -> checkAndInsert,
				(locked) -> unlockSubmits(connection.id(), syncId))
			.flatMap((saved) -> this.publisher.submitJob(EventEnvelope.of(MessageTypes.SYNC_REQUESTED, saved.teamId(),
					requestId, Map.of("syncId", saved.id(), "connectionId", saved.connectionId())))
				.thenReturn(saved));
	}

	/**
	 * Takes the connection's submit lock (a {@link RunLease} of its own), waiting while another
	 * submit holds it; fails with 503 if it stays held.
	 */
	private Mono<Boolean> lockSubmits(String connectionId, String holder) {
		return Mono.defer(() -> this.leases.take(submitLock(connectionId), holder, SUBMIT_LOCK))
			.filter(Boolean::booleanValue)
			.repeatWhenEmpty((empties) -> empties.delayElements(SUBMIT_POLL))
			.timeout(SUBMIT_WAIT)
			.onErrorMap(TimeoutException.class, (ex) -> new ProblemException(Problems
				.unavailable("Another sync request of this connection is being submitted; try again")));
	}

	private Mono<Void> unlockSubmits(String connectionId, String holder) {
		return this.leases.free(submitLock(connectionId), holder);
	}

	private static String submitLock(String connectionId) {
		return "submit|" + connectionId;
	}

	private static List<String> tasks(Provider provider, Object value) {
		if (value == null) {
			return provider.tasks().stream().map(ProviderTask::id).toList();
		}
		List<FieldError> errors = new ArrayList<>();
		List<String> tasks = new ArrayList<>();
		if (!(value instanceof List<?> list) || list.isEmpty()) {
			throw new ProblemException(Problems.invalid("tasks", "must be a non-empty array of task ids of provider "
					+ provider.id() + " " + provider.tasks().stream().map(ProviderTask::id).toList()));
		}
		for (int i = 0; i < list.size(); i++) {
			Object task = list.get(i);
			if (!(task instanceof String id) || provider.task(id) == null) {
				errors.add(new FieldError("tasks[" + i + "]", "must be one of "
						+ provider.tasks().stream().map(ProviderTask::id).toList()));
			}
			else if (!tasks.contains(id)) {
				tasks.add(id);
			}
		}
		if (!errors.isEmpty()) {
			throw new ProblemException(Problems.invalid("The sync request is not valid", errors));
		}
		return tasks;
	}

	Mono<SyncRun> get(String teamId, String connectionId, String syncId) {
		return this.mongo
			.findOne(Query.query(Criteria.where("_id").is(syncId).and("teamId").is(teamId).and("connectionId").is(connectionId)),
					SyncRun.class)
			.switchIfEmpty(Mono.error(() -> new ProblemException(Problems.notFound("Sync", syncId))));
	}

	Flux<SyncRun> list(String teamId, String connectionId, Sort sort, long offset, int limit) {
		return this.mongo.find(Query.query(Criteria.where("teamId").is(teamId).and("connectionId").is(connectionId))
			.with(sort.and(Sort.by("_id")))
			.skip(offset)
			.limit(limit), SyncRun.class);
	}

	/** Orphans what a waiting sync found gone, then ends it SUCCEEDED. */
	Mono<SyncRun> confirm(String teamId, String connectionId, String syncId, String who) {
		return decide(teamId, connectionId, syncId, "CONFIRMING").flatMap((run) -> {
			List<Tracker.Scope> scopes = run.pendingScopes()
				.stream()
				.map((s) -> new Tracker.Scope(s.task(), s.region(), s.collection()))
				.toList();
			return this.pipeline.orphan(run, scopes, run.cutoff())
				.flatMap((orphaned) -> this.pipeline
					.tombstone(run, scopes.stream().map(Tracker.Scope::collection).collect(java.util.stream.Collectors.toSet()))
					.then(this.mongo.findAndModify(Query.query(Criteria.where("_id").is(run.id())),
							new Update().set("status", Status.SUCCEEDED)
								.set("decision", "CONFIRMED by " + who)
								.set("finishedAt", Instant.now())
								.inc("counts.orphaned", orphaned)
								.unset("error")
								.unset("pendingScopes"),
							FindAndModifyOptions.options().returnNew(true), SyncRun.class)))
				.onErrorResume((ex) -> !(ex instanceof ProblemException),
						(ex) -> this.mongo
							.updateFirst(Query.query(Criteria.where("_id").is(run.id())),
									new Update().set("decision", null), SyncRun.class)
							.then(Mono.error(ex)));
		}).flatMap((done) -> this.pipeline.announce(done).thenReturn(done));
	}

	/** Keeps every record a waiting sync found gone; the sync ends SUCCEEDED with nothing orphaned. */
	Mono<SyncRun> reject(String teamId, String connectionId, String syncId, String who) {
		return decide(teamId, connectionId, syncId, "REJECTING")
			.flatMap((run) -> this.mongo.findAndModify(Query.query(Criteria.where("_id").is(run.id())),
					new Update().set("status", Status.SUCCEEDED)
						.set("decision", "REJECTED by " + who)
						.set("finishedAt", Instant.now())
						.unset("error")
						.unset("pendingScopes"),
					FindAndModifyOptions.options().returnNew(true), SyncRun.class))
			.flatMap((done) -> this.pipeline.announce(done).thenReturn(done));
	}

	/** Claims the decision on a waiting sync, once: a second decision gets a 409. */
	private Mono<SyncRun> decide(String teamId, String connectionId, String syncId, String marker) {
		return get(teamId, connectionId, syncId).flatMap((run) -> this.mongo
			.findAndModify(Query.query(Criteria.where("_id").is(syncId)
				.and("status").is(Status.AWAITING_CONFIRMATION.name())
				.and("decision").is(null)), new Update().set("decision", marker),
					FindAndModifyOptions.options().returnNew(true), SyncRun.class)
			.switchIfEmpty(Mono.error(() -> new ProblemException(
					Problems.conflict("Sync " + syncId + " is " + run.status() + "; only a sync awaiting confirmation can be decided")))));
	}

	/** Forgets a deleted connection's syncs and tracker. */
	public Mono<Void> forget(String connectionId) {
		return this.tracker.forget(connectionId)
			.then(this.mongo.remove(Query.query(Criteria.where("connectionId").is(connectionId)), SyncRun.class))
			.then(this.mongo.remove(Query.query(Criteria.where("connectionId").is(connectionId)), "executions"))
			.then();
	}

	/** The team's connection (a 404 otherwise). */
	Mono<Connection> get(String teamId, String connectionId) {
		return this.connections.get(teamId, connectionId);
	}

	/** The last execution of each task × region of a connection. */
	Flux<org.bson.Document> executions(String connectionId) {
		return this.mongo.find(Query.query(Criteria.where("connectionId").is(connectionId)).with(Sort.by("task", "region")),
				org.bson.Document.class, "executions");
	}

}
