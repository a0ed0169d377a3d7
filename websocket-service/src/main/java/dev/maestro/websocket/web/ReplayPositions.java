package dev.maestro.websocket.web;

import java.util.Optional;
import java.util.UUID;

import dev.maestro.request.web.ProblemException;
import dev.maestro.request.web.Problems;
import dev.maestro.websocket.eventlog.EventLog;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * Turns a client's {@code since} (the id of the last event it received) into a place in the log.
 * An id the log does not hold — never issued, or older than the retention — is a 400: replaying
 * from anywhere else would leave a gap the client could not see, so it must reload its state.
 */
@Component
class ReplayPositions {

	private final EventLog log;

	ReplayPositions(EventLog log) {
		this.log = log;
	}

	Mono<Optional<EventLog.Position>> resolve(String field, String since) {
		if (since == null || since.isBlank()) {
			return Mono.just(Optional.empty());
		}
		UUID id;
		try {
			id = UUID.fromString(since.trim());
		}
		catch (IllegalArgumentException ex) {
			return Mono.error(new ProblemException(Problems.invalid(field, "must be the id (a UUID) of an event")));
		}
		return this.log.positionOf(id)
			.map(Optional::of)
			.switchIfEmpty(Mono.error(() -> new ProblemException(Problems.invalid(field,
					"no event " + since + " in the event log (unknown, or older than the replay window); reload and reconnect without it"))));
	}

}
