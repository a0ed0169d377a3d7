package dev.maestro.analytics;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.maestro.test.PublicApiFuzzTests;
import org.bson.Document;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.ReactiveMongoOperations;

/**
 * Random input at every analytics-api operation (graph requests, renderings, public links,
 * impact): never a 5xx, a refusal changes nothing.
 */
@AnalyticsApiTest
class AnalyticsApiFuzzTests extends PublicApiFuzzTests {

	@Autowired
	ReactiveMongoOperations mongo;

	private List<String> graphs = List.of();

	@Override
	protected Caller caller() {
		String team = "team-" + UUID.randomUUID();
		FakeInventory.exports(team, SampleExports.shop());
		String pending = UUID.randomUUID().toString();
		this.mongo.insert(new Document("_id", pending).append("teamId", team).append("name", "Fuzzed")
			.append("status", "PENDING").append("scope", new Document("applicationIds", List.of("orders")))
			.append("createdAt", Instant.now()), "graphs").block();
		this.graphs = List.of(pending);
		return new Caller("Bearer " + Tokens.user("fuzz-editor", Map.of(team, "EDITOR")), team);
	}

	@Override
	protected Map<String, List<String>> knownPathValues() {
		return Map.of("id", this.graphs, "applicationId", List.of("orders", "db", "lb"), "format",
				List.of("svg", "png", "html"));
	}

}
