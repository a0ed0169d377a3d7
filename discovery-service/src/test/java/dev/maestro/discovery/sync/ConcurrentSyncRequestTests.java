package dev.maestro.discovery.sync;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.maestro.discovery.support.DiscoveryTest;
import dev.maestro.discovery.support.Syncs;
import dev.maestro.discovery.support.Tokens;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.ReactiveMongoOperations;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Requests for a sync of the same connection that arrive at the same moment: one is accepted,
 * the others are refused with 409 — never two syncs of a connection active at once (checking for
 * an active sync and inserting the new one used to be two separate steps, and all of a burst of
 * requests passed the check before any had inserted).
 */
@DiscoveryTest
class ConcurrentSyncRequestTests {

	static final String TEAM = "team-" + UUID.randomUUID();

	static final String OWNER = Tokens.user("owner-concurrent", Map.of(TEAM, "OWNER"));

	static final int REQUESTS = 8;

	@Autowired
	WebTestClient client;

	@Autowired
	ReactiveMongoOperations mongo;

	@Test
	void syncsRequestedAtTheSameMomentNeverRunSideBySide() throws Exception {
		String connectionId = new Syncs(this.client, TEAM, OWNER)
			.createConnection(Map.of("name", "same moment", "provider", "files", "credentials", Map.of()));
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService pool = Executors.newFixedThreadPool(REQUESTS);
		List<Integer> statuses = new ArrayList<>();
		try {
			List<Future<Integer>> answers = new ArrayList<>();
			for (int i = 0; i < REQUESTS; i++) {
				answers.add(pool.submit(() -> {
					start.await();
					return this.client.post()
						.uri("/api/teams/{t}/connections/{c}/syncs", TEAM, connectionId)
						.header("Authorization", "Bearer " + OWNER)
						.bodyValue(Map.of("tasks", List.of("servers")))
						.exchange()
						.returnResult(String.class)
						.getStatus()
						.value();
				}));
			}
			start.countDown();
			for (Future<Integer> answer : answers) {
				statuses.add(answer.get());
			}
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(statuses).as("answers %s", statuses).containsOnly(202, 409).contains(202, 409);

		Query ofConnection = Query.query(Criteria.where("connectionId").is(connectionId));
		List<SyncRun> runs = new ArrayList<>();
		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
			runs.clear();
			runs.addAll(this.mongo.find(ofConnection, SyncRun.class).collectList().block());
			assertThat(runs).allSatisfy((run) -> assertThat(run.finishedAt()).as("sync %s", run).isNotNull());
		});
		assertThat(runs).hasSize((int) statuses.stream().filter((status) -> status == 202).count());
		runs.sort(Comparator.comparing(SyncRun::createdAt));
		for (int i = 1; i < runs.size(); i++) {
			assertThat(runs.get(i).createdAt()).as("sync %s was accepted while %s was still active", runs.get(i).id(),
					runs.get(i - 1).id())
				.isAfterOrEqualTo(runs.get(i - 1).finishedAt());
		}
	}

}
