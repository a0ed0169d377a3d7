package dev.maestro.inventory.entity;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.maestro.inventory.InventoryApi;
import dev.maestro.inventory.InventoryApiTest;
import dev.maestro.request.messaging.MaestroTopology;
import dev.maestro.request.messaging.MessageTypes;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/** The inventory API every collection shares, through real HTTP on real MongoDB and AMQP. */
@InventoryApiTest
class InventoryRecordsApiTests {

	static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
	};

	@Autowired
	WebTestClient client;

	@Autowired
	RabbitTemplate rabbit;

	@Autowired
	RabbitAdmin admin;

	@Autowired
	org.springframework.data.mongodb.core.ReactiveMongoOperations mongo;

	@Autowired
	EntityIndexes indexes;

	@Autowired
	EntityTypes types;

	InventoryApi api;

	InventoryApi.User user;

	String base;

	@BeforeEach
	void team() {
		this.api = new InventoryApi(this.client);
		this.user = this.api.newUser();
		this.base = "/api/teams/" + this.user.personalTeamId();
	}

	Map<String, Object> create(String collection, Map<String, Object> body) {
		return this.api.call(HttpMethod.POST, this.base + "/" + collection, this.user.bearer(), body, 201);
	}

	Map<String, Object> call(HttpMethod method, String path, Object body, int status) {
		return this.api.call(method, this.base + path, this.user.bearer(), body, status);
	}

	@SuppressWarnings("unchecked")
	static List<Map<String, Object>> items(Map<String, Object> page) {
		return (List<Map<String, Object>>) page.get("items");
	}

	@Test
	void aServerIsCreatedReadAndListedWithItsEtag() {
		Map<String, Object> server = create("servers", Map.of("hostname", "web-01", "ipv4Private", "10.0.0.1", "os",
				Map.of("base", "Linux", "dist", "Ubuntu", "version", "24.04"), "environment", "Production", "cpu", 4));
		assertThat(server).containsKeys("id", "createdAt", "updatedAt").containsEntry("version", 1);
		assertThat((List<?>) server.get("warnings")).isEmpty();

		this.client.get()
			.uri(this.base + "/servers/{id}", server.get("id"))
			.header("Authorization", this.user.bearer())
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals("ETag", "\"1\"")
			.expectBody()
			.jsonPath("$.os.dist")
			.isEqualTo("Ubuntu")
			.jsonPath("$.cpu")
			.isEqualTo(4);
	}

	@Test
	void aDuplicateHostnameOrPrivateAddressIsAcceptedWithAWarning() {
		Map<String, Object> first = create("servers", Map.of("hostname", "db-01", "ipv4Private", "10.1.0.5"));

		Map<String, Object> second = create("servers", Map.of("hostname", "db-01", "ipv4Private", "10.1.0.5"));

		assertThat(second.get("warnings").toString()).contains("DUPLICATE_HOSTNAME", "DUPLICATE_IPV4_PRIVATE",
				(String) first.get("id"));
	}

	@Test
	void invalidServersAreRefusedFieldByFieldAndNothingIsStored() {
		Map<String, Object> problem = call(HttpMethod.POST, "/servers",
				Map.of("hostname", "", "ipv4Private", "10.0.0.300", "ipv4Public", "not-an-ip"), 400);
		assertThat(problem.get("errors").toString()).contains("hostname", "ipv4Private", "ipv4Public");

		assertThat(call(HttpMethod.POST, "/servers", Map.of("hostname", "x", "environment", "Prod"), 400)
			.get("errors")
			.toString()).contains("environment", "Production, Development, Stage");
		assertThat(call(HttpMethod.POST, "/servers", Map.of("hostname", "x", "colour", "blue"), 400).get("errors")
			.toString()).contains("colour");
		assertThat(call(HttpMethod.POST, "/servers", Map.of("hostname", "x", "cpu", "many"), 400).get("errors")
			.toString()).contains("cpu");

		assertThat(items(call(HttpMethod.GET, "/servers", null, 200))).isEmpty();
	}

	@Test
	void aStaleIfMatchIsRefusedWith412AndAFreshOneUpdates() {
		String id = (String) create("servers", Map.of("hostname", "app-01", "cpu", 2)).get("id");

		this.client.put()
			.uri(this.base + "/servers/{id}", id)
			.header("Authorization", this.user.bearer())
			.header("If-Match", "\"1\"")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("hostname", "app-01", "cpu", 4))
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals("ETag", "\"2\"");

		this.client.put()
			.uri(this.base + "/servers/{id}", id)
			.header("Authorization", this.user.bearer())
			.header("If-Match", "\"1\"")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("hostname", "app-01", "cpu", 8))
			.exchange()
			.expectStatus()
			.isEqualTo(412);
		assertThat(call(HttpMethod.GET, "/servers/" + id, null, 200)).containsEntry("cpu", 4);
	}

	@Test
	void aPatchMergesAndNullRemovesAField() {
		String id = (String) create("servers",
				Map.of("hostname", "cache-01", "os", Map.of("base", "Linux", "version", "9"), "ipv4Public", "203.0.113.9"))
			.get("id");
		Map<String, Object> patch = new java.util.HashMap<>();
		patch.put("os", Map.of("version", "10"));
		patch.put("ipv4Public", null);

		Map<String, Object> patched = this.client.patch()
			.uri(this.base + "/servers/{id}", id)
			.header("Authorization", this.user.bearer())
			.contentType(MediaType.valueOf("application/merge-patch+json"))
			.bodyValue(patch)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();

		assertThat(patched.get("os")).isEqualTo(Map.of("base", "Linux", "version", "10"));
		assertThat(patched).doesNotContainKey("ipv4Public").containsEntry("hostname", "cache-01");
	}

	@Test
	void aDeletedRecordLeavesTheListsAndComesBackWhenRestored() {
		String id = (String) create("servers", Map.of("hostname", "old-01")).get("id");

		call(HttpMethod.DELETE, "/servers/" + id, null, 204);
		call(HttpMethod.GET, "/servers/" + id, null, 404);
		assertThat(items(call(HttpMethod.GET, "/servers", null, 200))).isEmpty();
		assertThat(items(call(HttpMethod.GET, "/servers?deleted=true", null, 200))).extracting((s) -> s.get("id"))
			.containsExactly(id);

		call(HttpMethod.POST, "/servers/" + id + "/restore", null, 200);
		assertThat(items(call(HttpMethod.GET, "/servers", null, 200))).extracting((s) -> s.get("id")).containsExactly(id);
	}

	@Test
	void theHistoryTellsWhoChangedWhatWhenAndThroughWhichRequestNewestFirst() {
		String id = (String) create("servers", Map.of("hostname", "hist-01", "cpu", 2)).get("id");
		this.client.patch()
			.uri(this.base + "/servers/{id}", id)
			.header("Authorization", this.user.bearer())
			.header("X-Request-Id", "history-test-0001")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("cpu", 8))
			.exchange()
			.expectStatus()
			.isOk();
		call(HttpMethod.DELETE, "/servers/" + id, null, 204);
		call(HttpMethod.POST, "/servers/" + id + "/restore", null, 200);

		List<Map<String, Object>> history = items(call(HttpMethod.GET, "/servers/" + id + "/history", null, 200));

		assertThat(history).extracting((entry) -> entry.get("action"))
			.containsExactly("RESTORED", "DELETED", "UPDATED", "CREATED");
		Map<String, Object> update = history.get(2);
		assertThat(update).containsEntry("actor", this.user.id())
			.containsEntry("source", "user")
			.containsEntry("requestId", "history-test-0001");
		assertThat(update.get("changes")).isEqualTo(List.of(Map.of("field", "cpu", "from", 2, "to", 8)));
		assertThat(items(call(HttpMethod.GET, "/history", null, 200))).hasSizeGreaterThanOrEqualTo(4);
	}

	@Test
	void pagesFollowTheSortAndTheCursorWithFiltersSearchAndSparseFields() {
		for (int i = 7; i >= 1; i--) {
			create("servers", Map.of("hostname", "node-0" + i, "environment", (i % 2 == 0) ? "Stage" : "Production",
					"os", Map.of("base", "Linux")));
		}
		List<String> hostnames = new ArrayList<>();
		String cursor = null;
		int pages = 0;
		do {
			Map<String, Object> page = call(HttpMethod.GET,
					"/servers?limit=3&sort=hostname" + ((cursor != null) ? "&cursor=" + cursor : ""), null, 200);
			items(page).forEach((server) -> hostnames.add((String) server.get("hostname")));
			cursor = (String) page.get("nextCursor");
			pages++;
		}
		while (cursor != null);
		assertThat(pages).isEqualTo(3);
		assertThat(hostnames).containsExactly("node-01", "node-02", "node-03", "node-04", "node-05", "node-06",
				"node-07");

		assertThat(items(call(HttpMethod.GET, "/servers?sort=-hostname&limit=2", null, 200)))
			.extracting((s) -> s.get("hostname"))
			.containsExactly("node-07", "node-06");
		assertThat(items(call(HttpMethod.GET, "/servers?environment=Stage", null, 200))).hasSize(3);
		assertThat(items(call(HttpMethod.GET, "/servers?q=DE-05", null, 200))).extracting((s) -> s.get("hostname"))
			.containsExactly("node-05");
		Map<String, Object> sparse = items(call(HttpMethod.GET, "/servers?fields=hostname&limit=1", null, 200)).get(0);
		assertThat(sparse).containsKeys("id", "hostname").doesNotContainKey("os");
	}

	/**
	 * {@code q=} finds text anywhere in the name-like fields, whatever its case and length, sees a
	 * rename at once, and finds records stored before the search had its trigram index once the
	 * start-up migration has given them theirs.
	 */
	@Test
	void textSearchFindsAnyPartOfTheNameLikeFields() {
		Map<String, Object> web = create("servers", Map.of("hostname", "Web-Frontend-07", "ipv4Private", "10.20.30.40"));
		create("servers", Map.of("hostname", "db-primary", "ipv4Private", "10.20.31.5"));

		assertThat(hostnames("/servers?q=FRONTEND")).containsExactly("Web-Frontend-07");
		assertThat(hostnames("/servers?q=10.20.3&sort=hostname")).containsExactly("Web-Frontend-07", "db-primary");
		assertThat(hostnames("/servers?q=30.40")).containsExactly("Web-Frontend-07");
		assertThat(hostnames("/servers?q=-p&sort=hostname")).containsExactly("db-primary");
		assertThat(hostnames("/servers?q=frontend-07 10.20")).containsExactly("Web-Frontend-07");
		assertThat(hostnames("/servers?q=frontend-08")).isEmpty();

		call(HttpMethod.PATCH, "/servers/" + web.get("id"), Map.of("hostname", "edge-proxy"), 200);
		assertThat(hostnames("/servers?q=frontend")).isEmpty();
		assertThat(hostnames("/servers?q=proxy")).containsExactly("edge-proxy");

		String teamId = this.user.personalTeamId();
		this.mongo.insert(new org.bson.Document("_id", UUID.randomUUID().toString()).append("teamId", teamId)
			.append("hostname", "legacy-box")
			.append(TextSearch.TEXT, "legacy-box")
			.append(EntityService.META, new org.bson.Document("version", 1L).append("deletedAt", null)), "servers")
			.block();
		assertThat(hostnames("/servers?q=legacy")).isEmpty();
		this.indexes.addSearchGrams(this.types.get("servers")).block();
		assertThat(hostnames("/servers?q=legacy")).containsExactly("legacy-box");
		assertThat(call(HttpMethod.GET, "/servers?q=legacy", null, 200).toString()).doesNotContain("_grams", "_search");
	}

	private List<Object> hostnames(String path) {
		return items(call(HttpMethod.GET, path, null, 200)).stream().map((server) -> server.get("hostname")).toList();
	}

	@Test
	void badListParametersAreRefusedByName() {
		assertThat(call(HttpMethod.GET, "/servers?limit=0", null, 400).get("errors").toString()).contains("limit");
		assertThat(call(HttpMethod.GET, "/servers?sort=password", null, 400).get("errors").toString()).contains("sort");
		assertThat(call(HttpMethod.GET, "/servers?cursor=garbage", null, 400).get("errors").toString())
			.contains("cursor");
		assertThat(call(HttpMethod.GET, "/servers?secret=1", null, 400).get("errors").toString()).contains("secret");
		call(HttpMethod.GET, "/no-such-collection", null, 404);
	}

	@Test
	void dependenciesMustPointAtApplicationsOfTheSameTeam() {
		String database = (String) create("applications", Map.of("name", "orders-db", "family", "Database",
				"database", Map.of("engine", "POSTGRESQL", "version", "16"))).get("id");
		Map<String, Object> app = create("applications", Map.of("name", "orders", "dependencies",
				List.of(Map.of("targetId", database, "protocol", "jdbc"))));
		assertThat(app).containsEntry("family", "Application");

		InventoryApi.User other = this.api.newUser();
		String foreign = (String) this.api.call(HttpMethod.POST,
				"/api/teams/" + other.personalTeamId() + "/applications", other.bearer(), Map.of("name", "theirs"), 201)
			.get("id");
		assertThat(call(HttpMethod.POST, "/applications",
				Map.of("name", "sneaky", "dependencies", List.of(Map.of("targetId", foreign))), 400)
			.get("errors")
			.toString()).contains("dependencies[0].targetId", "no application with id " + foreign);
		assertThat(call(HttpMethod.PATCH, "/applications/" + app.get("id"),
				Map.of("dependencies", List.of(Map.of("targetId", app.get("id")))), 400)
			.get("errors")
			.toString()).contains("cannot depend on itself");
		assertThat(call(HttpMethod.POST, "/applications", Map.of("name", "x", "systemIds", List.of("missing")), 400)
			.get("errors")
			.toString()).contains("systemIds[0]");
	}

	@Test
	void databasesHaveTheirEngineForms() {
		String a = (String) create("servers", Map.of("hostname", "ora-a")).get("id");
		String b = (String) create("servers", Map.of("hostname", "ora-b")).get("id");
		Map<String, Object> rac = Map.of("engine", "ORACLE", "version", "19c", "oracle", Map.of("storage", "ASM",
				"topology", "RAC", "grid", true, "cdbs", List.of(Map.of("name", "CDB1", "pdbs", List.of("SALES"))),
				"backups", List.of("DATA_GUARD")));
		Map<String, Object> created = create("applications",
				Map.of("name", "erp-db", "family", "Database", "serverIds", List.of(a, b), "database", rac));
		assertThat(created.get("database").toString()).contains("RAC", "CDB1", "SALES", "DATA_GUARD");

		assertThat(call(HttpMethod.POST, "/applications",
				Map.of("name", "erp-db2", "family", "Database", "serverIds", List.of(a), "database", rac), 400)
			.get("errors")
			.toString()).contains("serverIds", "two or more servers");
		assertThat(call(HttpMethod.POST, "/applications", Map.of("name", "wrong", "family", "Database", "database",
				Map.of("engine", "MYSQL", "oracle", Map.of("storage", "ASM"))), 400)
			.get("errors")
			.toString()).contains("oracle form needs engine ORACLE");
		assertThat(call(HttpMethod.POST, "/applications",
				Map.of("name", "app", "database", Map.of("engine", "MYSQL")), 400)
			.get("errors")
			.toString()).contains("Database family");
		create("applications", Map.of("name", "shop-db", "family", "Database", "database",
				Map.of("engine", "AURORA", "version", "8.0", "mysql", Map.of("topology", "CLUSTER", "replicas", 2))));
	}

	@Test
	void aDatabaseOnAServerGivesTheServerItsDatabaseService() {
		String server = (String) create("servers", Map.of("hostname", "ora-host")).get("id");
		String oracle = (String) items(call(HttpMethod.GET, "/services?engine=ORACLE", null, 200)).get(0).get("id");

		create("applications", Map.of("name", "billing-db", "family", "Database", "serverIds", List.of(server),
				"database", Map.of("engine", "ORACLE", "version", "19c")));

		Map<String, Object> updated = call(HttpMethod.GET, "/servers/" + server, null, 200);
		assertThat(updated.get("services")).isEqualTo(List.of(Map.of("serviceId", oracle, "status", "running")));
		assertThat(items(call(HttpMethod.GET, "/servers/" + server + "/history", null, 200)).get(0).get("source"))
			.asString()
			.startsWith("derived:database");

		// Registering a second database of the same engine does not list the service twice.
		create("applications", Map.of("name", "billing-db-2", "family", "Database", "serverIds", List.of(server),
				"database", Map.of("engine", "ORACLE")));
		assertThat((List<?>) call(HttpMethod.GET, "/servers/" + server, null, 200).get("services")).hasSize(1);
	}

	@Test
	void everyTeamStartsWithTheServicesCatalogue() {
		assertThat(items(call(HttpMethod.GET, "/services?q=oracle", null, 200))).extracting((s) -> s.get("name"))
			.contains("Oracle Database");
		create("services", Map.of("name", "Our in-house agent", "category", "monitoring"));
		assertThat(items(call(HttpMethod.GET, "/services?category=monitoring&limit=100", null, 200)))
			.extracting((s) -> s.get("name"))
			.contains("Our in-house agent", "Zabbix Agent");
	}

	@Test
	void everyChangeIsAnnouncedOnTheEventsExchange() {
		Queue queue = new Queue("maestro.test." + UUID.randomUUID(), false, true, false);
		this.admin.declareQueue(queue);
		MaestroTopology.bindEvents(queue, MessageTypes.ENTITY_CHANGED).forEach(this.admin::declareBinding);

		String id = (String) create("datacenters", Map.of("name", "eu-west", "provider", "aws")).get("id");

		Message message = null;
		long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
		while (System.nanoTime() < deadline) {
			message = this.rabbit.receive(queue.getName(), 1000);
			if (message != null && new String(message.getBody()).contains(id)) {
				break;
			}
		}
		assertThat(message).isNotNull();
		String body = new String(message.getBody());
		assertThat(body).contains("\"teamId\":\"" + this.user.personalTeamId() + "\"", "\"collection\":\"datacenters\"",
				"\"action\":\"CREATED\"");
	}

}
