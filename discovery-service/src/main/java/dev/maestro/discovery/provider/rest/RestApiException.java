package dev.maestro.discovery.provider.rest;

/**
 * A third-party API refused a call (after the throttling retries). The message names the call
 * ({@code GET /servers/detail}), the status and the API's explanation; it never carries a
 * credential or a token, so it can be a sync's error and a test's answer.
 */
public class RestApiException extends RuntimeException {

	private final int status;

	public RestApiException(String call, int status, String explanation) {
		super(call + " answered " + status + ": " + explanation);
		this.status = status;
	}

	/** The HTTP status the API answered. */
	public int status() {
		return this.status;
	}

}
