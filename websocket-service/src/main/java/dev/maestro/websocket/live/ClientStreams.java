package dev.maestro.websocket.live;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import dev.maestro.request.messaging.EventEnvelope;
import dev.maestro.websocket.eventlog.EventLog;
import reactor.core.publisher.Flux;

import org.springframework.stereotype.Component;

/**
 * What one client receives: the events it missed since a given event (from the log), then the
 * live ones, without a gap or a duplicate between the two.
 */
@Component
public class ClientStreams {

	private final EventHub hub;

	private final EventLog log;

	ClientStreams(EventHub hub, EventLog log) {
		this.hub = hub;
		this.log = log;
	}

	/**
	 * Opens a connection for the subscriber. It registers at once, so live events buffer while
	 * the replay is read; the replay then goes out first, and the buffered live events after it,
	 * less those the replay already sent (by id). An instance delivers an event live only once
	 * the log holds it, so an event is either in the replay or in the live buffer, or both.
	 *
	 * @param since where the client's history ends, or {@code null} for live events only
	 */
	public ClientStream open(Subscriber subscriber, EventLog.Position since) {
		Connection connection = this.hub.register(subscriber);
		Flux<EventEnvelope> live = connection.live();
		if (since == null) {
			return new ClientStream(connection, live);
		}
		Set<UUID> replayed = new HashSet<>();
		replayed.add(UUID.fromString(since.eventId()));
		Flux<EventEnvelope> replay = this.log.after(since, connection.teamIds())
			.filter((event) -> connection.teamIds().contains(event.teamId()))
			.doOnNext((event) -> replayed.add(event.id()));
		// Kept for the whole connection: on a real MongoDB a cursor may see a later insert and
		// miss an earlier one, so a duplicate is not guaranteed to come first.
		Flux<EventEnvelope> liveAfterReplay = live.filter((event) -> !replayed.contains(event.id()));
		return new ClientStream(connection,
				Flux.concat(replay.takeUntilOther(connection.ended()), liveAfterReplay));
	}

	/**
	 * An open connection and what to send on it.
	 *
	 * @param connection the registration (ask it why it ended; close it when the client goes)
	 * @param events the events to send, in order; completes when the connection ends
	 */
	public record ClientStream(Connection connection, Flux<EventEnvelope> events) {
	}

}
