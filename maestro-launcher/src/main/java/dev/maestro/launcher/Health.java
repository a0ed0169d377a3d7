package dev.maestro.launcher;

/**
 * Reads a Spring Boot actuator health response without a JSON library: the overall status is
 * the {@code "status"} member of the top-level object, wherever it stands among the
 * components (which carry statuses of their own, often before it).
 */
final class Health {

	private Health() {
	}

	static boolean isUp(int httpStatus, String body) {
		return httpStatus == 200 && body != null && "UP".equals(topLevelStatus(body));
	}

	/** The top-level {@code status} string, or {@code null}. */
	static String topLevelStatus(String json) {
		int depth = 0;
		for (int i = 0; i < json.length(); i++) {
			char c = json.charAt(i);
			if (c == '{' || c == '[') {
				depth++;
			}
			else if (c == '}' || c == ']') {
				depth--;
			}
			else if (c == '"') {
				int end = endOfString(json, i);
				if (depth == 1 && json.startsWith("\"status\"", i)) {
					int colon = json.indexOf(':', end + 1);
					int open = (colon >= 0) ? json.indexOf('"', colon + 1) : -1;
					if (open < 0) {
						return null;
					}
					return json.substring(open + 1, endOfString(json, open));
				}
				i = end;
			}
		}
		return null;
	}

	// Index of the quote that closes the string opening at 'start', skipping escaped characters.
	private static int endOfString(String json, int start) {
		for (int i = start + 1; i < json.length(); i++) {
			char c = json.charAt(i);
			if (c == '\\') {
				i++;
			}
			else if (c == '"') {
				return i;
			}
		}
		return json.length() - 1;
	}

}
