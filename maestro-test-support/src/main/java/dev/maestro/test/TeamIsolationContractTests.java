package dev.maestro.test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who may touch a team's resources, proved for every team-scoped endpoint of a service: no
 * token, an expired, tampered or foreign-key token are 401; a member of another team gets 404
 * (the team's existence is not disclosed); a VIEWER writing gets 403 — and after every refusal,
 * nothing has changed. A service subclasses this (with its {@code @SpringBootTest}), lists its
 * endpoints and says how to read the team's state.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class TeamIsolationContractTests {

	@Autowired
	protected WebTestClient client;

	private Fixture fixture;

	/** A team with one member per role, and the tokens the contract needs. */
	protected abstract Fixture createFixture();

	/** Every team-scoped endpoint of the service, for the fixture's team. */
	protected abstract List<Endpoint> endpoints(Fixture fixture);

	/** Everything a refused call could have changed, as its OWNER reads it. */
	protected abstract Object state(Fixture fixture);

	@BeforeEach
	void fixture() {
		if (this.fixture == null) {
			this.fixture = createFixture();
		}
	}

	@TestFactory
	Stream<DynamicTest> aCallWithoutATokenIsUnauthorized() {
		return refusals("no token", null, (endpoint) -> 401);
	}

	@TestFactory
	Stream<DynamicTest> anExpiredTokenIsUnauthorized() {
		return refusals("expired token", this.fixture.expiredToken(), (endpoint) -> 401);
	}

	@TestFactory
	Stream<DynamicTest> aTamperedTokenIsUnauthorized() {
		return refusals("tampered token", BadTokens.tampered(this.fixture.tokens().get("VIEWER")), (endpoint) -> 401);
	}

	@TestFactory
	Stream<DynamicTest> aTokenSignedWithAnotherKeyIsUnauthorized() {
		return refusals("foreign key", BadTokens.signedWithAnotherKey(this.fixture.tokens().get("OWNER")),
				(endpoint) -> 401);
	}

	@TestFactory
	Stream<DynamicTest> aMemberOfAnotherTeamDoesNotSeeTheTeam() {
		return refusals("outsider", this.fixture.outsiderToken(), (endpoint) -> 404);
	}

	@TestFactory
	Stream<DynamicTest> aViewerCannotWrite() {
		List<Endpoint> writes = endpoints(this.fixture).stream().filter((e) -> !"VIEWER".equals(e.minimumRole())).toList();
		assertThat(writes).as("endpoints that need more than VIEWER").isNotEmpty();
		return refusals("viewer", this.fixture.tokens().get("VIEWER"), writes, (endpoint) -> 403);
	}

	private Stream<DynamicTest> refusals(String who, String token, Function<Endpoint, Integer> expected) {
		return refusals(who, token, endpoints(this.fixture), expected);
	}

	private Stream<DynamicTest> refusals(String who, String token, List<Endpoint> endpoints,
			Function<Endpoint, Integer> expected) {
		List<DynamicTest> tests = new ArrayList<>();
		for (Endpoint endpoint : endpoints) {
			tests.add(DynamicTest.dynamicTest(who + ": " + endpoint.method() + " " + endpoint.path(), () -> {
				Object before = state(this.fixture);
				WebTestClient.RequestBodySpec spec = this.client.method(endpoint.method()).uri(endpoint.path());
				if (token != null) {
					spec.header("Authorization", "Bearer " + token);
				}
				WebTestClient.RequestHeadersSpec<?> ready = (endpoint.body() != null)
						? spec.contentType(endpoint.contentType()).bodyValue(endpoint.body()) : spec;
				ready.exchange()
					.expectStatus()
					.isEqualTo(expected.apply(endpoint))
					.expectHeader()
					.contentType(MediaType.APPLICATION_PROBLEM_JSON);
				assertThat(state(this.fixture)).as("the team's state after a refused " + endpoint.method())
					.isEqualTo(before);
			}));
		}
		return tests.stream();
	}

	/**
	 * A team-scoped endpoint.
	 *
	 * @param method the HTTP method
	 * @param path the path, with the fixture's ids filled in
	 * @param contentType the body's type
	 * @param body a valid body (or {@code null})
	 * @param minimumRole the least role that may call it: VIEWER, EDITOR, ADMIN or OWNER
	 */
	public record Endpoint(HttpMethod method, String path, MediaType contentType, Object body, String minimumRole) {

		public static Endpoint read(String path) {
			return new Endpoint(HttpMethod.GET, path, null, null, "VIEWER");
		}

		public static Endpoint write(HttpMethod method, String path, Object body, String minimumRole) {
			return new Endpoint(method, path, MediaType.APPLICATION_JSON, body, minimumRole);
		}

	}

	/**
	 * @param teamId the team under test
	 * @param tokens a valid access token of a member per role name (VIEWER, EDITOR, ADMIN, OWNER)
	 * @param outsiderToken a valid token of a user who belongs only to another team
	 * @param expiredToken an OWNER token of the team, correctly signed, but expired
	 * @param ids other ids the endpoints need (member ids and the like)
	 */
	public record Fixture(String teamId, Map<String, String> tokens, String outsiderToken, String expiredToken,
			Map<String, String> ids) {
	}

}
