package dev.maestro.discovery.schedule;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.maestro.discovery.support.DiscoveryTest;
import dev.maestro.discovery.support.Syncs;
import dev.maestro.discovery.support.Tokens;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.ReactiveMongoOperations;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The schedule submits a connection's due tasks once per interval: not again while the sync it
 * submitted runs, not again in the moment between that sync's end and its executions being
 * recorded (two replicas' ticks used to submit a second sync seconds after the first there), and
 * again once the interval has passed.
 */
@DiscoveryTest
class SyncSchedulerTests {

	static final String TEAM = "team-" + UUID.randomUUID();

	static final String OWNER = Tokens.user("owner-schedule", Map.of(TEAM, "OWNER"));

	@Autowired
	SyncScheduler scheduler;

	@Autowired
	ReactiveMongoOperations mongo;

	@Autowired
	WebTestClient client;

	@Test
	void aDueTaskIsSubmittedOncePerInterval() {
		String connectionId = new Syncs(this.client, TEAM, OWNER)
			.createConnection(Map.of("name", "scheduled", "provider", "files", "credentials", Map.of()));
		Query ofConnection = Query.query(Criteria.where("connectionId").is(connectionId));
		Instant now = Instant.now();

		assertThat(syncsSubmittedAt(now, ofConnection)).as("never run: every task is due").isEqualTo(1);
		assertThat(syncsSubmittedAt(now, ofConnection)).as("the sync just submitted covers the tasks").isZero();

		await().atMost(Duration.ofSeconds(60)).until(() -> this.mongo.find(ofConnection, Document.class, "syncs")
			.all((sync) -> List.of("SUCCEEDED", "FAILED").contains(sync.getString("status")))
			.block());
		// The moment between a sync's end and its executions being written, or a sync that failed
		// before any execution: the sync itself still counts as the tasks' last run.
		this.mongo.remove(ofConnection, "executions").block();
		assertThat(syncsSubmittedAt(Instant.now(), ofConnection)).as("finished, executions not recorded yet").isZero();

		assertThat(syncsSubmittedAt(Instant.now().plus(Duration.ofHours(2)), ofConnection))
			.as("the interval (1 h for files tasks) has passed").isEqualTo(1);
	}

	private long syncsSubmittedAt(Instant when, Query ofConnection) {
		long before = count(ofConnection);
		this.scheduler.submitDue(when).block();
		return count(ofConnection) - before;
	}

	private long count(Query ofConnection) {
		return this.mongo.count(ofConnection, "syncs").block();
	}

}
