package dev.maestro.reports.report;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import dev.maestro.reports.ReportsProperties;
import dev.maestro.request.web.FieldError;
import dev.maestro.request.web.ProblemException;
import dev.maestro.request.web.Problems;

/**
 * Reads report definitions from request bodies and checks every part of them, so that a stored
 * report always generates: unknown entities and operators, values of the wrong type for their
 * operator, malformed field paths, bad cron expressions or intervals are all 400s naming the
 * field, and nothing is stored.
 */
final class ReportDefinitions {

	private static final Pattern FIELD = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*");

	private static final Set<String> CREATE_FIELDS = Set.of("name", "type", "entity", "filters", "columns", "levels",
			"schedule");

	private static final Set<String> PATCH_FIELDS = Set.of("name", "filters", "schedule");

	private static final int MAX_NAME = 200;

	private static final int MAX_COLUMNS = 100;

	private static final int MAX_IN_VALUES = 1000;

	private final ReportsProperties properties;

	ReportDefinitions(ReportsProperties properties) {
		this.properties = properties;
	}

	/** A checked definition; {@code entity} is {@code null} for a pivot, {@code levels} empty for a general one. */
	record Definition(String name, String type, String entity, List<Filter> filters, List<String> columns,
			Map<String, Level> levels, Schedule schedule) {
	}

	/** What a PATCH changes; a {@code null} part is left as it is ({@code clearSchedule} removes it). */
	record Change(String name, List<Filter> filters, Schedule schedule, boolean clearSchedule) {
	}

	Definition create(Map<String, Object> body) {
		List<FieldError> errors = new ArrayList<>();
		if (body == null) {
			throw new ProblemException(Problems.invalid(null, "a report definition is required"));
		}
		unknownFields(body, CREATE_FIELDS, errors);
		String name = name(body.get("name"), errors);
		Object typeValue = body.get("type");
		String type = Report.GENERAL;
		if (typeValue != null && !(Report.GENERAL.equals(typeValue) || Report.PIVOT.equals(typeValue))) {
			errors.add(new FieldError("type", "must be one of: general, pivot"));
		}
		else if (typeValue != null) {
			type = (String) typeValue;
		}
		String entity = null;
		List<Filter> filters = List.of();
		List<String> columns = List.of();
		Map<String, Level> levels = Map.of();
		if (Report.PIVOT.equals(type)) {
			if (body.get("entity") != null) {
				errors.add(new FieldError("entity", "a pivot report reads its levels; give levels instead"));
			}
			if (body.get("filters") != null && !(body.get("filters") instanceof List<?> list && list.isEmpty())) {
				errors.add(new FieldError("filters", "a pivot report filters each level: use levels.<level>.filters"));
			}
			if (body.get("columns") != null) {
				errors.add(new FieldError("columns", "a pivot report names columns per level: use levels.<level>.columns"));
			}
			levels = levels(body.get("levels"), errors);
		}
		else {
			Object entityValue = body.get("entity");
			if (entityValue == null) {
				errors.add(new FieldError("entity", "is required; one of: " + String.join(", ", Entities.names())));
			}
			else if (!(entityValue instanceof String text) || !Entities.known(text)) {
				errors.add(new FieldError("entity", "must be one of: " + String.join(", ", Entities.names())));
			}
			else {
				entity = text;
			}
			if (body.get("levels") != null) {
				errors.add(new FieldError("levels", "only a pivot report has levels"));
			}
			filters = filters("filters", body.get("filters"), errors);
			columns = columns("columns", body.get("columns"), errors);
		}
		Schedule schedule = schedule(body.get("schedule"), errors);
		if (!errors.isEmpty()) {
			throw new ProblemException(Problems.invalid("Invalid report definition", errors));
		}
		return new Definition(name, type, entity, filters, columns, levels, schedule);
	}

	Change patch(Map<String, Object> body, Report report) {
		List<FieldError> errors = new ArrayList<>();
		if (body == null) {
			throw new ProblemException(Problems.invalid(null, "a change is required"));
		}
		unknownFields(body, PATCH_FIELDS, errors);
		String name = body.containsKey("name") ? name(body.get("name"), errors) : null;
		List<Filter> filters = null;
		if (body.containsKey("filters")) {
			if (report.isPivot()) {
				errors.add(new FieldError("filters", "a pivot report filters each level"));
			}
			else {
				filters = filters("filters", body.get("filters"), errors);
			}
		}
		Schedule schedule = body.containsKey("schedule") ? schedule(body.get("schedule"), errors) : null;
		if (!errors.isEmpty()) {
			throw new ProblemException(Problems.invalid("Invalid change", errors));
		}
		return new Change(name, filters, schedule, body.containsKey("schedule") && body.get("schedule") == null);
	}

	private static void unknownFields(Map<String, Object> body, Set<String> allowed, List<FieldError> errors) {
		body.keySet()
			.stream()
			.filter((key) -> !allowed.contains(key))
			.sorted()
			.forEach((key) -> errors.add(new FieldError(key, "is not a field here; allowed: "
					+ String.join(", ", allowed.stream().sorted().toList()))));
	}

	private static String name(Object value, List<FieldError> errors) {
		if (!(value instanceof String text) || text.isBlank()) {
			errors.add(new FieldError("name", "is required"));
			return null;
		}
		if (text.length() > MAX_NAME) {
			errors.add(new FieldError("name", "must be at most " + MAX_NAME + " characters"));
		}
		return text.trim();
	}

	private Map<String, Level> levels(Object value, List<FieldError> errors) {
		if (!(value instanceof Map<?, ?> map) || map.isEmpty()) {
			errors.add(new FieldError("levels",
					"is required: at least one of " + String.join(", ", Entities.PIVOT_LEVELS) + ", each {filters, columns}"));
			return Map.of();
		}
		Map<String, Level> levels = new LinkedHashMap<>();
		map.keySet().stream().map(String::valueOf).filter((key) -> !Entities.PIVOT_LEVELS.contains(key)).forEach(
				(key) -> errors.add(new FieldError("levels." + key, "is not a level; levels: "
						+ String.join(", ", Entities.PIVOT_LEVELS))));
		for (String level : Entities.PIVOT_LEVELS) {
			if (!map.containsKey(level)) {
				continue;
			}
			Object levelValue = map.get(level);
			String path = "levels." + level;
			if (levelValue != null && !(levelValue instanceof Map)) {
				errors.add(new FieldError(path, "must be an object {filters, columns}"));
				continue;
			}
			Map<?, ?> levelBody = (levelValue != null) ? (Map<?, ?>) levelValue : Map.of();
			levelBody.keySet().stream().map(String::valueOf).filter((key) -> !Set.of("filters", "columns").contains(key))
				.forEach((key) -> errors.add(new FieldError(path + "." + key, "is not a field here; allowed: columns, filters")));
			levels.put(level, new Level(filters(path + ".filters", levelBody.get("filters"), errors),
					columns(path + ".columns", levelBody.get("columns"), errors)));
		}
		return levels;
	}

	private List<Filter> filters(String path, Object value, List<FieldError> errors) {
		if (value == null) {
			return List.of();
		}
		if (!(value instanceof List<?> list)) {
			errors.add(new FieldError(path, "must be a list of {field, op, value}"));
			return List.of();
		}
		if (list.size() > this.properties.maxFilters()) {
			errors.add(new FieldError(path, "must have at most " + this.properties.maxFilters() + " filters"));
			return List.of();
		}
		List<Filter> filters = new ArrayList<>();
		for (int i = 0; i < list.size(); i++) {
			Filter filter = filter(path + "[" + i + "]", list.get(i), errors);
			if (filter != null) {
				filters.add(filter);
			}
		}
		return filters;
	}

	private static Filter filter(String path, Object value, List<FieldError> errors) {
		if (!(value instanceof Map<?, ?> map)) {
			errors.add(new FieldError(path, "must be an object {field, op, value}"));
			return null;
		}
		int before = errors.size();
		map.keySet().stream().map(String::valueOf).filter((key) -> !Set.of("field", "op", "value").contains(key))
			.forEach((key) -> errors.add(new FieldError(path + "." + key, "is not a field here; allowed: field, op, value")));
		Object field = map.get("field");
		if (!(field instanceof String text) || !FIELD.matcher(text).matches()) {
			errors.add(new FieldError(path + ".field", "must be a field path such as hostname or os.base"));
		}
		Object opValue = map.get("op");
		FilterOp op = (opValue instanceof String text) ? FilterOp.of(text).orElse(null) : null;
		if (op == null) {
			errors.add(new FieldError(path + ".op", "must be one of: " + FilterOp.names()));
		}
		Object operand = map.get("value");
		if (op != null) {
			String problem = checkValue(op, operand);
			if (problem != null) {
				errors.add(new FieldError(path + ".value", problem));
			}
		}
		if (errors.size() > before) {
			return null;
		}
		Object stored = (op == FilterOp.IN) ? List.copyOf((Collection<?>) operand) : operand;
		return new Filter((String) field, op.wireName(), stored);
	}

	/** What is wrong with {@code value} for {@code op}, or {@code null}. */
	private static String checkValue(FilterOp op, Object value) {
		return switch (op) {
			case EQUALS, NOT_EQUALS -> scalar(value) ? null : "must be a string, number or boolean";
			case CONTAINS, NOT_CONTAINS ->
				(value instanceof String text && !text.isEmpty()) ? null : "must be a non-empty string";
			case GREATER, LESS -> (RecordMatcher.numberOrNull(value) != null) ? null : "must be a number";
			case BEFORE, AFTER -> (RecordMatcher.instantOrNull(value) != null) ? null
					: "must be an ISO-8601 date or date-time, such as 2024-05-01 or 2024-05-01T12:00:00Z";
			case IN -> (value instanceof List<?> list && !list.isEmpty() && list.size() <= MAX_IN_VALUES
					&& list.stream().allMatch(ReportDefinitions::scalar)) ? null
							: "must be a list of 1 to " + MAX_IN_VALUES + " strings, numbers or booleans";
			case EXISTS -> (value instanceof Boolean) ? null : "must be true or false";
		};
	}

	private static boolean scalar(Object value) {
		return value instanceof String || value instanceof Number || value instanceof Boolean;
	}

	private static List<String> columns(String path, Object value, List<FieldError> errors) {
		if (value == null) {
			return List.of();
		}
		if (!(value instanceof List<?> list) || list.isEmpty() || list.size() > MAX_COLUMNS) {
			errors.add(new FieldError(path, "must be a list of 1 to " + MAX_COLUMNS + " field paths"));
			return List.of();
		}
		List<String> columns = new ArrayList<>();
		for (int i = 0; i < list.size(); i++) {
			Object column = list.get(i);
			if (!(column instanceof String text) || !FIELD.matcher(text).matches()) {
				errors.add(new FieldError(path + "[" + i + "]", "must be a field path such as hostname or os.base"));
			}
			else if (columns.contains(text)) {
				errors.add(new FieldError(path + "[" + i + "]", "is listed twice"));
			}
			else {
				columns.add(text);
			}
		}
		return columns;
	}

	private Schedule schedule(Object value, List<FieldError> errors) {
		if (value == null) {
			return null;
		}
		if (!(value instanceof Map<?, ?> map)) {
			errors.add(new FieldError("schedule", "must be {cron} or {interval}"));
			return null;
		}
		map.keySet().stream().map(String::valueOf).filter((key) -> !Set.of("cron", "interval").contains(key))
			.forEach((key) -> errors.add(new FieldError("schedule." + key, "is not a field here; allowed: cron, interval")));
		Object cron = map.get("cron");
		Object interval = map.get("interval");
		if ((cron == null) == (interval == null)) {
			errors.add(new FieldError("schedule", "needs exactly one of cron or interval"));
			return null;
		}
		Duration minimum = this.properties.schedule().minInterval();
		if (cron != null) {
			if (!(cron instanceof String text)) {
				errors.add(new FieldError("schedule.cron", "must be a cron expression"));
				return null;
			}
			try {
				Schedule schedule = new Schedule(text.trim(), null);
				Instant first = schedule.nextAfter(Instant.now());
				if (first == null) {
					errors.add(new FieldError("schedule.cron", "never fires"));
					return null;
				}
				Instant second = schedule.nextAfter(first);
				if (second != null && Duration.between(first, second).compareTo(minimum) < 0) {
					errors.add(new FieldError("schedule.cron", "fires more often than every " + minimum));
					return null;
				}
				return schedule;
			}
			catch (IllegalArgumentException ex) {
				errors.add(new FieldError("schedule.cron", "is not a cron expression: " + ex.getMessage()));
				return null;
			}
		}
		if (!(interval instanceof String text)) {
			errors.add(new FieldError("schedule.interval", "must be a duration such as PT1H or 30m"));
			return null;
		}
		try {
			Duration duration = Schedule.duration(text);
			if (duration.compareTo(minimum) < 0) {
				errors.add(new FieldError("schedule.interval", "must be at least " + minimum));
				return null;
			}
			return new Schedule(null, text.trim());
		}
		catch (RuntimeException ex) {
			errors.add(new FieldError("schedule.interval", "must be a duration such as PT1H or 30m"));
			return null;
		}
	}

}
