package dev.maestro.inventory.entity;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/** Reading values out of plain JSON maps by path, and comparing two of them field by field. */
final class Paths {

	private Paths() {
	}

	/** A value found at a path, with the concrete path it was found at ({@code systemIds[2]}). */
	record Found(String path, Object value) {
	}

	/**
	 * The values at a path whose segments are separated by dots; a segment ending in {@code []}
	 * is a list whose every element is visited.
	 */
	static List<Found> values(Map<String, Object> body, String path) {
		List<Found> found = new ArrayList<>();
		collect(body, path.split("\\."), 0, "", found);
		return found;
	}

	private static void collect(Object node, String[] segments, int index, String prefix, List<Found> found) {
		if (index == segments.length) {
			if (node != null) {
				found.add(new Found(prefix, node));
			}
			return;
		}
		if (!(node instanceof Map<?, ?> map)) {
			return;
		}
		String segment = segments[index];
		boolean list = segment.endsWith("[]");
		String key = list ? segment.substring(0, segment.length() - 2) : segment;
		Object child = map.get(key);
		String path = prefix.isEmpty() ? key : prefix + "." + key;
		if (list) {
			if (child instanceof List<?> items) {
				for (int i = 0; i < items.size(); i++) {
					collect(items.get(i), segments, index + 1, path + "[" + i + "]", found);
				}
			}
		}
		else {
			collect(child, segments, index + 1, path, found);
		}
	}

	/** The value at a plain dotted path (no lists), or {@code null}. */
	static Object get(Map<String, Object> body, String dottedPath) {
		Object node = body;
		for (String segment : dottedPath.split("\\.")) {
			if (!(node instanceof Map<?, ?> map)) {
				return null;
			}
			node = map.get(segment);
		}
		return node;
	}

	/** Leaf values by dotted path; lists are leaves (compared whole). */
	static Map<String, Object> flatten(Map<String, Object> body) {
		Map<String, Object> flat = new LinkedHashMap<>();
		flatten("", body, flat);
		return flat;
	}

	@SuppressWarnings("unchecked")
	private static void flatten(String prefix, Map<String, Object> map, Map<String, Object> flat) {
		map.forEach((key, value) -> {
			String path = prefix.isEmpty() ? key : prefix + "." + key;
			if (value instanceof Map<?, ?> nested) {
				flatten(path, (Map<String, Object>) nested, flat);
			}
			else {
				flat.put(path, value);
			}
		});
	}

	/** Every field whose value differs between two bodies, in path order. */
	static List<FieldChange> changes(Map<String, Object> before, Map<String, Object> after) {
		Map<String, Object> from = flatten(before);
		Map<String, Object> to = flatten(after);
		TreeSet<String> fields = new TreeSet<>(from.keySet());
		fields.addAll(to.keySet());
		List<FieldChange> changes = new ArrayList<>();
		for (String field : fields) {
			if (!same(from.get(field), to.get(field))) {
				changes.add(new FieldChange(field, from.get(field), to.get(field)));
			}
		}
		return changes;
	}

	// 4 and 4L are the same value: numbers may come back from the store in another width.
	static boolean same(Object a, Object b) {
		if (a instanceof Number x && b instanceof Number y) {
			return new java.math.BigDecimal(x.toString()).compareTo(new java.math.BigDecimal(y.toString())) == 0;
		}
		if (a instanceof List<?> xs && b instanceof List<?> ys) {
			if (xs.size() != ys.size()) {
				return false;
			}
			for (int i = 0; i < xs.size(); i++) {
				if (!same(xs.get(i), ys.get(i))) {
					return false;
				}
			}
			return true;
		}
		if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
			if (!x.keySet().equals(y.keySet())) {
				return false;
			}
			return x.keySet().stream().allMatch((key) -> same(x.get(key), y.get(key)));
		}
		return Objects.equals(a, b);
	}

	/**
	 * A field that changed.
	 *
	 * @param field dotted path
	 * @param from the value before (absent: {@code null})
	 * @param to the value after (removed: {@code null})
	 */
	record FieldChange(String field, Object from, Object to) {
	}

}
