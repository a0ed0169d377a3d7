package dev.maestro.inventory.entity;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.maestro.inventory.InventoryApi;
import dev.maestro.inventory.InventoryApiTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/** Bulk changes, discovery's upsert by provider id, the NDJSON export and the graph export. */
@InventoryApiTest
class BulkDiscoveryAndExportTests {

	@Autowired
	WebTestClient client;

	InventoryApi api;

	InventoryApi.User user;

	String base;

	@BeforeEach
	void team() {
		this.api = new InventoryApi(this.client);
		this.user = this.api.newUser();
		this.base = "/api/teams/" + this.user.personalTeamId();
	}

	Map<String, Object> call(HttpMethod method, String path, String bearer, Object body, int status) {
		return this.api.call(method, this.base + path, bearer, body, status);
	}

	String discovery() {
		return "Bearer " + this.api.call(HttpMethod.POST, "/api/auth/token", null, Map.of("grantType",
				"client_credentials", "clientId", "discovery-service", "clientSecret", "maestro-dev-service-secret"), 200)
			.get("accessToken");
	}

	@SuppressWarnings("unchecked")
	static List<Map<String, Object>> list(Object value) {
		return (List<Map<String, Object>>) value;
	}

	@Test
	void aBulkRequestReportsEachOperationOnItsOwn() {
		String existing = (String) call(HttpMethod.POST, "/servers", this.user.bearer(), Map.of("hostname", "b-1"), 201)
			.get("id");

		Map<String, Object> answer = call(HttpMethod.POST, "/servers/bulk", this.user.bearer(),
				Map.of("operations", List.of(Map.of("op", "create", "body", Map.of("hostname", "b-2")),
						Map.of("op", "create", "body", Map.of("hostname", "b-3", "ipv4Private", "999.1.1.1")),
						Map.of("op", "patch", "id", existing, "ifMatch", "\"1\"", "body", Map.of("cpu", 2)),
						Map.of("op", "delete", "id", "no-such-server"), Map.of("op", "explode"))),
				200);

		assertThat(list(answer.get("results"))).extracting((r) -> r.get("status")).containsExactly(201, 400, 200, 404, 400);
		assertThat(call(HttpMethod.GET, "/servers/" + existing, this.user.bearer(), null, 200)).containsEntry("cpu", 2);
		assertThat(list(call(HttpMethod.GET, "/servers", this.user.bearer(), null, 200).get("items"))).hasSize(2);
	}

	/**
	 * A bulk call runs several operations at once, but those on the same record one after the
	 * other in the order given: each If-Match below names the version the one before it made.
	 */
	@Test
	void operationsOnTheSameRecordRunInTheirOrder() {
		String id = (String) call(HttpMethod.POST, "/servers", this.user.bearer(), Map.of("hostname", "seq-0"), 201)
			.get("id");
		List<Map<String, Object>> operations = new java.util.ArrayList<>();
		for (int version = 1; version <= 12; version++) {
			operations.add(Map.of("op", "create", "body", Map.of("hostname", "other-" + version)));
			operations.add(Map.of("op", "patch", "id", id, "ifMatch", "\"" + version + "\"", "body",
					Map.of("hostname", "seq-" + version)));
		}
		operations.add(Map.of("op", "delete", "id", id, "ifMatch", "\"13\""));

		List<Map<String, Object>> results = list(
				call(HttpMethod.POST, "/servers/bulk", this.user.bearer(), Map.of("operations", operations), 200)
					.get("results"));

		assertThat(results).extracting((r) -> r.get("index")).containsExactlyElementsOf(
				java.util.stream.IntStream.range(0, operations.size()).boxed().toList());
		assertThat(results).extracting((r) -> r.get("status")).containsOnly(200, 201, 204);
		call(HttpMethod.GET, "/servers/" + id, this.user.bearer(), null, 404);
		assertThat(list(call(HttpMethod.GET, "/servers?q=other-&limit=50", this.user.bearer(), null, 200).get("items")))
			.hasSize(12);
	}

	@Test
	void discoveryUpsertsByProviderIdSkipsWhatDidNotChangeAndKeepsWhatUsersSet() {
		String discovery = discovery();
		Map<String, Object> first = call(HttpMethod.POST, "/servers/discovered", discovery, Map.of("connectionId",
				"aws-prod", "items", List.of(item("i-001", "ip-10-0-0-1", 2), item("i-002", "ip-10-0-0-2", 4))), 200);
		assertThat(first).containsEntry("created", 2).containsEntry("unchanged", 0);
		String id = (String) list(first.get("items")).get(0).get("id");

		Map<String, Object> again = call(HttpMethod.POST, "/servers/discovered", discovery, Map.of("connectionId",
				"aws-prod", "items", List.of(item("i-001", "ip-10-0-0-1", 2), item("i-002", "ip-10-0-0-2", 8))), 200);
		assertThat(again).containsEntry("created", 0).containsEntry("updated", 1).containsEntry("unchanged", 1);

		// A user renames the server; the next sync changes the CPU count but keeps the user's name.
		call(HttpMethod.PATCH, "/servers/" + id, this.user.bearer(), Map.of("hostname", "payments-01"), 200);
		call(HttpMethod.POST, "/servers/discovered", discovery,
				Map.of("connectionId", "aws-prod", "items", List.of(item("i-001", "ip-10-0-0-1", 16))), 200);
		assertThat(call(HttpMethod.GET, "/servers/" + id, this.user.bearer(), null, 200))
			.containsEntry("hostname", "payments-01")
			.containsEntry("cpu", 16);
		Map<String, Object> history = list(call(HttpMethod.GET, "/servers/" + id + "/history", this.user.bearer(), null,
				200).get("items")).get(0);
		assertThat(history).containsEntry("source", "discovery:aws-prod").containsEntry("actor", "service:discovery-service");
	}

	@Test
	void aProviderIdRepeatedInOneBatchIsOneRecord() {
		Map<String, Object> answer = call(HttpMethod.POST, "/servers/discovered", discovery(), Map.of("connectionId",
				"aws-prod", "items", List.of(item("i-009", "twice", 1), item("i-009", "twice", 2))), 200);

		assertThat(answer).containsEntry("created", 1).containsEntry("updated", 1);
		assertThat(list(call(HttpMethod.GET, "/servers", this.user.bearer(), null, 200).get("items")))
			.singleElement()
			.satisfies((server) -> assertThat(server).containsEntry("cpu", 2));
	}

	@Test
	void aServerRegisteredByHandIsRecognisedByItsInstanceId() {
		String manual = (String) call(HttpMethod.POST, "/servers", this.user.bearer(), Map.of("hostname", "legacy",
				"datacenter", Map.of("provider", "aws", "instanceId", "i-777")), 201).get("id");

		Map<String, Object> answer = call(HttpMethod.POST, "/servers/discovered", discovery(),
				Map.of("connectionId", "aws-prod", "items", List.of(item("i-777", "ip-10-9-9-9", 2))), 200);

		assertThat(answer).containsEntry("created", 0).containsEntry("updated", 1);
		assertThat(list(answer.get("items")).get(0)).containsEntry("id", manual);
		assertThat(list(call(HttpMethod.GET, "/servers", this.user.bearer(), null, 200).get("items"))).hasSize(1);
	}

	@Test
	void onlyMaestroServicesReportDiscoveredRecordsAndBadItemsFailAlone() {
		call(HttpMethod.POST, "/servers/discovered", this.user.bearer(),
				Map.of("connectionId", "c1", "items", List.of(item("i-1", "h", 1))), 403);
		Map<String, Object> answer = call(HttpMethod.POST, "/servers/discovered", discovery(), Map.of("connectionId",
				"c1", "items", List.of(item("i-1", "good", 1), Map.of("providerId", "i-2", "body", Map.of("cpu", 1)))),
				200);
		assertThat(answer).containsEntry("created", 1).containsEntry("failed", 1);
		call(HttpMethod.POST, "/servers/discovered", discovery(), Map.of("connectionId", "c1", "items", List.of()), 400);
	}

	@Test
	void recordsAProviderNoLongerReportsBecomeOrphansThenTombstonesAndComeBackWhenTheyReappear() {
		String discovery = discovery();
		Map<String, Object> created = call(HttpMethod.POST, "/servers/discovered", discovery, Map.of("connectionId",
				"aws-prod", "items", List.of(item("i-101", "gone-soon", 2), item("i-102", "stays", 2))), 200);
		String goneId = (String) list(created.get("items")).get(0).get("id");
		String staysId = (String) list(created.get("items")).get(1).get("id");

		// Another connection cannot orphan records it did not see.
		assertThat(call(HttpMethod.POST, "/servers/discovered/orphans", discovery,
				Map.of("connectionId", "aws-other", "providerIds", List.of("i-101")), 200)).containsEntry("orphaned", 0);
		assertThat(call(HttpMethod.POST, "/servers/discovered/orphans", discovery,
				Map.of("connectionId", "aws-prod", "providerIds", List.of("i-101", "i-unknown")), 200))
			.containsEntry("orphaned", 1);
		Map<String, Object> orphan = call(HttpMethod.GET, "/servers/" + goneId, this.user.bearer(), null, 200);
		assertThat(orphan).containsEntry("status", "ORPHAN");
		@SuppressWarnings("unchecked")
		Map<String, Object> seen = (Map<String, Object>) orphan.get("discovery");
		assertThat(seen).containsKey("orphanedAt").containsEntry("connectionId", "aws-prod");
		assertThat(list(call(HttpMethod.GET, "/servers?status=ORPHAN", this.user.bearer(), null, 200).get("items")))
			.extracting((s) -> s.get("id")).containsExactly(goneId);
		assertThat(call(HttpMethod.GET, "/servers/" + staysId, this.user.bearer(), null, 200))
			.doesNotContainEntry("status", "ORPHAN");

		// Only orphans are tombstoned; a tombstone leaves the lists but is not a user's deletion.
		assertThat(call(HttpMethod.POST, "/servers/discovered/tombstones", discovery,
				Map.of("connectionId", "aws-prod", "providerIds", List.of("i-101", "i-102")), 200))
			.containsEntry("tombstoned", 1);
		call(HttpMethod.GET, "/servers/" + goneId, this.user.bearer(), null, 404);

		// It reappears: the same record comes back, active, with the history saying so.
		Map<String, Object> back = call(HttpMethod.POST, "/servers/discovered", discovery, Map.of("connectionId",
				"aws-prod", "items", List.of(item("i-101", "gone-soon", 2))), 200);
		assertThat(back).containsEntry("updated", 1);
		assertThat(call(HttpMethod.GET, "/servers/" + goneId, this.user.bearer(), null, 200))
			.containsEntry("status", "ACTIVE");
		assertThat(list(call(HttpMethod.GET, "/servers/" + goneId + "/history", this.user.bearer(), null, 200)
			.get("items"))).extracting((h) -> h.get("action")).containsSequence("RESTORED", "DELETED", "ORPHANED");
	}

	@Test
	void theSameBatchSentTwiceAtOnceMakesEachRecordOnce() {
		String discovery = discovery();
		List<Map<String, Object>> items = new java.util.ArrayList<>();
		for (int i = 0; i < 200; i++) {
			items.add(item("i-race-" + i, "race-" + i, 2));
		}
		Map<String, Object> body = Map.of("connectionId", "aws-prod", "items", items);
		List<Map<String, Object>> answers = reactor.core.publisher.Flux.range(0, 2)
			.flatMap((i) -> reactor.core.publisher.Mono
				.fromCallable(() -> call(HttpMethod.POST, "/servers/discovered", discovery, body, 200))
				.subscribeOn(reactor.core.scheduler.Schedulers.boundedElastic()))
			.collectList()
			.block();

		assertThat(answers).hasSize(2);
		assertThat(answers.stream().mapToLong((a) -> ((Number) a.get("created")).longValue()).sum()).isEqualTo(200);
		assertThat(this.api.call(HttpMethod.GET, this.base + "/servers?limit=500", this.user.bearer(), null, 200)
			.get("items")).asList().hasSize(200);
	}

	@Test
	void aRecordAUserDeletedStaysDeletedAndOnlyDiscoveryMayOrphan() {
		String discovery = discovery();
		String id = (String) list(call(HttpMethod.POST, "/servers/discovered", discovery, Map.of("connectionId",
				"aws-prod", "items", List.of(item("i-201", "retired", 2))), 200).get("items")).get(0).get("id");
		call(HttpMethod.DELETE, "/servers/" + id, this.user.bearer(), null, 204);

		assertThat(call(HttpMethod.POST, "/servers/discovered", discovery, Map.of("connectionId", "aws-prod", "items",
				List.of(item("i-201", "retired", 4))), 200)).containsEntry("unchanged", 1);
		call(HttpMethod.GET, "/servers/" + id, this.user.bearer(), null, 404);

		call(HttpMethod.POST, "/servers/discovered/orphans", this.user.bearer(),
				Map.of("connectionId", "aws-prod", "providerIds", List.of("i-201")), 403);
		call(HttpMethod.POST, "/servers/discovered/orphans", discovery,
				Map.of("connectionId", "aws prod!", "providerIds", List.of("i-201")), 400);
		call(HttpMethod.POST, "/servers/discovered/tombstones", discovery,
				Map.of("connectionId", "aws-prod", "providerIds", List.of()), 400);
	}

	@Test
	void theExportStreamsEveryLiveRecordAsNdjson() {
		for (int i = 0; i < 3; i++) {
			call(HttpMethod.POST, "/servers", this.user.bearer(), Map.of("hostname", "e-" + i, "environment", "Stage"), 201);
		}
		call(HttpMethod.POST, "/servers", this.user.bearer(), Map.of("hostname", "prod", "environment", "Production"),
				201);

		String ndjson = this.client.get()
			.uri(this.base + "/servers/export?environment=Stage")
			.header("Authorization", this.user.bearer())
			.accept(MediaType.APPLICATION_NDJSON)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();

		assertThat(ndjson.trim().split("\n")).hasSize(3).allSatisfy((line) -> assertThat(line).startsWith("{\"id\":"));
	}

	@Test
	void theGraphExportHoldsTheScopeAndEverythingItDependsOn() {
		String server = (String) call(HttpMethod.POST, "/servers", this.user.bearer(), Map.of("hostname", "db-host"),
				201).get("id");
		String c = app("store", Map.of("family", "Database", "serverIds", List.of(server), "database",
				Map.of("engine", "POSTGRESQL")));
		String b = app("api", Map.of("dependencies", List.of(Map.of("targetId", c, "protocol", "jdbc"))));
		String a = app("web", Map.of("dependencies", List.of(Map.of("targetId", b, "protocol", "http"))));
		app("unrelated", Map.of());
		String system = (String) call(HttpMethod.POST, "/systems", this.user.bearer(),
				Map.of("name", "shop", "applicationIds", List.of(a)), 201).get("id");

		Map<String, Object> fromApp = call(HttpMethod.GET, "/graph-export?applicationIds=" + a, this.user.bearer(), null,
				200);
		assertThat(list(fromApp.get("applications"))).extracting((x) -> x.get("name"))
			.containsExactlyInAnyOrder("web", "api", "store");
		assertThat(list(fromApp.get("edges"))).extracting((e) -> e.get("from") + ">" + e.get("to"))
			.containsExactlyInAnyOrder(a + ">" + b, b + ">" + c);
		assertThat(list(fromApp.get("servers"))).extracting((s) -> s.get("hostname")).containsExactly("db-host");

		assertThat(list(call(HttpMethod.GET, "/graph-export?systemIds=" + system, this.user.bearer(), null, 200)
			.get("applications"))).hasSize(3);
		assertThat(list(call(HttpMethod.GET, "/graph-export?applicationIds=" + c + "&dependents=true",
				this.user.bearer(), null, 200).get("applications"))).hasSize(3);
		call(HttpMethod.GET, "/graph-export?applicationIds=nope", this.user.bearer(), null, 400);
	}

	private String app(String name, Map<String, Object> fields) {
		Map<String, Object> body = new HashMap<>(fields);
		body.put("name", name);
		return (String) call(HttpMethod.POST, "/applications", this.user.bearer(), body, 201).get("id");
	}

	private static Map<String, Object> item(String providerId, String hostname, int cpu) {
		return Map.of("providerId", providerId, "body", Map.of("hostname", hostname, "cpu", cpu, "datacenter",
				Map.of("provider", "aws", "region", "eu-west-1", "instanceId", providerId)));
	}

}
