package dev.maestro.gateway.ratelimit;

/**
 * A token bucket: it holds up to {@code capacity} tokens, refills continuously at
 * {@code tokensPerSecond}, and each request takes one. Times are {@link System#nanoTime()}
 * readings, passed in so that the arithmetic is testable without waiting.
 */
final class TokenBucket {

	private static final double NANOS_PER_SECOND = 1_000_000_000d;

	private final double capacity;

	private final double tokensPerSecond;

	private double tokens;

	private long updatedAt;

	TokenBucket(int capacity, double tokensPerSecond, long now) {
		this.capacity = capacity;
		this.tokensPerSecond = tokensPerSecond;
		this.tokens = capacity;
		this.updatedAt = now;
	}

	/** Takes a token if there is one, and says what is left or how long to wait. */
	synchronized Decision take(long now) {
		double elapsed = Math.max(0, now - this.updatedAt) / NANOS_PER_SECOND;
		this.tokens = Math.min(this.capacity, this.tokens + elapsed * this.tokensPerSecond);
		this.updatedAt = now;
		if (this.tokens >= 1) {
			this.tokens -= 1;
			return new Decision(true, (long) Math.floor(this.tokens), 0);
		}
		// Whole seconds, rounded up: Retry-After has no finer unit, and early retries would fail.
		long wait = (long) Math.ceil((1 - this.tokens) / this.tokensPerSecond);
		return new Decision(false, 0, Math.max(1, wait));
	}

	/**
	 * The outcome of one request.
	 *
	 * @param allowed whether the request may proceed
	 * @param remaining whole tokens left after it
	 * @param retryAfterSeconds when refused, seconds until a token is available
	 */
	record Decision(boolean allowed, long remaining, long retryAfterSeconds) {
	}

}
