package dev.maestro.reports.report;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A report's filters compiled into one predicate over inventory records. All filters must hold.
 * Values were checked when the report was saved ({@link ReportDefinitions}), so compiling never
 * fails on stored definitions.
 */
public final class RecordMatcher implements Predicate<Map<?, ?>> {

	private final List<Predicate<Map<?, ?>>> conditions;

	private RecordMatcher(List<Predicate<Map<?, ?>>> conditions) {
		this.conditions = conditions;
	}

	public static RecordMatcher of(List<Filter> filters) {
		return new RecordMatcher((filters == null) ? List.of() : filters.stream().map(RecordMatcher::compile).toList());
	}

	@Override
	public boolean test(Map<?, ?> record) {
		for (Predicate<Map<?, ?>> condition : this.conditions) {
			if (!condition.test(record)) {
				return false;
			}
		}
		return true;
	}

	private static Predicate<Map<?, ?>> compile(Filter filter) {
		FilterOp op = FilterOp.of(filter.op()).orElseThrow();
		String field = filter.field();
		Object value = filter.value();
		return switch (op) {
			case EQUALS -> (record) -> any(record, field, (candidate) -> same(candidate, value));
			case NOT_EQUALS -> (record) -> !any(record, field, (candidate) -> same(candidate, value));
			case CONTAINS -> {
				String needle = String.valueOf(value).toLowerCase(Locale.ROOT);
				yield (record) -> any(record, field, (candidate) -> contains(candidate, needle));
			}
			case NOT_CONTAINS -> {
				String needle = String.valueOf(value).toLowerCase(Locale.ROOT);
				yield (record) -> !any(record, field, (candidate) -> contains(candidate, needle));
			}
			case GREATER -> {
				BigDecimal bound = number(value);
				yield (record) -> any(record, field, (candidate) -> compareNumber(candidate, bound) > 0);
			}
			case LESS -> {
				BigDecimal bound = number(value);
				yield (record) -> any(record, field, (candidate) -> compareNumber(candidate, bound) < 0);
			}
			case BEFORE -> {
				Instant bound = instant(value);
				yield (record) -> any(record, field, (candidate) -> compareInstant(candidate, bound) < 0);
			}
			case AFTER -> {
				Instant bound = instant(value);
				yield (record) -> any(record, field, (candidate) -> compareInstant(candidate, bound) > 0);
			}
			case IN -> {
				Collection<?> options = (Collection<?>) value;
				yield (record) -> any(record, field,
						(candidate) -> options.stream().anyMatch((option) -> same(candidate, option)));
			}
			case EXISTS -> {
				boolean wanted = Boolean.TRUE.equals(value);
				yield (record) -> !FieldPaths.values(record, field).isEmpty() == wanted;
			}
		};
	}

	private static boolean any(Map<?, ?> record, String field, Predicate<Object> test) {
		for (Object candidate : FieldPaths.values(record, field)) {
			if (test.test(candidate)) {
				return true;
			}
		}
		return false;
	}

	/** Equality as a user means it: 8 equals 8.0, and "8" equals 8, "true" equals true. */
	static boolean same(Object candidate, Object value) {
		if (candidate instanceof Number || value instanceof Number) {
			BigDecimal left = numberOrNull(candidate);
			BigDecimal right = numberOrNull(value);
			return left != null && right != null && left.compareTo(right) == 0;
		}
		return String.valueOf(candidate).equals(String.valueOf(value));
	}

	private static boolean contains(Object candidate, String needle) {
		return !(candidate instanceof Map) && String.valueOf(candidate).toLowerCase(Locale.ROOT).contains(needle);
	}

	private static int compareNumber(Object candidate, BigDecimal bound) {
		BigDecimal number = numberOrNull(candidate);
		return (number != null) ? number.compareTo(bound) : 0;
	}

	private static int compareInstant(Object candidate, Instant bound) {
		Instant at = instantOrNull(candidate);
		return (at != null) ? at.compareTo(bound) : 0;
	}

	static BigDecimal number(Object value) {
		BigDecimal number = numberOrNull(value);
		if (number == null) {
			throw new IllegalArgumentException("not a number: " + value);
		}
		return number;
	}

	static BigDecimal numberOrNull(Object value) {
		if (value instanceof Number number) {
			return new BigDecimal(number.toString());
		}
		if (value instanceof String text && !text.isBlank()) {
			try {
				return new BigDecimal(text.trim());
			}
			catch (NumberFormatException ex) {
				return null;
			}
		}
		return null;
	}

	static Instant instant(Object value) {
		Instant at = instantOrNull(value);
		if (at == null) {
			throw new IllegalArgumentException("not a date: " + value);
		}
		return at;
	}

	/** An ISO-8601 instant, offset date-time or date (a date is its first moment, UTC). */
	static Instant instantOrNull(Object value) {
		if (value instanceof Instant at) {
			return at;
		}
		if (value instanceof java.util.Date date) {
			return date.toInstant();
		}
		if (!(value instanceof String text) || text.isBlank()) {
			return null;
		}
		try {
			return OffsetDateTime.parse(text).toInstant();
		}
		catch (DateTimeParseException ex) {
			// not a date-time with an offset; try a plain date
		}
		try {
			return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

}
