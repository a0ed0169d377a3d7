package dev.maestro.reports;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.maestro.request.messaging.MaestroTopology;
import dev.maestro.request.messaging.MessageTypes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.test.web.reactive.server.WebTestClient;

import static dev.maestro.reports.Fixtures.filter;
import static dev.maestro.reports.Fixtures.general;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Reports are generated asynchronously through the real broker, from inventory's NDJSON export:
 * the right rows for every filter operator, on nested fields and arrays; aggregations; an empty
 * result is READY; pivots join clients, systems, applications and servers; a dead inventory
 * fails the report with a reason; each outcome is announced on {@code maestro.events}.
 */
@ReportsTest
class ReportGenerationTests {

	@Autowired
	WebTestClient client;

	@Autowired
	RabbitAdmin admin;

	@Autowired
	RabbitTemplate rabbit;

	@Autowired
	JsonMapper json;

	private ReportsApi api;

	private String events;

	@BeforeEach
	void team() {
		this.api = new ReportsApi(this.client);
		FakeInventory.put(this.api.teamId, "servers", Fixtures.servers());
		this.events = "maestro.test." + UUID.randomUUID();
		Queue queue = new Queue(this.events, false, true, false);
		this.admin.declareQueue(queue);
		MaestroTopology.bindEvents(queue, MessageTypes.REPORT_READY, MessageTypes.REPORT_FAILED)
			.forEach(this.admin::declareBinding);
	}

	@AfterEach
	void dropQueue() {
		this.admin.deleteQueue(this.events);
	}

	@Test
	void aGeneralReportIsReadyWithTheMatchingRowsAndItsAggregations() {
		String id = this.api.create(general("Production servers", "servers",
				List.of(filter("environment", "equals", "Production")), null));

		Map<String, Object> report = this.api.await(id, "READY");

		assertThat(report).containsEntry("rows", 2).containsEntry("type", "general").containsEntry("entity", "servers");
		assertThat(report.get("generatedAt")).isNotNull();
		@SuppressWarnings("unchecked")
		Map<String, Map<String, Integer>> aggregations = (Map<String, Map<String, Integer>>) report.get("aggregations");
		assertThat(aggregations.get("byProvider")).containsEntry("aws", 1).containsEntry("gcp", 1);
		assertThat(aggregations.get("byRegion")).containsOnlyKeys("eu-west-1", "europe-west1");
		assertThat(aggregations.get("byOs")).containsEntry("Linux", 2);
		assertThat(aggregations.get("byEnvironment")).containsEntry("Production", 2);
		assertThat(hostnames(id)).containsExactly("web-01", "db-01");
		assertThat(FakeInventory.authorizationSeenFor(this.api.teamId)).isEqualTo("Bearer " + FakeInventory.SERVICE_TOKEN);
		Map<String, Object> event = event(id);
		assertThat(event).containsEntry("type", MessageTypes.REPORT_READY).containsEntry("teamId", this.api.teamId);
		assertThat(data(event)).containsEntry("reportId", id).containsEntry("rows", 2);
	}

	@Test
	void everyFilterOperatorSelectsTheRightRecordsIncludingNestedAndArrayFields() {
		Map<Map<String, Object>, List<String>> cases = new LinkedHashMap<>();
		cases.put(filter("environment", "equals", "Production"), List.of("web-01", "db-01"));
		cases.put(filter("environment", "notEquals", "Production"), List.of("dev-01"));
		cases.put(filter("hostname", "contains", "DB"), List.of("db-01"));
		cases.put(filter("hostname", "notContains", "web"), List.of("db-01", "dev-01"));
		cases.put(filter("cpu", "greater", 3), List.of("web-01", "db-01"));
		cases.put(filter("memoryMb", "less", 10000), List.of("web-01", "dev-01"));
		cases.put(filter("createdAt", "before", "2024-01-01"), List.of("dev-01"));
		cases.put(filter("createdAt", "after", "2024-03-01T00:00:00Z"), List.of("db-01"));
		cases.put(filter("datacenter.provider", "in", List.of("gcp", "azure")), List.of("db-01"));
		cases.put(filter("ipv4Private", "exists", true), List.of("web-01", "db-01"));
		cases.put(filter("ipv4Private", "exists", false), List.of("dev-01"));
		cases.put(filter("os.dist", "equals", "Ubuntu"), List.of("web-01"));
		cases.put(filter("storage.sizeGb", "greater", 200), List.of("web-01"));
		cases.put(filter("storage.mountPath", "equals", "/data"), List.of("web-01"));
		cases.put(filter("storage.mountPath", "notEquals", "/data"), List.of("db-01", "dev-01"));
		Map<String, List<String>> expected = new LinkedHashMap<>();
		cases.forEach((condition, hosts) -> expected.put(
				this.api.create(general(condition.toString(), "servers", List.of(condition), List.of("hostname"))), hosts));

		expected.forEach((id, hosts) -> {
			this.api.await(id, "READY");
			assertThat(hostnames(id)).as("rows of %s", this.api.get(id).get("filters")).containsExactlyElementsOf(hosts);
		});
	}

	@Test
	void aReportWithNoMatchingRecordsIsReadyWithZeroRows() {
		Map<String, Object> report = this.api.ready(general("Nothing", "servers",
				List.of(filter("environment", "equals", "Stage")), null));

		assertThat(report).containsEntry("rows", 0).containsEntry("status", "READY");
		assertThat(this.api.call(HttpMethod.GET, this.api.base() + "/" + report.get("id") + "/result", null, 200))
			.containsEntry("items", List.of())
			.containsEntry("rows", 0);
	}

	@Test
	void jsonResultsArePagedWithACursorAcrossStoredChunks() {
		String id = (String) this.api.ready(general("All", "servers", List.of(), List.of("hostname", "cpu"))).get("id");

		Map<String, Object> first = this.api.call(HttpMethod.GET, this.api.base() + "/" + id + "/result?limit=2", null,
				200);
		assertThat(first.get("columns")).isEqualTo(List.of("hostname", "cpu"));
		assertThat(first.get("items")).isEqualTo(List.of(Map.of("hostname", "web-01", "cpu", 4),
				Map.of("hostname", "db-01", "cpu", 16)));
		Map<String, Object> second = this.api.call(HttpMethod.GET,
				this.api.base() + "/" + id + "/result?limit=2&cursor=" + first.get("nextCursor"), null, 200);
		assertThat(second.get("items")).isEqualTo(List.of(Map.of("hostname", "dev-01", "cpu", 2)));
		assertThat(second.get("nextCursor")).isNull();
		this.api.call(HttpMethod.GET, this.api.base() + "/" + id + "/result?cursor=nonsense", null, 400);
		this.api.call(HttpMethod.GET, this.api.base() + "/" + id + "/result?limit=0", null, 400);
	}

	@Test
	void aPivotJoinsClientsSystemsApplicationsAndServersLevelByLevel() {
		String team = this.api.teamId;
		FakeInventory.put(team, "clients", List.of(Map.of("id", "c1", "name", "Acme"), Map.of("id", "c2", "name", "Globex")));
		FakeInventory.put(team, "systems", List.of(
				Map.of("id", "y1", "name", "Shop", "clientIds", List.of("c1"), "applicationIds", List.of("a1", "a2")),
				Map.of("id", "y2", "name", "Billing", "clientIds", List.of("c2"), "applicationIds", List.of("a3"))));
		FakeInventory.put(team, "applications", List.of(
				Map.of("id", "a1", "name", "storefront", "family", "Application", "serverIds", List.of("s1")),
				Map.of("id", "a2", "name", "orders-db", "family", "Database", "serverIds", List.of("s2")),
				Map.of("id", "a3", "name", "ledger", "family", "Application", "serverIds", List.of("s3"))));
		Map<String, Object> levels = new LinkedHashMap<>();
		levels.put("clients", Map.of("filters", List.of(filter("name", "equals", "Acme"))));
		levels.put("systems", Map.of());
		levels.put("applications", Map.of("columns", List.of("name", "family")));
		levels.put("servers", Map.of("columns", List.of("hostname"), "filters",
				List.of(filter("environment", "equals", "Production"))));
		String id = this.api.create(Map.of("name", "Acme estate", "type", "pivot", "levels", levels));

		Map<String, Object> report = this.api.await(id, "READY");

		assertThat(report).containsEntry("rows", 2);
		Map<String, Object> page = this.api.call(HttpMethod.GET, this.api.base() + "/" + id + "/result", null, 200);
		assertThat(page.get("columns")).isEqualTo(
				List.of("client.name", "system.name", "application.name", "application.family", "server.hostname"));
		assertThat(page.get("items")).isEqualTo(List.of(
				Map.of("client.name", "Acme", "system.name", "Shop", "application.name", "storefront",
						"application.family", "Application", "server.hostname", "web-01"),
				Map.of("client.name", "Acme", "system.name", "Shop", "application.name", "orders-db",
						"application.family", "Database", "server.hostname", "db-01")));
		@SuppressWarnings("unchecked")
		Map<String, Map<String, Integer>> aggregations = (Map<String, Map<String, Integer>>) report.get("aggregations");
		assertThat(aggregations.get("byFamily")).containsEntry("Application", 1).containsEntry("Database", 1);

		// Clients straight to servers: systems and applications still link them, unfiltered.
		String skipping = this.api.create(Map.of("name", "Clients and servers", "type", "pivot", "levels",
				Map.of("clients", Map.of(), "servers", Map.of("columns", List.of("hostname")))));
		this.api.await(skipping, "READY");
		Map<String, Object> skipped = this.api.call(HttpMethod.GET, this.api.base() + "/" + skipping + "/result", null,
				200);
		assertThat(skipped.get("items")).isEqualTo(List.of(Map.of("client.name", "Acme", "server.hostname", "web-01"),
				Map.of("client.name", "Acme", "server.hostname", "db-01"),
				Map.of("client.name", "Globex", "server.hostname", "dev-01")));
	}

	@Test
	void anInventoryThatIsDownFailsTheReportWithAReasonAndAnnouncesIt() {
		FakeInventory.down(this.api.teamId);

		String id = this.api.create(general("Doomed", "servers", List.of(), null));
		Map<String, Object> report = this.api.await(id, "FAILED");

		assertThat((String) report.get("error")).contains("inventory");
		Map<String, Object> runs = this.api.call(HttpMethod.GET, this.api.base() + "/" + id + "/runs", null, 200);
		@SuppressWarnings("unchecked")
		Map<String, Object> run = ((List<Map<String, Object>>) runs.get("items")).get(0);
		assertThat(run).containsEntry("status", "FAILED").containsEntry("trigger", "created");
		assertThat(run.get("error")).isNotNull();
		this.api.call(HttpMethod.GET, this.api.base() + "/" + id + "/result", null, 409);
		Map<String, Object> event = event(id);
		assertThat(event).containsEntry("type", MessageTypes.REPORT_FAILED);
		assertThat(data(event)).containsEntry("reportId", id).containsKey("error");
	}

	@Test
	void aRefreshRunsAgainAndKeepsTheHistoryOfRuns() {
		String id = (String) this.api.ready(general("Refreshed", "servers", List.of(), null)).get("id");
		FakeInventory.put(this.api.teamId, "servers", Fixtures.servers().subList(0, 1));

		Map<String, Object> run = this.api.call(HttpMethod.POST, this.api.base() + "/" + id + "/runs", null, 202);
		await().atMost(Duration.ofSeconds(30)).until(() -> Integer.valueOf(1).equals(this.api.get(id).get("rows")));

		Map<String, Object> report = this.api.await(id, "READY");
		assertThat(report).containsEntry("lastRunId", run.get("id"));
		Map<String, Object> runs = this.api.call(HttpMethod.GET, this.api.base() + "/" + id + "/runs", null, 200);
		@SuppressWarnings("unchecked")
		List<Map<String, Object>> items = (List<Map<String, Object>>) runs.get("items");
		assertThat(items).extracting((item) -> item.get("trigger")).containsExactly("manual", "created");
		assertThat(items).extracting((item) -> item.get("rows")).containsExactly(1, 3);
		assertThat(hostnames(id)).containsExactly("web-01");
	}

	@Test
	void aPatchRenamesChangesFiltersAndScheduleAndADeleteRemovesTheReport() {
		String id = (String) this.api.ready(general("Before", "servers", List.of(), null)).get("id");

		Map<String, Object> renamed = this.api.call(HttpMethod.PATCH, this.api.base() + "/" + id,
				Map.of("name", "After", "schedule", Map.of("interval", "PT1H")), 200);
		assertThat(renamed).containsEntry("name", "After").containsEntry("schedule", Map.of("interval", "PT1H"));
		assertThat(renamed.get("nextRunAt")).isNotNull();
		this.api.call(HttpMethod.PATCH, this.api.base() + "/" + id,
				Map.of("filters", List.of(filter("hostname", "equals", "dev-01"))), 200);
		await().atMost(Duration.ofSeconds(30)).until(() -> Integer.valueOf(1).equals(this.api.get(id).get("rows")));
		this.api.call(HttpMethod.PATCH, this.api.base() + "/" + id, Map.of("filters", List.of(filter("cpu", "greater", "x"))),
				400);
		assertThat(this.api.get(id)).containsEntry("name", "After");

		this.client.delete()
			.uri(this.api.base() + "/" + id)
			.header("Authorization", "Bearer " + this.api.token)
			.exchange()
			.expectStatus()
			.isNoContent();
		this.api.call(HttpMethod.GET, this.api.base() + "/" + id, null, 404);
		this.api.call(HttpMethod.GET, this.api.base() + "/" + id + "/result", null, 404);
	}

	@Test
	void badDefinitionsAreRefusedFieldByFieldAndNothingIsStored() {
		List<Map<String, Object>> bad = List.of(
				general("Unknown entity", "starships", List.of(), null),
				general("Unknown op", "servers", List.of(filter("cpu", "roughly", 3)), null),
				general("Wrong type", "servers", List.of(filter("cpu", "greater", "many")), null),
				general("Wrong date", "servers", List.of(filter("createdAt", "before", "yesterday")), null),
				general("Wrong in", "servers", List.of(filter("environment", "in", "Production")), null),
				general("Wrong exists", "servers", List.of(filter("environment", "exists", "yes")), null),
				general("Bad field", "servers", List.of(filter("os..base", "equals", "Linux")), null),
				withSchedule(general("Bad cron", "servers", List.of(), null), Map.of("cron", "every day at noon")),
				withSchedule(general("Too often", "servers", List.of(), null), Map.of("interval", "PT1S")),
				withSchedule(general("Both", "servers", List.of(), null), Map.of("cron", "0 0 * * * *", "interval", "PT1H")),
				Map.of("type", "general", "entity", "servers"),
				Map.of("name", "Pivot without levels", "type", "pivot"),
				Map.of("name", "Bad type", "type", "sideways", "entity", "servers"),
				Map.of("name", "Extra", "entity", "servers", "colour", "red"));
		List<String> fields = new ArrayList<>();
		for (Map<String, Object> definition : bad) {
			Map<String, Object> problem = this.client.post()
				.uri(this.api.base())
				.header("Authorization", "Bearer " + this.api.token)
				.bodyValue(definition)
				.exchange()
				.expectStatus()
				.isBadRequest()
				.expectHeader()
				.contentType("application/problem+json")
				.expectBody(ReportsApi.JSON)
				.returnResult()
				.getResponseBody();
			@SuppressWarnings("unchecked")
			List<Map<String, Object>> errors = (List<Map<String, Object>>) problem.get("errors");
			assertThat(errors).as("errors for %s", definition).isNotEmpty();
			fields.add((String) errors.get(0).get("field"));
		}
		assertThat(fields).containsExactly("entity", "filters[0].op", "filters[0].value", "filters[0].value",
				"filters[0].value", "filters[0].value", "filters[0].field", "schedule.cron", "schedule.interval",
				"schedule", "name", "levels", "type", "colour");
		this.client.post()
			.uri(this.api.base())
			.header("Authorization", "Bearer " + this.api.token)
			.header("Content-Type", "application/json")
			.bodyValue("{not json")
			.exchange()
			.expectStatus()
			.isBadRequest();
		assertThat(this.api.call(HttpMethod.GET, this.api.base(), null, 200)).containsEntry("items", List.of());
		this.api.call(HttpMethod.GET, this.api.base() + "?limit=500", null, 400);
	}

	private static Map<String, Object> withSchedule(Map<String, Object> definition, Map<String, Object> schedule) {
		Map<String, Object> copy = new LinkedHashMap<>(definition);
		copy.put("schedule", schedule);
		return copy;
	}

	@SuppressWarnings("unchecked")
	private List<String> hostnames(String id) {
		Map<String, Object> page = this.api.call(HttpMethod.GET, this.api.base() + "/" + id + "/result?limit=1000", null,
				200);
		return ((List<Map<String, Object>>) page.get("items")).stream().map((item) -> (String) item.get("hostname"))
			.toList();
	}

	/** The event about this report on our own queue (others' events are skipped). */
	@SuppressWarnings("unchecked")
	private Map<String, Object> event(String reportId) {
		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		while (System.nanoTime() < deadline) {
			Message message = this.rabbit.receive(this.events, 1000);
			if (message != null) {
				Map<String, Object> event = this.json.readValue(message.getBody(), Map.class);
				if (reportId.equals(data(event).get("reportId"))) {
					return event;
				}
			}
		}
		throw new AssertionError("no event about report " + reportId);
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> data(Map<String, Object> event) {
		return (Map<String, Object>) event.get("data");
	}

}
