package dev.maestro.inventory;

import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.maestro.test.PublicApiFuzzTests;

import org.springframework.http.HttpMethod;

/** Random input at every inventory and identity operation: never a 5xx, a refusal changes nothing. */
class InventoryApiFuzzTests extends PublicApiFuzzTests {

	private List<String> ids = List.of();

	@Override
	protected Caller caller() {
		InventoryApi api = new InventoryApi(this.client);
		InventoryApi.User user = api.newUser();
		String base = "/api/teams/" + user.personalTeamId();
		String server = (String) api.call(HttpMethod.POST, base + "/servers", user.bearer(),
				Map.of("hostname", "fuzz-01", "ipv4Private", "10.1.1.1"), 201).get("id");
		String application = (String) api.call(HttpMethod.POST, base + "/applications", user.bearer(),
				Map.of("name", "fuzz-app", "family", "Database", "serverIds", List.of(server)), 201).get("id");
		this.ids = List.of(server, application, user.id());
		return new Caller(user.bearer(), user.personalTeamId());
	}

	@Override
	protected Map<String, List<String>> knownPathValues() {
		return Map.of("collection", List.of("servers", "applications", "datacenters", "systems", "clients", "services",
				"volumes", "snapshots", "images", "networks", "flavors"), "id", this.ids, "userId", this.ids);
	}

	@Override
	protected Set<String> collectionsChangedByRefusals() {
		// A refused login counts as a failure (that is how guessing is throttled).
		return Set.of("outbox", "processed_messages", "job_deliveries", "login_failures");
	}

}
