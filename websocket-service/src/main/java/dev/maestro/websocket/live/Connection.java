package dev.maestro.websocket.live;

import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;

import dev.maestro.request.messaging.EventEnvelope;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * One client's live feed: a bounded buffer that the hub fills without ever waiting, and that the
 * client's WebSocket or SSE response drains as fast as the client reads.
 */
public final class Connection {

	private final Subscriber subscriber;

	private final Set<String> teamIds;

	private final Sinks.Many<EventEnvelope> buffer;

	private final Sinks.Empty<Void> ended = Sinks.empty();

	private final EventHub hub;

	private volatile End end;

	Connection(Subscriber subscriber, int capacity, EventHub hub) {
		this.subscriber = subscriber;
		this.teamIds = ConcurrentHashMap.newKeySet();
		this.teamIds.addAll(subscriber.teamIds());
		this.buffer = Sinks.many().unicast().onBackpressureBuffer(new ArrayBlockingQueue<>(capacity));
		this.hub = hub;
	}

	public Subscriber subscriber() {
		return this.subscriber;
	}

	/** The teams this connection still delivers (fewer than the token's after a removal). */
	public Set<String> teamIds() {
		return Set.copyOf(this.teamIds);
	}

	/**
	 * The live events, from the moment the connection was registered; completes when the
	 * connection ends ({@link #end()} says why). An event of a team the user has just left is
	 * dropped even if it was already buffered.
	 */
	public Flux<EventEnvelope> live() {
		return this.buffer.asFlux()
			.filter((event) -> this.teamIds.contains(event.teamId()))
			.takeUntilOther(this.ended.asMono());
	}

	/** Completes when the connection ends. */
	public Mono<Void> ended() {
		return this.ended.asMono();
	}

	/** Why the connection ended, or {@code null} while it has not. */
	public End end() {
		return this.end;
	}

	/** Stops delivering; the client went away or its response ended. */
	public void close() {
		finish(End.CLOSED);
	}

	void offer(EventEnvelope event) {
		if (this.end != null || !this.teamIds.contains(event.teamId())) {
			return;
		}
		if (this.buffer.tryEmitNext(event) == Sinks.EmitResult.FAIL_OVERFLOW) {
			this.hub.slowClient();
			finish(End.TOO_SLOW);
		}
	}

	void leave(String teamId) {
		this.teamIds.remove(teamId);
	}

	private void finish(End why) {
		synchronized (this) {
			if (this.end != null) {
				return;
			}
			this.end = why;
		}
		this.hub.unregister(this);
		this.ended.tryEmitEmpty();
	}

	/** Why a connection ended. */
	public enum End {

		/** The client or the server closed it. */
		CLOSED,

		/** The client fell more than {@code maestro.events.client-buffer} events behind. */
		TOO_SLOW

	}

}
