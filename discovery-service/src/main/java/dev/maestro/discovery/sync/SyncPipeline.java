package dev.maestro.discovery.sync;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import dev.maestro.discovery.DiscoveryProperties;
import dev.maestro.discovery.connection.Connection;
import dev.maestro.discovery.connection.ConnectionService;
import dev.maestro.discovery.provider.Discovered;
import dev.maestro.discovery.provider.Page;
import dev.maestro.discovery.provider.Provider;
import dev.maestro.discovery.provider.ProviderContext;
import dev.maestro.discovery.provider.ProviderTask;
import dev.maestro.discovery.sync.SyncRun.Counts;
import dev.maestro.discovery.sync.SyncRun.Status;
import dev.maestro.request.messaging.EventEnvelope;
import dev.maestro.request.messaging.EventPublisher;
import dev.maestro.request.messaging.MessageTypes;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.data.mongodb.core.ReactiveMongoOperations;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * Runs a sync, provider-independent: fetch every task × region (concurrently, within
 * {@code maestro.discovery.concurrency}) → skip what the tracker says is unchanged → upsert the
 * rest through inventory in batches → and only when every scope was fetched completely, orphan
 * what the provider no longer reports (unless that is more than the allowed share, which waits
 * for confirmation) and tombstone orphans past their grace period.
 */
@Component
class SyncPipeline {

	private static final Logger log = LoggerFactory.getLogger(SyncPipeline.class);

	private final ReactiveMongoOperations mongo;

	private final ConnectionService connections;

	private final Tracker tracker;

	private final InventoryClient inventory;

	private final RunLease leases;

	private final EventPublisher publisher;

	private final DiscoveryProperties properties;

	SyncPipeline(ReactiveMongoOperations mongo, ConnectionService connections, Tracker tracker,
			InventoryClient inventory, RunLease leases, EventPublisher publisher, DiscoveryProperties properties) {
		this.mongo = mongo;
		this.connections = connections;
		this.tracker = tracker;
		this.inventory = inventory;
		this.leases = leases;
		this.publisher = publisher;
		this.properties = properties;
	}

	/** Runs the sync to its end; failures of the provider or inventory end it FAILED, not in error. */
	Mono<Void> run(SyncRun requested) {
		return this.mongo.findOne(Query.query(Criteria.where("_id").is(requested.connectionId())), Connection.class)
			.map(java.util.Optional::of)
			.defaultIfEmpty(java.util.Optional.empty())
			.flatMap((found) -> {
				if (found.isEmpty()) {
					return finish(requested, Status.FAILED, "connection " + requested.connectionId() + " no longer exists",
							Counts0.ZERO, List.of());
				}
				Connection connection = found.get();
				return leaseAll(connection, requested).flatMap((refusal) -> {
					if (!refusal.isEmpty()) {
						return finish(requested, Status.FAILED, refusal, Counts0.ZERO, List.of());
					}
					return start(requested).flatMap((run) -> execute(connection, run))
						.doFinally((signal) -> releaseAll(requested).subscribe());
				});
			})
			.then();
	}

	private Mono<String> leaseAll(Connection connection, SyncRun run) {
		return Flux.fromIterable(run.tasks())
			.concatMap((task) -> this.leases.acquire(connection.id(), task, run.id(), this.properties.lease())
				.flatMap((held) -> held ? Mono.just("")
						: this.leases.holder(connection.id(), task)
							.defaultIfEmpty("another sync")
							.map((holder) -> "task " + task + " of this connection is being synced by " + holder)))
			.filter((refusal) -> !refusal.isEmpty())
			.next()
			.defaultIfEmpty("");
	}

	private Mono<Void> releaseAll(SyncRun run) {
		return Flux.fromIterable(run.tasks()).concatMap((task) -> this.leases.release(run.connectionId(), task, run.id())).then();
	}

	private Mono<SyncRun> start(SyncRun run) {
		// A redelivered job (its worker died) starts over: upserts are keyed, so nothing doubles.
		Update update = new Update().set("status", Status.RUNNING)
			.set("startedAt", Instant.now())
			.set("counts", new Counts(0, 0, 0, 0, 0))
			.set("progress", new SyncRun.Progress(0, 0))
			.set("scopes", List.of())
			.unset("error");
		return this.mongo.findAndModify(Query.query(Criteria.where("_id").is(run.id())), update,
				org.springframework.data.mongodb.core.FindAndModifyOptions.options().returnNew(true), SyncRun.class);
	}

	private Mono<Void> execute(Connection connection, SyncRun run) {
		Provider provider = this.connections.provider(connection);
		if (provider == null) {
			return finish(run, Status.FAILED, "provider " + connection.provider() + " is not available", Counts0.ZERO,
					List.of());
		}
		List<Tracker.Scope> scopes = new ArrayList<>();
		for (String taskId : run.tasks()) {
			ProviderTask task = provider.task(taskId);
			for (String region : connection.scopes(provider, task)) {
				scopes.add(new Tracker.Scope(taskId, region, task.collection()));
			}
		}
		return Mono.fromCallable(() -> this.connections.context(connection))
			.subscribeOn(Schedulers.boundedElastic())
			.flatMap((context) -> Flux.fromIterable(scopes)
				.flatMap((scope) -> fetchScope(provider, context, run, scope), Math.max(1, this.properties.concurrency()))
				.collectList())
			.flatMap((outcomes) -> {
				List<SyncRun.Scope> failed = outcomes.stream().filter((o) -> "FAILED".equals(o.status())).toList();
				if (!failed.isEmpty()) {
					String why = String.join("; ", failed.stream().map((o) -> o.task() + "/" + o.region() + ": " + o.error()).toList());
					return finish(run, Status.FAILED, "fail before cleanup: " + why, Counts0.ZERO, outcomes);
				}
				return cleanup(run, scopes, outcomes);
			})
			.onErrorResume((ex) -> !(ex instanceof org.springframework.dao.DataAccessException),
					(ex) -> finish(run, Status.FAILED, "fail before cleanup: " + message(ex), Counts0.ZERO, List.of()));
	}

	/** Fetches one scope to its end; its outcome says whether every page made it. */
	private Mono<SyncRun.Scope> fetchScope(Provider provider, ProviderContext context, SyncRun run,
			Tracker.Scope scope) {
		AtomicLong pages = new AtomicLong();
		AtomicLong records = new AtomicLong();
		return provider.fetch(context, provider.task(scope.task()), scope.region())
			.concatMap((page) -> process(run, scope, page).doOnSuccess((ignored) -> {
				pages.incrementAndGet();
				records.addAndGet(page.records().size());
			}))
			.then(Mono.fromSupplier(() -> new SyncRun.Scope(scope.task(), scope.region(), scope.collection(), "SUCCEEDED",
					pages.get(), records.get(), null)))
			.onErrorResume((ex) -> !(ex instanceof org.springframework.dao.DataAccessResourceFailureException), (ex) -> {
				log.warn("Sync {} scope {}/{} failed: {}", run.id(), scope.task(), scope.region(), message(ex));
				return Mono.just(new SyncRun.Scope(scope.task(), scope.region(), scope.collection(), "FAILED",
						pages.get(), records.get(), message(ex)));
			});
	}

	/** One page: skip unchanged records, upsert the others in batches, remember what was seen. */
	private Mono<Void> process(SyncRun run, Tracker.Scope scope, Page page) {
		Map<String, Discovered> byId = new LinkedHashMap<>();
		page.records().forEach((record) -> byId.put(record.providerId(), record));
		Map<String, Set<String>> refs = new LinkedHashMap<>();
		byId.values()
			.forEach((record) -> refs.computeIfAbsent(record.refCollection(), (c) -> new LinkedHashSet<>())
				.addAll(record.serverRefs()));
		Instant now = Instant.now();
		return Flux.fromIterable(refs.entrySet())
			.concatMap((entry) -> this.tracker.inventoryIds(run.connectionId(), entry.getKey(), entry.getValue())
				.map((ids) -> {
					Map<String, String> keyed = new HashMap<>();
					ids.forEach((providerId, inventoryId) -> keyed.put(entry.getKey() + "|" + providerId, inventoryId));
					return keyed;
				}))
			.reduce(new HashMap<String, String>(), (all, some) -> {
				all.putAll(some);
				return all;
			})
			.map((all) -> (Map<String, String>) all)
			.zipWith(this.tracker.find(run.connectionId(), scope.collection(), byId.keySet()))
			.flatMap((found) -> {
				Map<String, String> servers = found.getT1();
				Map<String, Document> known = found.getT2();
				List<InventoryClient.Item> changed = new ArrayList<>();
				Map<String, String> checksums = new HashMap<>();
				List<String> unchanged = new ArrayList<>();
				for (Discovered record : byId.values()) {
					Map<String, Object> body = withTargets(record, servers);
					String checksum = Checksums.of(body);
					Document tracked = known.get(record.providerId());
					if (tracked != null && checksum.equals(tracked.getString("checksum"))
							&& tracked.get("orphanedAt") == null && tracked.getString("inventoryId") != null) {
						unchanged.add(record.providerId());
					}
					else {
						checksums.put(record.providerId(), checksum);
						changed.add(new InventoryClient.Item(record.providerId(), body));
					}
				}
				Counts skipped = new Counts(0, 0, unchanged.size(), 0, 0);
				return this.tracker.seen(run.connectionId(), scope, unchanged, now)
					.then(Flux.fromIterable(partition(changed, this.properties.batchSize()))
						.concatMap((batch) -> upsert(run, scope, batch, checksums, now))
						.reduce(skipped, Counts::plus))
					.flatMap((counts) -> count(run, counts, 1, byId.size()));
			});
	}

	private static Map<String, Object> withTargets(Discovered record, Map<String, String> servers) {
		if (record.serverRefs().isEmpty()) {
			return record.body();
		}
		List<String> targets = record.serverRefs()
			.stream()
			.map((ref) -> servers.get(record.refCollection() + "|" + ref)).filter((id) -> id != null).distinct().sorted().toList();
		Map<String, Object> body = new LinkedHashMap<>(record.body());
		if (!targets.isEmpty()) {
			body.put("targets", targets);
		}
		return body;
	}

	private Mono<Counts> upsert(SyncRun run, Tracker.Scope scope, List<InventoryClient.Item> batch,
			Map<String, String> checksums, Instant now) {
		return this.inventory.discovered(run.teamId(), scope.collection(), run.connectionId(), batch).flatMap((answer) -> {
			List<Tracker.Sent> sent = new ArrayList<>();
			for (InventoryClient.Outcome outcome : answer.items()) {
				boolean ok = !"FAILED".equals(outcome.result()) && outcome.id() != null;
				if (!ok) {
					log.info("Sync {}: inventory refused {} {}: {}", run.id(), scope.collection(), outcome.providerId(),
							outcome.problem());
				}
				sent.add(new Tracker.Sent(outcome.providerId(), ok ? outcome.id() : null,
						checksums.get(outcome.providerId())));
			}
			return this.tracker.sent(run.teamId(), run.connectionId(), scope, sent, now)
				.thenReturn(new Counts(answer.created(), answer.updated(), answer.unchanged(), 0, answer.failed()));
		});
	}

	private Mono<Void> count(SyncRun run, Counts counts, long pages, long records) {
		Update update = new Update().inc("counts.created", counts.created())
			.inc("counts.updated", counts.updated())
			.inc("counts.unchanged", counts.unchanged())
			.inc("counts.orphaned", counts.orphaned())
			.inc("counts.failed", counts.failed())
			.inc("progress.pages", pages)
			.inc("progress.records", records);
		return this.mongo.updateFirst(Query.query(Criteria.where("_id").is(run.id())), update, SyncRun.class).then();
	}

	/** Every scope was fetched completely: orphan the unseen, unless that is too many. */
	private Mono<Void> cleanup(SyncRun run, List<Tracker.Scope> scopes, List<SyncRun.Scope> outcomes) {
		Instant cutoff = run.startedAt();
		Map<String, List<Tracker.Scope>> byCollection = new LinkedHashMap<>();
		scopes.forEach((scope) -> byCollection.computeIfAbsent(scope.collection(), (c) -> new ArrayList<>()).add(scope));
		return Flux.fromIterable(byCollection.entrySet())
			.concatMap((entry) -> Flux.fromIterable(entry.getValue())
				.concatMap((scope) -> this.tracker.unseen(run.connectionId(), scope, cutoff))
				.count()
				.zipWith(this.tracker.active(run.connectionId(), entry.getKey()))
				.filter((pair) -> pair.getT2() > 0
						&& (double) pair.getT1() / pair.getT2() > this.properties.maxOrphanShare())
				.map((pair) -> entry.getKey() + " (" + pair.getT1() + " of " + pair.getT2() + ")"))
			.collectList()
			.flatMap((tooMany) -> {
				if (!tooMany.isEmpty()) {
					return awaitConfirmation(run, scopes, outcomes, cutoff, tooMany);
				}
				return orphan(run, scopes, cutoff).flatMap((orphaned) -> tombstone(run, byCollection.keySet())
					.then(finish(run, Status.SUCCEEDED, null, new Counts(0, 0, 0, orphaned, 0), outcomes)));
			});
	}

	/** Orphans the records of {@code scopes} last seen before {@code cutoff}; answers how many. */
	Mono<Long> orphan(SyncRun run, List<Tracker.Scope> scopes, Instant cutoff) {
		return Flux.fromIterable(scopes)
			.concatMap((scope) -> this.tracker.unseen(run.connectionId(), scope, cutoff)
				.buffer(Math.min(1000, this.properties.batchSize()))
				.concatMap((ids) -> this.inventory.orphans(run.teamId(), scope.collection(), run.connectionId(), ids)
					.flatMap((orphaned) -> this.tracker.orphaned(run.connectionId(), scope.collection(), ids, Instant.now())
						.thenReturn(orphaned))))
			.reduce(0L, Long::sum);
	}

	/** Tombstones orphans older than the grace period in these collections. */
	Mono<Void> tombstone(SyncRun run, Set<String> collections) {
		Instant before = Instant.now().minus(this.properties.orphanGrace());
		return Flux.fromIterable(collections)
			.concatMap((collection) -> this.tracker.dueForTombstone(run.connectionId(), collection, before)
				.buffer(Math.min(1000, this.properties.batchSize()))
				.concatMap((ids) -> this.inventory.tombstones(run.teamId(), collection, run.connectionId(), ids)
					.then(this.tracker.tombstoned(run.connectionId(), collection, ids, Instant.now()))))
			.then();
	}

	private Mono<Void> awaitConfirmation(SyncRun run, List<Tracker.Scope> scopes, List<SyncRun.Scope> outcomes,
			Instant cutoff, List<String> tooMany) {
		List<SyncRun.Scope> pending = scopes.stream()
			.map((s) -> new SyncRun.Scope(s.task(), s.region(), s.collection(), "PENDING", 0, 0, null))
			.toList();
		String why = "would orphan more than " + Math.round(this.properties.maxOrphanShare() * 100)
				+ "% of the connection's records in " + String.join(", ", tooMany)
				+ ": confirm or reject the sync";
		Update update = new Update().set("status", Status.AWAITING_CONFIRMATION)
			.set("finishedAt", Instant.now())
			.set("error", why)
			.set("scopes", outcomes)
			.set("cutoff", cutoff)
			.set("pendingScopes", pending);
		return this.mongo.updateFirst(Query.query(Criteria.where("_id").is(run.id())), update, SyncRun.class).then();
	}

	/** Records the end of a sync and announces it. */
	Mono<Void> finish(SyncRun run, Status status, String error, Counts extra, List<SyncRun.Scope> outcomes) {
		Update update = new Update().set("status", status)
			.set("finishedAt", Instant.now())
			.inc("counts.orphaned", extra.orphaned());
		if (!outcomes.isEmpty()) {
			update.set("scopes", outcomes);
		}
		if (error != null) {
			update.set("error", error);
		}
		else {
			update.unset("error");
		}
		return this.mongo
			.findAndModify(Query.query(Criteria.where("_id").is(run.id())), update,
					org.springframework.data.mongodb.core.FindAndModifyOptions.options().returnNew(true), SyncRun.class)
			.flatMap((done) -> recordExecutions(done).then(announce(done)));
	}

	/** The last execution per connection × task × region, for the scheduler and the connection's page. */
	private Mono<Void> recordExecutions(SyncRun run) {
		return Flux.fromIterable(run.scopes())
			.concatMap((scope) -> this.mongo.upsert(
					Query.query(Criteria.where("_id").is(run.connectionId() + "|" + scope.task() + "|" + scope.region())),
					new Update().set("teamId", run.teamId())
						.set("connectionId", run.connectionId())
						.set("task", scope.task())
						.set("region", scope.region())
						.set("syncId", run.id())
						.set("status", scope.status())
						.set("startedAt", run.startedAt())
						.set("finishedAt", run.finishedAt())
						.set("pages", scope.pages())
						.set("records", scope.records())
						.set("error", scope.error()),
					"executions"))
			.then();
	}

	Mono<Void> announce(SyncRun run) {
		if (run.status() != Status.SUCCEEDED && run.status() != Status.FAILED) {
			return Mono.empty();
		}
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("syncId", run.id());
		data.put("connectionId", run.connectionId());
		data.put("status", run.status().name());
		data.put("counts", Map.of("created", run.counts().created(), "updated", run.counts().updated(), "unchanged",
				run.counts().unchanged(), "orphaned", run.counts().orphaned(), "failed", run.counts().failed()));
		if (run.error() != null) {
			data.put("error", run.error());
		}
		String type = (run.status() == Status.SUCCEEDED) ? MessageTypes.SYNC_FINISHED : MessageTypes.SYNC_FAILED;
		return this.publisher.publishEvent(EventEnvelope.of(type, run.teamId(), run.id(), data));
	}

	static <T> List<List<T>> partition(List<T> items, int size) {
		List<List<T>> parts = new ArrayList<>();
		for (int i = 0; i < items.size(); i += size) {
			parts.add(items.subList(i, Math.min(items.size(), i + size)));
		}
		return parts;
	}

	static String message(Throwable ex) {
		String message = ex.getMessage();
		return (message != null && !message.isBlank()) ? message : ex.getClass().getSimpleName();
	}

	/** No extra counts. */
	private static final class Counts0 {

		static final Counts ZERO = new Counts(0, 0, 0, 0, 0);

	}

}
