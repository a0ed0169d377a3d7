package dev.maestro.analytics.graph;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.maestro.analytics.AnalyticsApiTest;
import dev.maestro.analytics.FakeInventory;
import dev.maestro.analytics.SampleExports;
import dev.maestro.analytics.Tokens;
import dev.maestro.test.TeamIsolationContractTests;
import org.bson.Document;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.ReactiveMongoOperations;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.http.HttpMethod;

/** analytics-api's team-scoped endpoints keep teams apart. */
@AnalyticsApiTest
class GraphTeamIsolationTests extends TeamIsolationContractTests {

	@Autowired
	ReactiveMongoOperations mongo;

	@Override
	protected Fixture createFixture() {
		String team = "team-" + UUID.randomUUID();
		FakeInventory.exports(team, SampleExports.shop());
		Map<String, String> tokens = Map.of("OWNER", Tokens.user("o", Map.of(team, "OWNER")), "ADMIN",
				Tokens.user("a", Map.of(team, "ADMIN")), "EDITOR", Tokens.user("e", Map.of(team, "EDITOR")), "VIEWER",
				Tokens.user("v", Map.of(team, "VIEWER")));
		String graphId = UUID.randomUUID().toString();
		this.mongo.insert(new Document("_id", graphId).append("teamId", team).append("name", "Isolated")
			.append("status", "PENDING").append("scope", new Document("applicationIds", List.of("orders")))
			.append("createdAt", Instant.now()), "graphs").block();
		return new Fixture(team, tokens, Tokens.user("x", Map.of("team-other", "OWNER")),
				Tokens.user("o", Map.of(team, "OWNER"), Instant.now().minusSeconds(60)), Map.of("graph", graphId));
	}

	@Override
	protected List<Endpoint> endpoints(Fixture fixture) {
		String team = "/api/teams/" + fixture.teamId();
		String graph = team + "/graphs/" + fixture.ids().get("graph");
		return List.of(Endpoint.read(team + "/graphs"), Endpoint.read(graph), Endpoint.read(graph + "/svg"),
				Endpoint.read(graph + "/png"), Endpoint.read(graph + "/html"), Endpoint.read(team + "/impact/orders"),
				Endpoint.write(HttpMethod.POST, team + "/graphs", Map.of("name", "Intruder", "applicationIds", List.of("orders")),
						"EDITOR"),
				Endpoint.write(HttpMethod.POST, graph + "/public-link", null, "EDITOR"),
				Endpoint.write(HttpMethod.DELETE, graph + "/public-link", null, "EDITOR"),
				Endpoint.write(HttpMethod.DELETE, graph, null, "EDITOR"));
	}

	@Override
	protected Object state(Fixture fixture) {
		return this.mongo.find(Query.query(Criteria.where("teamId").is(fixture.teamId())), Document.class, "graphs")
			.map(Document::toJson)
			.collectList()
			.block();
	}

}
