package dev.maestro.inventory.identity;

import java.util.Locale;
import java.util.Set;

/**
 * What makes a password acceptable: long enough to resist guessing (NIST SP 800-63B asks for
 * length rather than composition rules), not one of the passwords every attacker tries first,
 * and not the e-mail address itself.
 */
final class PasswordPolicy {

	static final int MIN_LENGTH = 10;

	static final int MAX_LENGTH = 128;

	private static final Set<String> COMMON = Set.of("password", "password1", "password123", "1234567890",
			"12345678910", "qwertyuiop", "1q2w3e4r5t", "iloveyou12", "letmein123", "welcome123", "admin12345",
			"changeme123", "maestro123");

	private PasswordPolicy() {
	}

	/** Why the password is refused, or {@code null} when it is acceptable. */
	static String problem(String password, String email) {
		if (password == null || password.length() < MIN_LENGTH) {
			return "must be at least " + MIN_LENGTH + " characters";
		}
		if (password.length() > MAX_LENGTH) {
			return "must be at most " + MAX_LENGTH + " characters";
		}
		String lower = password.toLowerCase(Locale.ROOT);
		if (COMMON.contains(lower)) {
			return "is one of the most common passwords";
		}
		if (lower.chars().distinct().count() < 4) {
			return "must use more than a few different characters";
		}
		if (email != null && lower.contains(email.toLowerCase(Locale.ROOT).split("@")[0])
				&& email.split("@")[0].length() >= 4) {
			return "must not contain your e-mail name";
		}
		return null;
	}

}
