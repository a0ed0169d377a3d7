package dev.maestro.websocket.eventlog;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

import dev.maestro.request.messaging.EventEnvelope;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.ReactiveMongoOperations;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/**
 * The stored history of {@code maestro.events}, for clients that reconnect or poll.
 * <p>
 * Appends are written in the order they are offered, in batches (one round trip each), and a
 * batch completes — in order — before the next one is written. An instance that delivers an event live only after its append
 * completed therefore never shows a client an event the log does not yet hold, and its live
 * order is the log order: a replay that starts after the last event a client saw has neither
 * gaps nor duplicates.
 */
@Component
public class EventLog {

	private static final Logger log = LoggerFactory.getLogger(EventLog.class);

	/** Appends that may wait to be written; more makes the (AMQP consumer) caller wait, which slows the broker. */
	private static final int PENDING_APPENDS = 4096;

	/** Appends written in one round trip at most. */
	private static final int MAX_BATCH = 256;

	private final ReactiveMongoOperations mongo;

	private final LogPositions positions = new LogPositions();

	private final Queue<Append> pending = new ConcurrentLinkedQueue<>();

	private final AtomicInteger pendingCount = new AtomicInteger();

	private final AtomicBoolean writing = new AtomicBoolean();

	EventLog(ReactiveMongoOperations mongo) {
		this.mongo = mongo;
	}

	/**
	 * Stores the event unless the log already has it; completes once it is stored (or found
	 * stored). Appends complete in the order of the calls, each batch before the next is written.
	 */
	public Mono<Void> append(EventEnvelope event) {
		return Mono.defer(() -> {
			Append append = new Append(event, Sinks.one());
			while (this.pendingCount.get() >= PENDING_APPENDS) {
				// Backpressure onto the broker's consumer thread (never a request thread).
				LockSupport.parkNanos(1_000_000);
			}
			this.pendingCount.incrementAndGet();
			this.pending.add(append);
			drain();
			return append.done().asMono();
		});
	}

	/**
	 * Writes what is pending, one batch at a time: whatever queued up while the previous batch was
	 * being written goes in the next round trip, so a burst costs few round trips and a single
	 * event waits for none.
	 */
	private void drain() {
		while (!this.pending.isEmpty() && this.writing.compareAndSet(false, true)) {
			List<Append> batch = new ArrayList<>();
			Append next;
			while (batch.size() < MAX_BATCH && (next = this.pending.poll()) != null) {
				batch.add(next);
			}
			if (batch.isEmpty()) {
				this.writing.set(false);
				continue;
			}
			this.pendingCount.addAndGet(-batch.size());
			write(batch).subscribe(null, null, () -> {
				this.writing.set(false);
				drain();
			});
			return;
		}
	}

	private Mono<Void> write(List<Append> batch) {
		Map<String, EventEnvelope> distinct = new LinkedHashMap<>();
		for (Append append : batch) {
			distinct.putIfAbsent(append.event().id().toString(), append.event());
		}
		// Leave out what is already stored (delivered twice, or by the shared queue and this
		// instance's queue), then insert the rest in one go, in order.
		Query existing = Query.query(Criteria.where("_id").in(distinct.keySet()));
		existing.fields().include("_id");
		return this.mongo.find(existing, Document.class, this.mongo.getCollectionName(StoredEvent.class))
			.map((document) -> document.get("_id").toString())
			.collect(Collectors.toSet())
			.flatMap((stored) -> {
				Instant now = Instant.now();
				List<StoredEvent> fresh = new ArrayList<>();
				distinct.forEach((id, event) -> {
					if (!stored.contains(id)) {
						fresh.add(StoredEvent.of(event, now, this.positions.next()));
					}
				});
				if (fresh.isEmpty()) {
					return Mono.<Void>empty();
				}
				return this.mongo.insertAll(fresh)
					.then()
					// Another replica stored some of them meanwhile, under positions it took later
					// than ours: fall back to one at a time, each under a position taken once the
					// events before it are stored, so none lands ahead of an earlier one.
					.onErrorResume(DuplicateKeyException.class, (race) -> Flux.fromIterable(fresh)
						.concatMap((event) -> this.mongo
							.insert(event.at(this.positions.next()))
							.then()
							.onErrorResume(DuplicateKeyException.class, (duplicate) -> Mono.empty()))
						.then());
			})
			.doOnSuccess((done) -> batch.forEach((append) -> append.done().tryEmitEmpty()))
			.onErrorResume((ex) -> {
				log.warn("Could not store {} event(s): {}", batch.size(), ex.toString());
				batch.forEach((append) -> append.done().tryEmitError(ex));
				return Mono.empty();
			});
	}

	/** Where an event is in the log, or empty when the log does not hold it (unknown or expired). */
	public Mono<Position> positionOf(UUID eventId) {
		return this.mongo.findById(eventId.toString(), StoredEvent.class)
			.map((stored) -> new Position(stored.id(), stored.position()));
	}

	/** The events of the given teams stored after {@code position}, oldest first. */
	public Flux<EventEnvelope> after(Position position, Collection<String> teamIds) {
		return this.mongo.find(afterQuery(position, teamIds), StoredEvent.class).map(StoredEvent::toEnvelope);
	}

	/**
	 * Up to {@code limit} events of the given teams after {@code position} (or the latest
	 * {@code limit} when it is {@code null}), oldest first.
	 */
	public Mono<List<EventEnvelope>> page(Position position, Collection<String> teamIds, int limit) {
		if (position != null) {
			return this.mongo.find(afterQuery(position, teamIds).limit(limit), StoredEvent.class)
				.map(StoredEvent::toEnvelope)
				.collectList();
		}
		Query latest = Query.query(Criteria.where("teamId").in(teamIds))
			.with(Sort.by(Sort.Order.desc("position"), Sort.Order.desc("_id")))
			.limit(limit);
		return this.mongo.find(latest, StoredEvent.class)
			.map(StoredEvent::toEnvelope)
			.collectList()
			.map((newestFirst) -> {
				List<EventEnvelope> oldestFirst = new ArrayList<>(newestFirst);
				Collections.reverse(oldestFirst);
				return oldestFirst;
			});
	}

	private static Query afterQuery(Position position, Collection<String> teamIds) {
		Criteria later = new Criteria().orOperator(Criteria.where("position").gt(position.position()),
				Criteria.where("position").is(position.position()).and("_id").gt(position.eventId()));
		return Query.query(new Criteria().andOperator(Criteria.where("teamId").in(teamIds), later))
			.with(Sort.by(Sort.Order.asc("position"), Sort.Order.asc("_id")));
	}

	/**
	 * A place in the log.
	 *
	 * @param eventId the event stored there
	 * @param position its log position
	 */
	public record Position(String eventId, long position) {
	}

	private record Append(EventEnvelope event, Sinks.One<Void> done) {
	}

}
