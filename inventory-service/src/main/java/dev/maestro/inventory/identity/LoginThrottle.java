package dev.maestro.inventory.identity;

import java.time.Duration;
import java.time.Instant;

import dev.maestro.request.web.ProblemException;
import dev.maestro.request.web.Problems;
import reactor.core.publisher.Mono;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.ReactiveMongoOperations;
import org.springframework.data.mongodb.core.mapping.Document;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Counts failed logins per account and per client address, and refuses further attempts with
 * 429 and {@code Retry-After} once either has failed too often. Kept in MongoDB so that every
 * replica sees the same counts.
 */
@Component
class LoginThrottle {

	private final ReactiveMongoOperations mongo;

	private final LoginThrottleProperties properties;

	LoginThrottle(ReactiveMongoOperations mongo, LoginThrottleProperties properties) {
		this.mongo = mongo;
		this.properties = properties;
	}

	Mono<Void> check(String email, String address) {
		Instant now = Instant.now();
		return this.mongo.findById(accountKey(email), Failures.class)
			.concatWith(this.mongo.findById(addressKey(address), Failures.class))
			.filter((failures) -> failures.lockedUntil() != null && failures.lockedUntil().isAfter(now))
			.next()
			.flatMap((locked) -> {
				long seconds = Math.max(1, Duration.between(now, locked.lockedUntil()).toSeconds());
				return Mono.error(new ProblemException(Problems.of(HttpStatus.TOO_MANY_REQUESTS,
						"Too many failed logins; try again in " + seconds + " seconds"))
					.withHeader(HttpHeaders.RETRY_AFTER, String.valueOf(seconds)));
			});
	}

	Mono<Void> failed(String email, String address) {
		return count(accountKey(email), this.properties.maxFailuresPerAccount())
			.then(count(addressKey(address), this.properties.maxFailuresPerAddress()));
	}

	Mono<Void> succeeded(String email) {
		return this.mongo.remove(new Failures(accountKey(email), 0, null, null)).then();
	}

	private Mono<Void> count(String key, int limit) {
		Instant now = Instant.now();
		return this.mongo.findById(key, Failures.class)
			.filter((failures) -> failures.windowStart().plus(this.properties.window()).isAfter(now))
			.defaultIfEmpty(new Failures(key, 0, now, null))
			.map((failures) -> {
				int count = failures.count() + 1;
				Instant lockedUntil = (count >= limit) ? now.plus(this.properties.lockout()) : null;
				return new Failures(key, (lockedUntil != null) ? 0 : count,
						(lockedUntil != null) ? now : failures.windowStart(), lockedUntil);
			})
			.flatMap(this.mongo::save)
			.then();
	}

	private static String accountKey(String email) {
		return "account:" + email;
	}

	private static String addressKey(String address) {
		return "address:" + address;
	}

	@Document("login_failures")
	record Failures(@Id String key, int count, Instant windowStart, Instant lockedUntil) {
	}

}
