package dev.maestro.websocket.membership;

import java.time.Instant;
import java.util.Set;
import java.util.stream.Collectors;

import dev.maestro.request.messaging.EventEnvelope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.event.EventListener;
import org.springframework.data.annotation.Id;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.ReactiveMongoOperations;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.index.Indexed;
import org.springframework.data.mongodb.core.mapping.Document;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * Remembers who left which team, when. An access token names its teams when it is issued, so a
 * token issued before a removal still names the team until it expires; a connection opened with
 * such a token must not get that team's events. Kept in MongoDB so that every replica, including
 * one started after the removal, agrees.
 */
@Component
@EnableConfigurationProperties(MembershipProperties.class)
public class MembershipRevocations {

	private static final Logger log = LoggerFactory.getLogger(MembershipRevocations.class);

	private final ReactiveMongoOperations mongo;

	private final MembershipProperties properties;

	MembershipRevocations(ReactiveMongoOperations mongo, MembershipProperties properties) {
		this.mongo = mongo;
		this.properties = properties;
	}

	@EventListener(ApplicationReadyEvent.class)
	void createRetentionIndex() {
		this.mongo.indexOps(Revocation.class)
			.createIndex(new Index().on("expiresAt", Sort.Direction.ASC).named("retention").expire(java.time.Duration.ZERO))
			.subscribe(null, (ex) -> log.warn("Could not create the revocation retention index: {}", ex.toString()));
	}

	/** Records the removal the event announces, if any; idempotent. */
	public Mono<Void> record(EventEnvelope event) {
		Removal removal = Removal.of(event);
		if (removal == null) {
			return Mono.empty();
		}
		Query query = Query.query(Criteria.where("_id").is(removal.userId() + ":" + removal.teamId()));
		Update update = new Update().set("userId", removal.userId())
			.set("teamId", removal.teamId())
			.max("removedAt", removal.at())
			.max("expiresAt", removal.at().plus(this.properties.revocationRetention()));
		return this.mongo.findAndModify(query, update, FindAndModifyOptions.options().upsert(true), Revocation.class)
			.then();
	}

	/**
	 * The teams the user left after the token was issued ({@code issuedAt} unknown: every team
	 * they left within the retention).
	 */
	public Mono<Set<String>> leftSince(String userId, Instant issuedAt) {
		Criteria criteria = Criteria.where("userId").is(userId);
		if (issuedAt != null) {
			criteria = criteria.and("removedAt").gt(issuedAt);
		}
		return this.mongo.find(Query.query(criteria), Revocation.class)
			.map(Revocation::teamId)
			.collect(Collectors.toSet());
	}

	@Document("membership_revocations")
	record Revocation(@Id String id, @Indexed String userId, String teamId, Instant removedAt, Instant expiresAt) {
	}

}
