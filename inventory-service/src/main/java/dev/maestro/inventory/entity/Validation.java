package dev.maestro.inventory.entity;

/** Patterns the entity bodies share. */
public final class Validation {

	/** A dotted-quad IPv4 address. */
	public static final String IPV4 = "^((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)$";

	/** An IPv6 address in any of its textual forms (RFC 4291), without a zone. */
	public static final String IPV6 = "^(([0-9a-fA-F]{1,4}:){7}[0-9a-fA-F]{1,4}|(([0-9a-fA-F]{1,4}:){0,7}[0-9a-fA-F]{0,4})?::"
			+ "(([0-9a-fA-F]{1,4}:){0,7}[0-9a-fA-F]{1,4})?|([0-9a-fA-F]{1,4}:){6}"
			+ "((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d))$";

	/** Ids of records are UUIDs (and provider ids, such as {@code i-0abc}, live in their own fields). */
	public static final String ID = "^[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$";

	private Validation() {
	}

}
