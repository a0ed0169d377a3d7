package dev.maestro.reports;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.maestro.reports.report.Report;
import dev.maestro.reports.report.ReportScheduler;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.ReactiveMongoOperations;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.http.HttpMethod;
import org.springframework.test.web.reactive.server.WebTestClient;

import static dev.maestro.reports.Fixtures.general;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A scheduled report that falls due is run once, however many replicas tick at that moment. */
@ReportsTest
class ReportScheduleTests {

	@Autowired
	WebTestClient client;

	@Autowired
	ReportScheduler scheduler;

	@Autowired
	ReactiveMongoOperations mongo;

	@Test
	void aDueReportRunsExactlyOnceAcrossConcurrentTicks() {
		ReportsApi api = new ReportsApi(this.client);
		FakeInventory.put(api.teamId, "servers", Fixtures.servers());
		Map<String, Object> definition = new java.util.LinkedHashMap<>(general("Hourly", "servers", List.of(), null));
		definition.put("schedule", Map.of("cron", "0 0 * * *"));
		String id = (String) api.ready(definition).get("id");
		assertThat(Instant.parse((String) api.get(id).get("nextRunAt"))).isAfter(Instant.now());

		// Its time comes: as if the hour had passed.
		this.mongo.updateFirst(Query.query(Criteria.where("_id").is(id)),
				new Update().set("nextRunAt", Instant.now().minusSeconds(5)), Report.class).block();
		// Three replicas tick at once, while this replica's own ticking goes on.
		Flux.merge(this.scheduler.tick(), this.scheduler.tick(), this.scheduler.tick()).collectList().block();

		await().atMost(Duration.ofSeconds(30)).until(() -> runs(api, id).size() == 2
				&& "READY".equals(api.get(id).get("status")));
		await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> true);
		List<Map<String, Object>> runs = runs(api, id);
		assertThat(runs).extracting((run) -> run.get("trigger")).containsExactly("schedule", "created");
		assertThat(runs.get(0)).containsEntry("requestedBy", "scheduler").containsEntry("status", "READY");
		assertThat(Instant.parse((String) api.get(id).get("nextRunAt"))).isAfter(Instant.now());
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> runs(ReportsApi api, String id) {
		return (List<Map<String, Object>>) api.call(HttpMethod.GET, api.base() + "/" + id + "/runs", null, 200)
			.get("items");
	}

}
