package dev.maestro.inventory;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Drives inventory-service's API the way a client does, for tests. */
public final class InventoryApi {

	public static final String PASSWORD = "correct horse battery";

	static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
	};

	private final WebTestClient client;

	public InventoryApi(WebTestClient client) {
		this.client = client;
	}

	/** A registered, logged-in user. */
	public record User(String id, String email, String bearer, String personalTeamId, String refreshToken) {
	}

	public User newUser() {
		String email = "u-" + UUID.randomUUID() + "@example.com";
		Map<String, Object> registered = call(HttpMethod.POST, "/api/auth/register", null,
				Map.of("email", email, "password", PASSWORD, "name", "Test User"), 201);
		Map<String, Object> tokens = call(HttpMethod.POST, "/api/auth/login", null,
				Map.of("email", email, "password", PASSWORD), 200);
		String bearer = "Bearer " + tokens.get("accessToken");
		List<?> teams = (List<?>) call(HttpMethod.GET, "/api/me", bearer, null, 200).get("teams");
		String teamId = (String) ((Map<?, ?>) teams.get(0)).get("id");
		return new User((String) registered.get("id"), email, bearer, teamId, (String) tokens.get("refreshToken"));
	}

	/** Creates a team owned by {@code owner} and answers its id. */
	public String newTeam(User owner, String name) {
		return (String) call(HttpMethod.POST, "/api/teams", owner.bearer(), Map.of("name", name), 201).get("id");
	}

	public void addMember(User admin, String teamId, User member, String role) {
		call(HttpMethod.POST, "/api/teams/" + teamId + "/members", admin.bearer(),
				Map.of("email", member.email(), "role", role), 201);
	}

	/** Calls the API and checks the status; answers the JSON body (null when there is none). */
	public Map<String, Object> call(HttpMethod method, String path, String bearer, Object body, int status) {
		WebTestClient.RequestBodySpec spec = this.client.method(method).uri(path);
		if (bearer != null) {
			spec.header("Authorization", bearer);
		}
		WebTestClient.RequestHeadersSpec<?> ready = (body != null)
				? spec.contentType(MediaType.APPLICATION_JSON).bodyValue(body) : spec;
		return ready.exchange()
			.expectStatus()
			.isEqualTo(status)
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
	}

}
