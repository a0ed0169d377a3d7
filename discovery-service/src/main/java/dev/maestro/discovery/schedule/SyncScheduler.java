package dev.maestro.discovery.schedule;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.maestro.discovery.DiscoveryProperties;
import dev.maestro.discovery.connection.Connection;
import dev.maestro.discovery.connection.ConnectionService;
import dev.maestro.discovery.provider.Provider;
import dev.maestro.discovery.provider.ProviderTask;
import dev.maestro.discovery.sync.SyncRun;
import dev.maestro.discovery.sync.SyncService;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.core.SimpleLock;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.context.SmartLifecycle;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.ReactiveMongoOperations;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/**
 * Submits the syncs that are due. Every {@code maestro.discovery.scheduler.tick} one replica —
 * the one that takes the ShedLock lock {@code discovery-scheduler} in MongoDB — looks at each
 * connection's tasks: a task is due when its last execution (any region) started, and its
 * newest sync was requested, longer ago than its interval. A connection's due tasks go out as one sync; a task already being synced
 * is left alone (and {@code RunLease} would refuse a second run anyway).
 */
@Component
class SyncScheduler implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(SyncScheduler.class);

	/** How many of a connection's newest syncs are read to see when each task was last requested. */
	private static final int RECENT_SYNCS = 50;

	private final LockProvider locks;

	private final ConnectionService connections;

	private final SyncService syncs;

	private final ReactiveMongoOperations mongo;

	private final DiscoveryProperties.Scheduler settings;

	private volatile Disposable ticking;

	SyncScheduler(LockProvider locks, ConnectionService connections, SyncService syncs, ReactiveMongoOperations mongo,
			DiscoveryProperties properties) {
		this.locks = locks;
		this.connections = connections;
		this.syncs = syncs;
		this.mongo = mongo;
		this.settings = properties.scheduler();
	}

	@Override
	public void start() {
		if (!this.settings.enabled()) {
			return;
		}
		this.ticking = Flux.interval(this.settings.tick(), this.settings.tick(), Schedulers.boundedElastic())
			.onBackpressureDrop()
			.concatMap((tick) -> tick().onErrorResume((ex) -> {
				log.warn("Scheduler tick failed, the next one will try again: {}", ex.toString());
				return Mono.empty();
			}), 1)
			.subscribe();
	}

	/** One tick: under the lock, submit every due sync; answers how many were submitted. */
	Mono<Long> tick() {
		LockConfiguration lock = new LockConfiguration(Instant.now(), "discovery-scheduler",
				this.settings.lockAtMostFor(), Duration.ZERO);
		return Mono.fromCallable(() -> this.locks.lock(lock))
			.subscribeOn(Schedulers.boundedElastic())
			.flatMap((Optional<SimpleLock> held) -> held.map((simpleLock) -> submitDue(Instant.now())
				.doFinally((signal) -> Schedulers.boundedElastic().schedule(simpleLock::unlock)))
				.orElseGet(() -> Mono.just(0L)));
	}

	Mono<Long> submitDue(Instant now) {
		return this.connections.all()
			.concatMap((connection) -> due(connection, now).filter((tasks) -> !tasks.isEmpty())
				.flatMap((tasks) -> this.syncs.submit(connection, tasks, "SCHEDULE", "scheduler", null)))
			.count();
	}

	/**
	 * The connection's tasks whose interval has passed since they last ran. A task "last ran" when
	 * the newest of its executions started or the newest sync that includes it was requested,
	 * whichever is later: a sync is written before its executions are, so a tick that falls
	 * between a sync's end and its executions being recorded (or after a sync that failed before
	 * any execution) must not take the task for never run and submit it again.
	 */
	private Mono<List<String>> due(Connection connection, Instant now) {
		Provider provider = this.connections.provider(connection);
		if (provider == null) {
			return Mono.empty();
		}
		Criteria ofConnection = Criteria.where("connectionId").is(connection.id());
		Flux<Map.Entry<String, Instant>> executed = this.mongo
			.find(Query.query(ofConnection), Document.class, "executions")
			.filter((execution) -> execution.get("startedAt") instanceof java.util.Date)
			.map((execution) -> Map.entry(execution.getString("task"), execution.getDate("startedAt").toInstant()));
		Flux<Map.Entry<String, Instant>> requested = this.mongo
			.find(Query.query(ofConnection)
				.with(Sort.by(Sort.Direction.DESC, "createdAt"))
				.limit(RECENT_SYNCS), SyncRun.class)
			.filter((sync) -> sync.createdAt() != null)
			.flatMapIterable((sync) -> sync.tasks().stream().map((task) -> Map.entry(task, sync.createdAt())).toList());
		return Flux.concat(executed, requested).collectList().map((runs) -> {
			Map<String, Instant> last = new HashMap<>();
			for (Map.Entry<String, Instant> run : runs) {
				last.merge(run.getKey(), run.getValue(), (a, b) -> a.isAfter(b) ? a : b);
			}
			List<String> due = new ArrayList<>();
			for (ProviderTask task : provider.tasks()) {
				Duration interval = connection.interval(task);
				Instant previous = last.get(task.id());
				if (interval != null && (previous == null || !previous.plus(interval).isAfter(now))) {
					due.add(task.id());
				}
			}
			return due;
		});
	}

	@Override
	public void stop() {
		Disposable current = this.ticking;
		if (current != null) {
			current.dispose();
		}
		this.ticking = null;
	}

	@Override
	public boolean isRunning() {
		return this.ticking != null;
	}

}
