package dev.maestro.launcher;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a Spring Boot actuator health response without a JSON library.
 */
final class Health {

	// The first "status" in the document is the overall one; components nest theirs later.
	private static final Pattern STATUS = Pattern.compile("\"status\"\\s*:\\s*\"([A-Za-z_]+)\"");

	private Health() {
	}

	static boolean isUp(int httpStatus, String body) {
		if (httpStatus != 200 || body == null) {
			return false;
		}
		Matcher matcher = STATUS.matcher(body);
		return matcher.find() && matcher.group(1).equals("UP");
	}

}
