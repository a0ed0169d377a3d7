package dev.maestro.inventory.entity;

import java.util.LinkedHashMap;
import java.util.Map;

/** JSON Merge Patch (RFC 7386): objects merge recursively, {@code null} removes, anything else replaces. */
final class MergePatch {

	private MergePatch() {
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> apply(Map<String, Object> target, Map<String, Object> patch) {
		Map<String, Object> result = new LinkedHashMap<>(target);
		patch.forEach((key, value) -> {
			if (value == null) {
				result.remove(key);
			}
			else if (value instanceof Map<?, ?> nested) {
				Object current = result.get(key);
				Map<String, Object> base = (current instanceof Map<?, ?> map) ? (Map<String, Object>) map : Map.of();
				result.put(key, apply(base, (Map<String, Object>) nested));
			}
			else {
				result.put(key, value);
			}
		});
		return result;
	}

}
