package dev.maestro.inventory.token;

import java.time.Instant;
import java.util.UUID;

import dev.maestro.request.web.ProblemException;
import dev.maestro.request.web.Problems;
import reactor.core.publisher.Mono;

import org.springframework.data.mongodb.core.ReactiveMongoOperations;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/** Opaque, rotating, revocable refresh tokens. */
@Component
public class RefreshTokens {

	private final RefreshTokenRepository tokens;

	private final ReactiveMongoOperations mongo;

	private final TokenProperties properties;

	RefreshTokens(RefreshTokenRepository tokens, ReactiveMongoOperations mongo, TokenProperties properties) {
		this.tokens = tokens;
		this.mongo = mongo;
		this.properties = properties;
	}

	/** A new token starting a new family (a new login). */
	public Mono<String> issue(String userId) {
		return issue(userId, UUID.randomUUID().toString());
	}

	/**
	 * Exchanges a valid token for a new one. A token that is unknown, expired, revoked or already
	 * used is refused with 401; an already used one also revokes its whole family.
	 */
	public Mono<Rotated> rotate(String token) {
		String hash = Secrets.hash(token);
		Instant now = Instant.now();
		// Claim the token atomically, so that two concurrent refreshes cannot both succeed.
		Query unused = Query.query(Criteria.where("_id")
			.is(hash)
			.and("replacedAt")
			.is(null)
			.and("revokedAt")
			.is(null)
			.and("expiresAt")
			.gt(now));
		return this.mongo.findAndModify(unused, new Update().set("replacedAt", now), RefreshToken.class)
			.flatMap((claimed) -> issue(claimed.userId(), claimed.familyId())
				.map((next) -> new Rotated(claimed.userId(), next)))
			.switchIfEmpty(Mono.defer(() -> this.tokens.findById(hash)
				.flatMap((known) -> (known.replacedAt() != null) ? revokeFamily(known.familyId()) : Mono.empty())
				.then(Mono.error(invalid()))));
	}

	/** Revokes the token's family (logout). Unknown tokens are ignored: logout always succeeds. */
	public Mono<Void> revoke(String token) {
		return this.tokens.findById(Secrets.hash(token)).flatMap((known) -> revokeFamily(known.familyId())).then();
	}

	/** Revokes every token of the user (password change). */
	public Mono<Void> revokeAll(String userId) {
		return this.mongo.updateMulti(Query.query(Criteria.where("userId").is(userId).and("revokedAt").is(null)),
				new Update().set("revokedAt", Instant.now()), RefreshToken.class)
			.then();
	}

	private Mono<Void> revokeFamily(String familyId) {
		return this.mongo.updateMulti(Query.query(Criteria.where("familyId").is(familyId).and("revokedAt").is(null)),
				new Update().set("revokedAt", Instant.now()), RefreshToken.class)
			.then();
	}

	private Mono<String> issue(String userId, String familyId) {
		String token = Secrets.generate();
		RefreshToken stored = new RefreshToken(Secrets.hash(token), userId, familyId,
				Instant.now().plus(this.properties.refreshTokenTtl()), null, null);
		return this.tokens.insert(stored).thenReturn(token);
	}

	private static ProblemException invalid() {
		return new ProblemException(Problems.of(HttpStatus.UNAUTHORIZED, "The refresh token is invalid, expired or revoked"));
	}

	/** The user a refresh was for, and the token that replaces the one presented. */
	public record Rotated(String userId, String refreshToken) {
	}

}
