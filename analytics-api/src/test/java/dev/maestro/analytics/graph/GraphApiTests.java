package dev.maestro.analytics.graph;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.maestro.analytics.AnalyticsApiTest;
import dev.maestro.analytics.FakeInventory;
import dev.maestro.analytics.SampleExports;
import dev.maestro.analytics.Tokens;
import org.bson.Document;
import org.bson.types.Binary;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.ReactiveMongoOperations;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/** Graph requests, results, public links and impact, through real HTTP. */
@AnalyticsApiTest
class GraphApiTests {

	@Autowired
	WebTestClient client;

	@Autowired
	ReactiveMongoOperations mongo;

	private final String team = "team-" + UUID.randomUUID();

	private final String editor = "Bearer " + Tokens.user("u-editor", Map.of(this.team, "EDITOR"));

	@Test
	void aRequestIsAcceptedStoredPendingAndItsJobSubmitted() {
		Map<?, ?> created = post(Map.of("name", "Shop", "systemIds", List.of("shop"), "dependents", true), 202);
		String id = (String) created.get("id");
		assertThat(created.get("status")).isEqualTo("PENDING");

		this.client.get().uri("/api/teams/{t}/graphs/{id}", this.team, id).header("Authorization", this.editor).exchange()
			.expectStatus().isOk()
			.expectBody()
			.jsonPath("$.status").isEqualTo("PENDING")
			.jsonPath("$.scope.systemIds[0]").isEqualTo("shop")
			.jsonPath("$.scope.dependents").isEqualTo(true)
			.jsonPath("$.name").isEqualTo("Shop");
		this.client.get().uri("/api/teams/{t}/graphs", this.team).header("Authorization", this.editor).exchange()
			.expectStatus().isOk()
			.expectBody().jsonPath("$.items[0].id").isEqualTo(id).jsonPath("$.nextCursor").doesNotExist();
		Long jobs = this.mongo.count(Query.query(Criteria.where("routingKey").is("analytics.graph.requested")
			.and("payload").regex(id)), "outbox").block();
		assertThat(jobs).isEqualTo(1);
	}

	@Test
	void badRequestsAre400sWithFieldErrorsAndStoreNothing() {
		String body = this.client.post().uri("/api/teams/{t}/graphs", this.team).header("Authorization", this.editor)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("name", "", "applicationIds", List.of(12), "direction", "sideways", "colour", "red"))
			.exchange()
			.expectStatus().isBadRequest()
			.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody(String.class).returnResult().getResponseBody();
		assertThat(body).contains("\"name\"", "\"applicationIds\"", "\"direction\"", "\"colour\"");
		this.client.post().uri("/api/teams/{t}/graphs", this.team).header("Authorization", this.editor)
			.contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("name", "Nothing"))
			.exchange().expectStatus().isBadRequest()
			.expectBody().jsonPath("$.errors[0].field").isEqualTo("applicationIds");
		this.client.post().uri("/api/teams/{t}/graphs", this.team).header("Authorization", this.editor)
			.contentType(MediaType.APPLICATION_JSON).bodyValue("{\"name\": ")
			.exchange().expectStatus().isBadRequest();
		this.client.get().uri("/api/teams/{t}/graphs?limit=0", this.team).header("Authorization", this.editor)
			.exchange().expectStatus().isBadRequest();
		assertThat(this.mongo.count(Query.query(Criteria.where("teamId").is(this.team)), "graphs").block()).isZero();
	}

	@Test
	void resultsAre409UntilReadyThenServedAndAPublicLinkWorksUntilRevoked() {
		String id = (String) post(Map.of("name", "Shop", "applicationIds", List.of("orders")), 202).get("id");
		this.client.get().uri("/api/teams/{t}/graphs/{id}/svg", this.team, id).header("Authorization", this.editor)
			.exchange().expectStatus().isEqualTo(409).expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);

		finish(id);

		this.client.get().uri("/api/teams/{t}/graphs/{id}/svg", this.team, id).header("Authorization", this.editor)
			.exchange().expectStatus().isOk()
			.expectHeader().contentTypeCompatibleWith("image/svg+xml")
			.expectBody(String.class).isEqualTo("<svg/>");
		this.client.get().uri("/api/teams/{t}/graphs/{id}/png?scale=2", this.team, id).header("Authorization", this.editor)
			.exchange().expectStatus().isOk().expectBody(byte[].class).isEqualTo(new byte[] { 2 });
		this.client.get().uri("/api/teams/{t}/graphs/{id}/png?scale=3", this.team, id).header("Authorization", this.editor)
			.exchange().expectStatus().isBadRequest();

		Map<?, ?> link = this.client.post().uri("/api/teams/{t}/graphs/{id}/public-link", this.team, id)
			.header("Authorization", this.editor).exchange()
			.expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody();
		String token = (String) link.get("token");
		assertThat(token).hasSizeGreaterThanOrEqualTo(43);
		assertThat(link.get("url")).isEqualTo("/public/graphs/" + token);
		Document stored = this.mongo.findById(id, Document.class, "graphs").block();
		assertThat(stored.toJson()).doesNotContain(token);

		this.client.get().uri("/public/graphs/{token}", token).exchange().expectStatus().isOk()
			.expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML)
			.expectBody(String.class).isEqualTo("<html/>");
		this.client.get().uri("/public/graphs/{token}/png", token).exchange().expectStatus().isOk();
		this.client.get().uri("/public/graphs/{token}", "not-" + token).exchange().expectStatus().isNotFound();

		this.client.delete().uri("/api/teams/{t}/graphs/{id}/public-link", this.team, id)
			.header("Authorization", this.editor).exchange().expectStatus().isNoContent();
		this.client.get().uri("/public/graphs/{token}/svg", token).exchange().expectStatus().isNotFound();
	}

	@Test
	void deletingAGraphRemovesItAndItsRenderings() {
		String id = (String) post(Map.of("name", "Gone", "clientIds", List.of("acme")), 202).get("id");
		finish(id);
		this.client.delete().uri("/api/teams/{t}/graphs/{id}", this.team, id).header("Authorization", this.editor)
			.exchange().expectStatus().isNoContent();
		this.client.get().uri("/api/teams/{t}/graphs/{id}", this.team, id).header("Authorization", this.editor)
			.exchange().expectStatus().isNotFound();
		assertThat(this.mongo.count(Query.query(Criteria.where("graphId").is(id)), "graph_renderings").block()).isZero();
	}

	@Test
	void impactListsDependentsTransitivelyRespectsRedundancyAndReportsCycles() {
		FakeInventory.exports(this.team, SampleExports.shop());
		Map<?, ?> orders = impact("orders");
		assertThat(ids(orders.get("dependencies"))).containsExactlyInAnyOrder("db", "billing");
		assertThat(ids(orders.get("dependents"))).containsExactlyInAnyOrder("web1", "web2", "billing");
		assertThat(ids(orders.get("transitiveDependents"))).containsExactlyInAnyOrder("web1", "web2", "lb", "gw", "cdn",
				"billing");
		assertThat(orders.get("criticalLevel")).isEqualTo(6);
		assertThat((List<?>) orders.get("cycles")).hasSize(1);
		assertThat(ids(((List<?>) orders.get("cycles")).get(0))).containsExactly("billing", "orders");

		Map<?, ?> web1 = impact("web1");
		assertThat(ids(web1.get("transitiveDependents"))).containsExactlyInAnyOrder("lb", "gw", "cdn");
		assertThat(web1.get("criticalLevel")).as("the balancer keeps web2").isEqualTo(0);

		this.client.get().uri("/api/teams/{t}/impact/{a}", this.team, "nope").header("Authorization", this.editor)
			.exchange().expectStatus().isNotFound();
	}

	@Test
	void impactIs503WhenInventoryIsDown() {
		FakeInventory.fails(this.team, 503);
		this.client.get().uri("/api/teams/{t}/impact/{a}", this.team, "orders").header("Authorization", this.editor)
			.exchange().expectStatus().isEqualTo(503).expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
	}

	private static List<Object> ids(Object list) {
		return ((List<?>) list).stream().map((item) -> ((Map<?, ?>) item).get("id")).map(Object.class::cast).toList();
	}

	private Map<?, ?> impact(String app) {
		return this.client.get().uri("/api/teams/{t}/impact/{a}", this.team, app).header("Authorization", this.editor)
			.exchange().expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
	}

	private Map<?, ?> post(Map<String, Object> body, int status) {
		return this.client.post().uri("/api/teams/{t}/graphs", this.team).header("Authorization", this.editor)
			.contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
			.expectStatus().isEqualTo(status).expectBody(Map.class).returnResult().getResponseBody();
	}

	/** What analytics-worker does when it has drawn the graph. */
	private void finish(String id) {
		for (String[] r : new String[][] { { "svg", "image/svg+xml", "<svg/>" }, { "html", "text/html", "<html/>" } }) {
			this.mongo.save(new Document("_id", id + ":" + r[0]).append("graphId", id).append("contentType", r[1])
				.append("data", new Binary(r[2].getBytes())), "graph_renderings").block();
		}
		this.mongo.save(new Document("_id", id + ":png").append("graphId", id).append("contentType", "image/png")
			.append("data", new Binary(new byte[] { 1 })), "graph_renderings").block();
		this.mongo.save(new Document("_id", id + ":png2x").append("graphId", id).append("contentType", "image/png")
			.append("data", new Binary(new byte[] { 2 })), "graph_renderings").block();
		this.mongo.updateFirst(Query.query(Criteria.where("_id").is(id)),
				new Update().set("status", "READY").set("readyAt", Instant.now()), "graphs").block();
	}

}
