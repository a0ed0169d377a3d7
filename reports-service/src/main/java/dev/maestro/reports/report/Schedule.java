package dev.maestro.reports.report;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

import org.springframework.scheduling.support.CronExpression;

/**
 * When a report refreshes itself: a cron expression (Spring's six fields, or the classic five,
 * evaluated in UTC) or a fixed interval, never both.
 *
 * @param cron for example {@code 0 0 6 * * MON-FRI}
 * @param interval an ISO-8601 duration such as {@code PT1H} (or {@code 1h}, {@code 30m})
 */
public record Schedule(String cron, String interval) {

	/** The first run strictly after {@code after}. */
	public Instant nextAfter(Instant after) {
		if (this.cron != null) {
			ZonedDateTime next = cronExpression(this.cron).next(after.atZone(ZoneOffset.UTC));
			return (next != null) ? next.toInstant() : null;
		}
		return after.plus(duration(this.interval));
	}

	/** Spring's cron, accepting the classic five-field form too (at second 0). */
	public static CronExpression cronExpression(String cron) {
		String trimmed = cron.trim();
		boolean fiveFields = !trimmed.startsWith("@") && trimmed.split("\\s+").length == 5;
		return CronExpression.parse(fiveFields ? "0 " + trimmed : trimmed);
	}

	/** An ISO-8601 duration ({@code PT15M}) or a simple one ({@code 15m}, {@code 2h}, {@code 1d}). */
	public static Duration duration(String interval) {
		String trimmed = interval.trim();
		if (trimmed.toUpperCase().startsWith("P")) {
			return Duration.parse(trimmed.toUpperCase());
		}
		return org.springframework.boot.convert.DurationStyle.SIMPLE.parse(trimmed);
	}

}
