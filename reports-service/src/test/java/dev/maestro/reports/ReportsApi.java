package dev.maestro.reports;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import org.awaitility.Awaitility;

/** A team with an EDITOR, and the calls tests make on its reports. */
final class ReportsApi {

	static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
	};

	final String teamId;

	final String token;

	private final WebTestClient client;

	ReportsApi(WebTestClient client) {
		this.client = client;
		this.teamId = "team-" + UUID.randomUUID();
		this.token = TestJwt.token("user-" + UUID.randomUUID(), Map.of(this.teamId, "EDITOR"));
	}

	ReportsApi(WebTestClient client, String teamId, String token) {
		this.client = client;
		this.teamId = teamId;
		this.token = token;
	}

	String base() {
		return "/api/teams/" + this.teamId + "/reports";
	}

	Map<String, Object> call(HttpMethod method, String path, Object body, int status) {
		WebTestClient.RequestBodySpec spec = this.client.method(method)
			.uri(path)
			.header("Authorization", "Bearer " + this.token);
		WebTestClient.RequestHeadersSpec<?> ready = (body != null)
				? spec.contentType(MediaType.APPLICATION_JSON).bodyValue(body) : spec;
		return ready.exchange().expectStatus().isEqualTo(status).expectBody(JSON).returnResult().getResponseBody();
	}

	/** Creates a report and returns its id. */
	String create(Map<String, Object> definition) {
		Map<String, Object> created = call(HttpMethod.POST, base(), definition, 202);
		assertThat(created).containsEntry("status", "PENDING");
		return (String) created.get("id");
	}

	Map<String, Object> get(String id) {
		return call(HttpMethod.GET, base() + "/" + id, null, 200);
	}

	/** Waits for the report to reach the status, and returns it. */
	Map<String, Object> await(String id, String status) {
		Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
			Object now = get(id).get("status");
			return status.equals(now);
		});
		return get(id);
	}

	Map<String, Object> ready(Map<String, Object> definition) {
		return await(create(definition), "READY");
	}

	byte[] result(String id, String query, String accept) {
		WebTestClient.RequestHeadersSpec<?> spec = this.client.get()
			.uri(base() + "/" + id + "/result" + query)
			.header("Authorization", "Bearer " + this.token);
		if (accept != null) {
			spec = spec.header("Accept", accept);
		}
		return spec.exchange().expectStatus().isOk().expectBody().returnResult().getResponseBody();
	}

}
