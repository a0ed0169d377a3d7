package dev.maestro.inventory.entity;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import dev.maestro.request.web.FieldError;
import dev.maestro.request.web.ProblemException;
import dev.maestro.request.web.Problems;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.util.MultiValueMap;

/**
 * A list request: page size, cursor, sort, text search, sparse fields and field filters, parsed
 * and checked against what the collection allows. Every problem is a 400 naming the parameter.
 *
 * @param limit page size (1 to 500, default 50)
 * @param after the position after which the page starts, or {@code null} for the first page
 * @param sortField the stored field to sort on ({@code _id} by default)
 * @param descending sort direction
 * @param q text to find in the name-like fields, or {@code null}
 * @param fields the fields to return (empty: all)
 * @param filters field to value, for equality filters
 * @param deleted whether to list deleted records (the trash) instead of live ones
 */
record ListQuery(int limit, Position after, String sortField, boolean descending, String q, List<String> fields,
		Map<String, String> filters, boolean deleted) {

	static final int DEFAULT_LIMIT = 50;

	static final int MAX_LIMIT = 500;

	private static final Set<String> RESERVED = Set.of("limit", "cursor", "sort", "q", "fields", "deleted");

	private static final Pattern FIELD = Pattern.compile("[A-Za-z][A-Za-z0-9]*(\\.[A-Za-z][A-Za-z0-9]*)*");

	/** Sortable metadata fields, by their public name. */
	static final Map<String, String> META_FIELDS = Map.of("createdAt", "_meta.createdAt", "updatedAt",
			"_meta.updatedAt");

	/** Where the previous page ended: the last record's sort value and id. */
	record Position(Object value, String id) {
	}

	static ListQuery parse(MultiValueMap<String, String> params, EntityType type, JsonMapper json) {
		List<FieldError> errors = new ArrayList<>();
		int limit = DEFAULT_LIMIT;
		String limitParam = params.getFirst("limit");
		if (limitParam != null) {
			try {
				limit = Integer.parseInt(limitParam);
				if (limit < 1 || limit > MAX_LIMIT) {
					errors.add(new FieldError("limit", "must be between 1 and " + MAX_LIMIT));
				}
			}
			catch (NumberFormatException ex) {
				errors.add(new FieldError("limit", "must be a number"));
			}
		}
		String sort = params.getFirst("sort");
		String sortField = "_id";
		boolean descending = false;
		if (sort != null && !sort.isBlank()) {
			descending = sort.startsWith("-");
			String name = descending ? sort.substring(1) : sort;
			if (type.indexedFields().contains(name)) {
				sortField = name;
			}
			else if (META_FIELDS.containsKey(name)) {
				sortField = META_FIELDS.get(name);
			}
			else {
				errors.add(new FieldError("sort", "cannot sort on '" + name + "'; sortable: "
						+ String.join(", ", sortable(type))));
			}
		}
		Position after = null;
		String cursor = params.getFirst("cursor");
		if (cursor != null && !cursor.isBlank()) {
			after = decode(cursor, json);
			if (after == null) {
				errors.add(new FieldError("cursor", "is not a cursor this API gave out"));
			}
		}
		List<String> fields = new ArrayList<>();
		String fieldsParam = params.getFirst("fields");
		if (fieldsParam != null && !fieldsParam.isBlank()) {
			for (String field : fieldsParam.split(",")) {
				String trimmed = field.trim();
				if (!FIELD.matcher(trimmed).matches()) {
					errors.add(new FieldError("fields", "'" + trimmed + "' is not a field name"));
				}
				fields.add(trimmed);
			}
		}
		Map<String, String> filters = new LinkedHashMap<>();
		params.forEach((name, values) -> {
			if (RESERVED.contains(name)) {
				return;
			}
			if (!type.indexedFields().contains(name)) {
				errors.add(new FieldError(name, "is not a filterable field; filterable: "
						+ String.join(", ", type.indexedFields().stream().sorted().toList())));
			}
			else {
				filters.put(name, values.get(0));
			}
		});
		String q = params.getFirst("q");
		if (q != null && q.length() > 200) {
			errors.add(new FieldError("q", "must be at most 200 characters"));
		}
		if (!errors.isEmpty()) {
			throw new ProblemException(Problems.invalid("Invalid list parameters", errors));
		}
		return new ListQuery(limit, after, sortField, descending, (q == null || q.isBlank()) ? null : q.trim(), fields,
				filters, "true".equalsIgnoreCase(params.getFirst("deleted")));
	}

	private static List<String> sortable(EntityType type) {
		List<String> names = new ArrayList<>(type.indexedFields());
		names.addAll(META_FIELDS.keySet());
		return names.stream().sorted().toList();
	}

	static String encode(Position position, JsonMapper json) {
		Map<String, Object> raw = new LinkedHashMap<>();
		raw.put("v", position.value());
		raw.put("id", position.id());
		return Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(json.writeValueAsString(raw).getBytes(StandardCharsets.UTF_8));
	}

	private static Position decode(String cursor, JsonMapper json) {
		try {
			String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
			Map<?, ?> raw = json.readValue(text, Map.class);
			Object id = raw.get("id");
			return (id instanceof String value) ? new Position(raw.get("v"), value) : null;
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

}
