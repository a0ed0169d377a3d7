package dev.maestro.inventory.team;

import java.util.List;
import java.util.Map;

import dev.maestro.inventory.InventoryApi;
import dev.maestro.inventory.InventoryApiTest;
import dev.maestro.inventory.token.ExpiredTokens;
import dev.maestro.test.TeamIsolationContractTests;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;

/** inventory-service's team-scoped endpoints keep teams apart. */
@InventoryApiTest
@Import(ExpiredTokens.class)
class TeamIsolationTests extends TeamIsolationContractTests {

	static final byte[] PNG = { (byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D };

	@Autowired
	ExpiredTokens expiredTokens;

	@Override
	protected Fixture createFixture() {
		InventoryApi api = new InventoryApi(this.client);
		InventoryApi.User owner = api.newUser();
		InventoryApi.User admin = api.newUser();
		InventoryApi.User editor = api.newUser();
		InventoryApi.User viewer = api.newUser();
		InventoryApi.User outsider = api.newUser();
		String teamId = api.newTeam(owner, "Isolated");
		api.addMember(owner, teamId, admin, "ADMIN");
		api.addMember(owner, teamId, editor, "EDITOR");
		api.addMember(owner, teamId, viewer, "VIEWER");
		// Tokens issued after the memberships, so that their claims name the team.
		Map<String, String> tokens = Map.of("OWNER", token(api, owner), "ADMIN", token(api, admin), "EDITOR",
				token(api, editor), "VIEWER", token(api, viewer));
		String serverId = (String) api.call(HttpMethod.POST, "/api/teams/" + teamId + "/servers", owner.bearer(),
				Map.of("hostname", "isolated-01"), 201).get("id");
		return new Fixture(teamId, tokens, token(api, outsider), this.expiredTokens.expire(tokens.get("OWNER")),
				Map.of("editor", editor.id(), "outsiderEmail", outsider.email(), "server", serverId));
	}

	private static String token(InventoryApi api, InventoryApi.User user) {
		return (String) api.call(HttpMethod.POST, "/api/auth/login", null,
				Map.of("email", user.email(), "password", InventoryApi.PASSWORD), 200).get("accessToken");
	}

	@Override
	protected List<Endpoint> endpoints(Fixture fixture) {
		String team = "/api/teams/" + fixture.teamId();
		String editor = team + "/members/" + fixture.ids().get("editor");
		String server = team + "/servers/" + fixture.ids().get("server");
		return List.of(Endpoint.read(team), Endpoint.read(team + "/members"),
				Endpoint.write(HttpMethod.PATCH, team, Map.of("name", "Taken over"), "ADMIN"),
				Endpoint.write(HttpMethod.POST, team + "/members",
						Map.of("email", fixture.ids().get("outsiderEmail"), "role", "VIEWER"), "ADMIN"),
				Endpoint.write(HttpMethod.PATCH, editor, Map.of("role", "VIEWER"), "ADMIN"),
				Endpoint.write(HttpMethod.DELETE, editor, null, "ADMIN"),
				new Endpoint(HttpMethod.PUT, team + "/avatar", MediaType.IMAGE_PNG, PNG, "ADMIN"),
				Endpoint.read(team + "/servers"), Endpoint.read(server), Endpoint.read(server + "/history"),
				Endpoint.read(team + "/history"),
				Endpoint.write(HttpMethod.POST, team + "/servers", Map.of("hostname", "intruder"), "EDITOR"),
				Endpoint.write(HttpMethod.PUT, server, Map.of("hostname", "renamed"), "EDITOR"),
				Endpoint.write(HttpMethod.PATCH, server, Map.of("cpu", 64), "EDITOR"),
				Endpoint.write(HttpMethod.DELETE, server, null, "EDITOR"),
				Endpoint.write(HttpMethod.POST, server + "/restore", null, "EDITOR"),
				Endpoint.write(HttpMethod.DELETE, team, null, "OWNER"));
	}

	@Override
	protected Object state(Fixture fixture) {
		String owner = "Bearer " + fixture.tokens().get("OWNER");
		String team = "/api/teams/" + fixture.teamId();
		InventoryApi api = new InventoryApi(this.client);
		return List.of(api.call(HttpMethod.GET, team, owner, null, 200),
				api.call(HttpMethod.GET, team + "/servers?deleted=true", owner, null, 200),
				api.call(HttpMethod.GET, team + "/servers", owner, null, 200), this.client.get()
			.uri(team + "/members")
			.header("Authorization", owner)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody());
	}

}
