package dev.maestro.reports;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.maestro.test.TeamIsolationContractTests;

import org.springframework.http.HttpMethod;

/** reports-service's team-scoped endpoints keep teams apart. */
@ReportsTest
class ReportsTeamIsolationTests extends TeamIsolationContractTests {

	@Override
	protected Fixture createFixture() {
		String teamId = "team-" + UUID.randomUUID();
		String owner = "owner-" + UUID.randomUUID();
		Map<String, String> tokens = Map.of("OWNER", TestJwt.token(owner, Map.of(teamId, "OWNER")), "ADMIN",
				TestJwt.token("admin-" + UUID.randomUUID(), Map.of(teamId, "ADMIN")), "EDITOR",
				TestJwt.token("editor-" + UUID.randomUUID(), Map.of(teamId, "EDITOR")), "VIEWER",
				TestJwt.token("viewer-" + UUID.randomUUID(), Map.of(teamId, "VIEWER")));
		String outsider = TestJwt.token("outsider-" + UUID.randomUUID(), Map.of("team-" + UUID.randomUUID(), "OWNER"));
		FakeInventory.put(teamId, "servers", Fixtures.servers());
		String reportId = ownerApi(teamId, tokens.get("OWNER")).ready(
				Fixtures.general("Isolated", "servers", List.of(), null)).get("id").toString();
		return new Fixture(teamId, tokens, outsider, TestJwt.expired(owner, Map.of(teamId, "OWNER")),
				Map.of("report", reportId));
	}

	private ReportsApi ownerApi(String teamId, String token) {
		return new ReportsApi(this.client, teamId, token);
	}

	@Override
	protected List<Endpoint> endpoints(Fixture fixture) {
		String reports = "/api/teams/" + fixture.teamId() + "/reports";
		String report = reports + "/" + fixture.ids().get("report");
		return List.of(Endpoint.read(reports), Endpoint.read(report), Endpoint.read(report + "/runs"),
				Endpoint.read(report + "/result"), Endpoint.read(report + "/result?format=csv"),
				Endpoint.write(HttpMethod.POST, reports, Fixtures.general("Intruder", "servers", List.of(), null), "EDITOR"),
				Endpoint.write(HttpMethod.PATCH, report, Map.of("name", "Taken over"), "EDITOR"),
				Endpoint.write(HttpMethod.POST, report + "/runs", null, "EDITOR"),
				Endpoint.write(HttpMethod.DELETE, report, null, "EDITOR"));
	}

	@Override
	protected Object state(Fixture fixture) {
		ReportsApi owner = ownerApi(fixture.teamId(), fixture.tokens().get("OWNER"));
		String report = owner.base() + "/" + fixture.ids().get("report");
		return List.of(owner.call(HttpMethod.GET, owner.base(), null, 200), owner.call(HttpMethod.GET, report, null, 200),
				owner.call(HttpMethod.GET, report + "/runs", null, 200));
	}

}
