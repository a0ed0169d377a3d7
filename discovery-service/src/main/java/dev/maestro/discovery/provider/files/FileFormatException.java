package dev.maestro.discovery.provider.files;

/** An uploaded file that is not what it claims to be; the message says where ({@code line 4: ...}). */
class FileFormatException extends RuntimeException {

	private final String where;

	FileFormatException(String where, String message) {
		super(where + ": " + message);
		this.where = where;
	}

	/** {@code line 12, column 3}, {@code resources[2].instances[0]}, ... */
	String where() {
		return this.where;
	}

}
