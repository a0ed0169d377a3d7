package dev.maestro.websocket.eventlog;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Hands out log positions: microseconds since the epoch, strictly increasing within the process
 * even when the clock stands still or steps back. Events are stored one at a time in the order
 * this instance delivers them live (see {@code EventIntake}), so on one instance the log order is
 * the live order; across replicas it follows their clocks.
 */
final class LogPositions {

	private final AtomicLong last = new AtomicLong();

	long next() {
		long now = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
		return this.last.updateAndGet((previous) -> Math.max(previous + 1, now));
	}

}
