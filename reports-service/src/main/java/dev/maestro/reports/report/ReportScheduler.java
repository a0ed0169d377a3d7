package dev.maestro.reports.report;

import java.time.Duration;
import java.time.Instant;

import dev.maestro.reports.ReportsProperties;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.core.SimpleLock;
import net.javacrumbs.shedlock.provider.mongo.reactivestreams.ReactiveStreamsMongoLockProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.context.SmartLifecycle;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.stereotype.Component;

/**
 * Submits the refreshes of scheduled reports, once per due time across all replicas. Every tick
 * first takes a ShedLock in MongoDB ({@code shedlock} collection), so one replica looks for due
 * reports at a time; each due report is then claimed by moving its {@code nextRunAt} atomically
 * ({@link ReportService#claimDue}), so even a tick that outlived its lock cannot run a report
 * twice. Missed times (all replicas were down) give one run, not one per missed time. A report
 * whose previous run is still going is not run again; its next time is claimed all the same.
 */
@Component
public class ReportScheduler implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(ReportScheduler.class);

	static final String LOCK_NAME = "reports-schedule";

	private final ReportService reports;

	private final ReportsProperties.Schedule settings;

	private final Mono<LockProvider> locks;

	private volatile Disposable ticking;

	ReportScheduler(ReportService reports, ReactiveMongoTemplate mongo, ReportsProperties properties) {
		this.reports = reports;
		this.settings = properties.schedule();
		this.locks = mongo.getMongoDatabase()
			.map((database) -> (LockProvider) new ReactiveStreamsMongoLockProvider(database.getCollection("shedlock")))
			.cache();
	}

	/** One tick: under the lock, claims and submits every due report. Emits how many ran. */
	public Mono<Long> tick() {
		LockConfiguration configuration = new LockConfiguration(Instant.now(), LOCK_NAME, this.settings.lockAtMostFor(),
				Duration.ZERO);
		Mono<java.util.Optional<SimpleLock>> lock = this.locks
			.flatMap((provider) -> Mono.fromCallable(() -> provider.lock(configuration))
				.subscribeOn(Schedulers.boundedElastic()));
		return lock.flatMap((held) -> held.isEmpty() ? Mono.just(0L)
				: Mono.usingWhen(Mono.just(held.get()), (acquired) -> runDue(),
						(acquired) -> Mono.fromRunnable(acquired::unlock).subscribeOn(Schedulers.boundedElastic())));
	}

	private Mono<Long> runDue() {
		Instant now = Instant.now();
		return this.reports.due(now, this.settings.batchSize()).concatMap((due) -> {
			Instant next = due.schedule().nextAfter(now);
			return this.reports.claimDue(due, next).flatMap((claimed) -> {
				if (claimed.status() != null && claimed.status().inProgress() && claimed.currentRunId() != null) {
					log.info("Report {} is due but its run {} is still going; skipped", claimed.id(),
							claimed.currentRunId());
					return Mono.empty();
				}
				return this.reports.requestRun(claimed, ReportService.TRIGGER_SCHEDULE, "scheduler");
			});
		}).count();
	}

	@Override
	public void start() {
		if (!this.settings.enabled()) {
			return;
		}
		this.ticking = Flux.interval(this.settings.tick(), this.settings.tick())
			.onBackpressureDrop()
			.concatMap((i) -> tick().onErrorResume((ex) -> {
				log.warn("Scheduled reports could not be checked: {}", ex.toString());
				return Mono.just(0L);
			}), 1)
			.subscribe();
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
		return this.ticking != null && !this.ticking.isDisposed();
	}

}
