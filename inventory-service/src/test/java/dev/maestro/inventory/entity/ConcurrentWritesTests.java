package dev.maestro.inventory.entity;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

import dev.maestro.inventory.InventoryApi;
import dev.maestro.inventory.InventoryApiTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Writers of one record at the same moment: with If-Match exactly one wins per version and the
 * others get 412; without a precondition nobody gets a 412 (a write that lost the race used to be
 * refused as stale although the client had asked for no version check — seen by .ci/faults.py
 * when the same bulk replace was sent twice at once).
 */
@InventoryApiTest
class ConcurrentWritesTests {

	static final int WRITERS = 8;

	@Autowired
	WebTestClient client;

	InventoryApi api;

	InventoryApi.User user;

	String server;

	@BeforeEach
	void record() {
		this.api = new InventoryApi(this.client);
		this.user = this.api.newUser();
		this.server = "/api/teams/" + this.user.personalTeamId() + "/servers/"
				+ this.api.call(HttpMethod.POST, "/api/teams/" + this.user.personalTeamId() + "/servers",
						this.user.bearer(), Map.of("hostname", "contended", "cpu", 1), 201).get("id");
	}

	@Test
	void withIfMatchExactlyOneWriterWinsAVersion() throws Exception {
		List<Integer> statuses = atOnce((i) -> patch(Map.of("cpu", i + 2), "\"1\""));

		assertThat(statuses).containsOnly(200, 412).filteredOn((status) -> status == 200).hasSize(1);
		assertThat(this.api.call(HttpMethod.GET, this.server, this.user.bearer(), null, 200)).containsKey("cpu");
	}

	@Test
	void withoutAPreconditionEveryWriteIsAppliedOneAfterTheOther() throws Exception {
		List<Integer> statuses = atOnce((i) -> patch(Map.of("cpu", i + 2), null));

		assertThat(statuses).as("statuses").containsOnly(200);
		Map<String, Object> history = this.api.call(HttpMethod.GET, this.server + "/history", this.user.bearer(), null,
				200);
		assertThat((List<?>) history.get("items")).as("one history entry per write, and the creation")
			.hasSize(WRITERS + 1);
	}

	@Test
	@SuppressWarnings("unchecked")
	void aBulkReplaceSentTwiceAtOnceSucceedsBothTimes() throws Exception {
		String id = this.server.substring(this.server.lastIndexOf('/') + 1);
		String bulk = this.server.substring(0, this.server.lastIndexOf('/')) + "/bulk";
		List<Integer> statuses = atOnce((i) -> {
			Map<String, Object> answer = this.api.call(HttpMethod.POST, bulk, this.user.bearer(), Map.of("operations",
					List.of(Map.of("op", "replace", "id", id, "body", Map.of("hostname", "contended", "cpu", 100 + i)))),
					200);
			return (Integer) ((List<Map<String, Object>>) answer.get("results")).get(0).get("status");
		});

		assertThat(statuses).containsOnly(200);
	}

	private int patch(Map<String, Object> body, String ifMatch) {
		WebTestClient.RequestBodySpec spec = this.client.patch()
			.uri(this.server)
			.header("Authorization", this.user.bearer())
			.contentType(MediaType.APPLICATION_JSON);
		if (ifMatch != null) {
			spec.header("If-Match", ifMatch);
		}
		return spec.bodyValue(body).exchange().returnResult(String.class).getStatus().value();
	}

	/** Runs {@link #WRITERS} calls released at the same moment; their statuses. */
	private static List<Integer> atOnce(IntFunction<Integer> call) throws Exception {
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
		try {
			List<Future<Integer>> answers = new ArrayList<>();
			for (int i = 0; i < WRITERS; i++) {
				int writer = i;
				answers.add(pool.submit(() -> {
					start.await();
					return call.apply(writer);
				}));
			}
			start.countDown();
			List<Integer> statuses = new ArrayList<>();
			for (Future<Integer> answer : answers) {
				statuses.add(answer.get());
			}
			return statuses;
		}
		finally {
			pool.shutdownNow();
		}
	}

}
