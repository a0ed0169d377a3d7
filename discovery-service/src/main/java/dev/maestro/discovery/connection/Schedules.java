package dev.maestro.discovery.connection;

import java.time.Duration;

import org.springframework.boot.convert.DurationStyle;

/** Reads schedule intervals: {@code 5m}, {@code 6h}, {@code 7d} or ISO-8601 ({@code PT5M}). */
final class Schedules {

	static final Duration MINIMUM = Duration.ofMinutes(1);

	private Schedules() {
	}

	static Duration parse(String value) {
		return DurationStyle.detectAndParse(value.trim());
	}

	/** Why the value is not a usable interval, or {@code null} when it is. */
	static String problem(Object value) {
		if (!(value instanceof String text) || text.isBlank()) {
			return "must be an interval such as 5m, 6h, 7d or PT5M, or off";
		}
		if ("off".equalsIgnoreCase(text)) {
			return null;
		}
		try {
			Duration interval = parse(text);
			return interval.compareTo(MINIMUM) < 0 ? "must be at least 1m" : null;
		}
		catch (IllegalArgumentException ex) {
			return "must be an interval such as 5m, 6h, 7d or PT5M, or off";
		}
	}

}
