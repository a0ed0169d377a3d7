package dev.maestro.reports.report;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** Reads dot paths out of inventory records (JSON maps), fanning out over arrays. */
public final class FieldPaths {

	private FieldPaths() {
	}

	/**
	 * Every non-null value at {@code path}: one for a plain field, one per element where the path
	 * crosses arrays (the elements of a final array included), none when the field is missing.
	 */
	public static List<Object> values(Map<?, ?> record, String path) {
		List<Object> found = new ArrayList<>(1);
		collect(record, path.split("\\."), 0, found);
		return found;
	}

	/** The value at {@code path} as stored (an array stays an array), or {@code null}. */
	public static Object value(Map<?, ?> record, String path) {
		Object current = record;
		for (String segment : path.split("\\.")) {
			if (!(current instanceof Map<?, ?> map)) {
				return null;
			}
			current = map.get(segment);
		}
		return current;
	}

	/** The first value at {@code path} as text, or {@code null}. */
	public static String text(Map<?, ?> record, String path) {
		List<Object> values = values(record, path);
		return values.isEmpty() ? null : String.valueOf(values.get(0));
	}

	private static void collect(Object node, String[] segments, int index, List<Object> found) {
		if (node == null) {
			return;
		}
		if (node instanceof Collection<?> elements) {
			for (Object element : elements) {
				collect(element, segments, index, found);
			}
			return;
		}
		if (index == segments.length) {
			found.add(node);
			return;
		}
		if (node instanceof Map<?, ?> map) {
			collect(map.get(segments[index]), segments, index + 1, found);
		}
	}

}
