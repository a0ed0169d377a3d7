package dev.maestro.websocket.live;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import dev.maestro.request.messaging.EventEnvelope;
import dev.maestro.websocket.membership.Removal;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;

/**
 * Hands each event to the open connections of its team. Connections are indexed by team, so an
 * event costs one look-up plus one non-blocking offer per connection of that team, whatever the
 * number of other connections; a connection whose buffer is full is ended, and nobody waits for
 * it. Events arrive here one at a time, in log order ({@link LiveEventsListener}).
 */
@Component
public class EventHub {

	private final ConcurrentMap<String, Set<Connection>> byTeam = new ConcurrentHashMap<>();

	private final ConcurrentMap<String, Set<Connection>> byUser = new ConcurrentHashMap<>();

	private final int clientBuffer;

	private final Counter slowClients;

	EventHub(EventsProperties properties, MeterRegistry meters) {
		this.clientBuffer = properties.clientBuffer();
		this.slowClients = Counter.builder("maestro.events.slow.clients")
			.description("Connections ended because the client did not keep up")
			.register(meters);
		Gauge.builder("maestro.events.connections", this.byUser,
				(users) -> users.values().stream().mapToInt(Set::size).sum())
			.description("Open WebSocket and SSE connections")
			.register(meters);
	}

	/** Opens a connection that receives the subscriber's teams' events from now on. */
	public Connection register(Subscriber subscriber) {
		Connection connection = new Connection(subscriber, this.clientBuffer, this);
		for (String teamId : subscriber.teamIds()) {
			add(this.byTeam, teamId, connection);
		}
		add(this.byUser, subscriber.userId(), connection);
		return connection;
	}

	/** Delivers an event; a membership removal takes effect before it is delivered. */
	void deliver(EventEnvelope event) {
		Removal removal = Removal.of(event);
		if (removal != null) {
			revoke(removal);
		}
		if (event.teamId() == null) {
			return;
		}
		Set<Connection> connections = this.byTeam.get(event.teamId());
		if (connections != null) {
			for (Connection connection : connections) {
				connection.offer(event);
			}
		}
	}

	/** The user stops receiving the team's events on every connection of theirs, at once. */
	void revoke(Removal removal) {
		Set<Connection> connections = this.byUser.get(removal.userId());
		if (connections == null) {
			return;
		}
		for (Connection connection : connections) {
			connection.leave(removal.teamId());
			remove(this.byTeam, removal.teamId(), connection);
		}
	}

	void unregister(Connection connection) {
		for (String teamId : connection.subscriber().teamIds()) {
			remove(this.byTeam, teamId, connection);
		}
		remove(this.byUser, connection.subscriber().userId(), connection);
	}

	void slowClient() {
		this.slowClients.increment();
	}

	/** Open connections (for metrics and tests). */
	public int connections() {
		return this.byUser.values().stream().mapToInt(Set::size).sum();
	}

	private static void add(ConcurrentMap<String, Set<Connection>> index, String key, Connection connection) {
		index.compute(key, (k, set) -> {
			Set<Connection> connections = (set != null) ? set : ConcurrentHashMap.newKeySet();
			connections.add(connection);
			return connections;
		});
	}

	private static void remove(ConcurrentMap<String, Set<Connection>> index, String key, Connection connection) {
		index.computeIfPresent(key, (k, set) -> {
			set.remove(connection);
			return set.isEmpty() ? null : set;
		});
	}

}
