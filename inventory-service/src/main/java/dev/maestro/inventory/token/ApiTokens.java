package dev.maestro.inventory.token;

import java.time.Instant;
import java.util.UUID;

import dev.maestro.request.web.ProblemException;
import dev.maestro.request.web.Problems;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.data.mongodb.core.ReactiveMongoOperations;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Personal API tokens for scripts and CI: {@code mst_} and 43 random characters, shown once at
 * creation, stored hashed, revocable. They are exchanged (by the gateway, or by the script) for a
 * short-lived access token at {@code POST /api/auth/token}, so services only ever see JWTs.
 */
@Component
public class ApiTokens {

	/** Every personal token starts with this, so that it is recognisable (and scannable in leaks). */
	public static final String PREFIX = "mst_";

	private final ApiTokenRepository tokens;

	private final ReactiveMongoOperations mongo;

	ApiTokens(ApiTokenRepository tokens, ReactiveMongoOperations mongo) {
		this.tokens = tokens;
		this.mongo = mongo;
	}

	/** Creates a token; the answer is the only time the token itself is seen. */
	public Mono<Created> create(String userId, String name, Instant expiresAt) {
		String token = PREFIX + Secrets.generate();
		ApiToken stored = new ApiToken(UUID.randomUUID().toString(), Secrets.hash(token),
				token.substring(0, PREFIX.length() + 6), userId, name, Instant.now(), expiresAt, null, null);
		return this.tokens.insert(stored).map((saved) -> new Created(View.of(saved), token));
	}

	public Flux<View> list(String userId) {
		return this.tokens.findByUserIdAndRevokedAtIsNullOrderByCreatedAtDesc(userId).map(View::of);
	}

	/** Revokes one of the user's tokens; another user's token is "not found". */
	public Mono<Void> revoke(String userId, String tokenId) {
		return this.mongo
			.updateFirst(Query.query(Criteria.where("_id").is(tokenId).and("userId").is(userId).and("revokedAt").is(null)),
					new Update().set("revokedAt", Instant.now()), ApiToken.class)
			.flatMap((result) -> (result.getMatchedCount() == 0)
					? Mono.error(new ProblemException(Problems.notFound("API token", tokenId))) : Mono.empty());
	}

	/** The user a valid token belongs to; 401 for an unknown, expired or revoked token. */
	public Mono<String> userOf(String token) {
		Instant now = Instant.now();
		return this.tokens.findByHash(Secrets.hash(token))
			.filter((known) -> known.revokedAt() == null && (known.expiresAt() == null || known.expiresAt().isAfter(now)))
			.switchIfEmpty(Mono.error(() -> new ProblemException(
					Problems.of(HttpStatus.UNAUTHORIZED, "The API token is invalid, expired or revoked"))))
			.flatMap((known) -> this.mongo
				.updateFirst(Query.query(Criteria.where("_id").is(known.id())), new Update().set("lastUsedAt", now),
						ApiToken.class)
				.thenReturn(known.userId()));
	}

	/** A token as its owner sees it in a list: never the token itself. */
	public record View(String id, String name, String prefix, Instant createdAt, Instant expiresAt,
			Instant lastUsedAt) {

		static View of(ApiToken token) {
			return new View(token.id(), token.name(), token.prefix(), token.createdAt(), token.expiresAt(),
					token.lastUsedAt());
		}

	}

	/** A newly created token: its view and, this once, the token. */
	public record Created(View view, String token) {
	}

}
