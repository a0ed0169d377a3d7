package dev.maestro.discovery.connection;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.maestro.discovery.support.DiscoveryTest;
import dev.maestro.discovery.support.Tokens;
import dev.maestro.test.TeamIsolationContractTests;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpMethod;

/** discovery-service's team-scoped endpoints keep teams apart. */
@DiscoveryTest
class TeamIsolationTests extends TeamIsolationContractTests {

	@Override
	protected Fixture createFixture() {
		String team = "team-" + UUID.randomUUID();
		Map<String, String> tokens = Map.of("OWNER", Tokens.user("u-owner", Map.of(team, "OWNER")), "ADMIN",
				Tokens.user("u-admin", Map.of(team, "ADMIN")), "EDITOR", Tokens.user("u-editor", Map.of(team, "EDITOR")),
				"VIEWER", Tokens.user("u-viewer", Map.of(team, "VIEWER")));
		String connection = (String) this.client.post()
			.uri("/api/teams/{t}/connections", team)
			.header("Authorization", "Bearer " + tokens.get("OWNER"))
			.bodyValue(Map.of("name", "lab", "provider", "aws", "credentials",
					Map.of("accessKeyId", "AKID", "secretAccessKey", "secret"), "regions", List.of("us-east-1")))
			.exchange()
			.expectStatus().isCreated()
			.expectBody(new ParameterizedTypeReference<Map<String, Object>>() {
			})
			.returnResult().getResponseBody().get("id");
		return new Fixture(team, tokens, Tokens.user("u-outsider", Map.of("team-elsewhere", "OWNER")),
				Tokens.expired("u-owner", Map.of(team, "OWNER")), Map.of("connection", connection));
	}

	@Override
	protected List<Endpoint> endpoints(Fixture fixture) {
		String base = "/api/teams/" + fixture.teamId() + "/connections";
		String one = base + "/" + fixture.ids().get("connection");
		return List.of(Endpoint.read(base), Endpoint.read(one), Endpoint.read(one + "/syncs"),
				Endpoint.read(one + "/executions"), Endpoint.read(one + "/syncs/no-such-sync"),
				Endpoint.write(HttpMethod.POST, base, Map.of("name", "intruder", "provider", "aws", "credentials",
						Map.of("accessKeyId", "A", "secretAccessKey", "B"), "regions", List.of("us-east-1")), "ADMIN"),
				Endpoint.write(HttpMethod.PATCH, one, Map.of("name", "taken over"), "ADMIN"),
				Endpoint.write(HttpMethod.DELETE, one, null, "ADMIN"),
				Endpoint.write(HttpMethod.POST, one + "/syncs", Map.of("tasks", List.of("servers")), "EDITOR"),
				Endpoint.write(HttpMethod.POST, one + "/test", null, "EDITOR"),
				Endpoint.write(HttpMethod.POST, one + "/syncs/no-such-sync/confirm", null, "ADMIN"),
				Endpoint.write(HttpMethod.POST, one + "/syncs/no-such-sync/reject", null, "ADMIN"));
	}

	@Override
	protected Object state(Fixture fixture) {
		String owner = "Bearer " + fixture.tokens().get("OWNER");
		String base = "/api/teams/" + fixture.teamId() + "/connections";
		return List.of(
				this.client.get().uri(base).header("Authorization", owner).exchange().expectStatus().isOk()
					.expectBody(String.class).returnResult().getResponseBody(),
				this.client.get().uri(base + "/" + fixture.ids().get("connection") + "/syncs")
					.header("Authorization", owner).exchange().expectStatus().isOk()
					.expectBody(String.class).returnResult().getResponseBody());
	}

}
