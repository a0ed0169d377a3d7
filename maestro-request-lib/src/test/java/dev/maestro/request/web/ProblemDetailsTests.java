package dev.maestro.request.web;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import dev.maestro.request.MaestroRequestException;
import dev.maestro.test.TestTokens;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Bean;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a client sees when something goes wrong, through real HTTP: always problem+json, bad
 * input always a 4xx that names the field, never a 500 for anything but a bug.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		classes = { ProblemDetailsTests.TestApplication.class, ProblemDetailsTests.Tokens.class,
				ProblemDetailsTests.ThingController.class },
		properties = { "spring.autoconfigure.exclude="
				+ "org.springframework.boot.mongodb.autoconfigure.MongoReactiveAutoConfiguration,"
				+ "org.springframework.boot.data.mongodb.autoconfigure.DataMongoReactiveAutoConfiguration,"
				+ "org.springframework.boot.amqp.autoconfigure.RabbitAutoConfiguration",
				"maestro.security.public-paths=/public/**", "spring.http.codecs.max-in-memory-size=2KB" })
@AutoConfigureWebTestClient
class ProblemDetailsTests {

	static final TestTokens TOKENS = new TestTokens();

	@Autowired
	WebTestClient client;

	WebTestClient.RequestHeadersSpec<?> authorized(WebTestClient.RequestHeadersSpec<?> spec) {
		return spec.header("Authorization", "Bearer " + TOKENS.token("user-1", Instant.now().plusSeconds(300)));
	}

	ProblemDetail problem(WebTestClient.RequestHeadersSpec<?> spec, int status) {
		return spec.exchange()
			.expectStatus()
			.isEqualTo(status)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody(ProblemDetail.class)
			.returnResult()
			.getResponseBody();
	}

	@Test
	void aValidRequestWithAValidTokenSucceedsAndEchoesTheRequestId() {
		authorized(this.client.post()
			.uri("/api/things")
			.header(RequestId.HEADER, "client-chosen-id-1")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"name\":\"web\",\"environment\":\"Production\",\"cpu\":4}")).exchange()
			.expectStatus()
			.isCreated()
			.expectHeader()
			.valueEquals(RequestId.HEADER, "client-chosen-id-1")
			.expectBody()
			.jsonPath("$.name")
			.isEqualTo("web");
	}

	@Test
	void aChangeWhoseAnswerTheClientCannotAcceptIsRefusedBeforeItIsMade() {
		int before = ThingController.created.get();
		ProblemDetail problem = problem(authorized(this.client.post()
			.uri("/api/things")
			.accept(MediaType.APPLICATION_XML)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"name\":\"web\",\"environment\":\"Production\",\"cpu\":4}")), 406);
		assertThat(problem.getDetail()).contains("nothing was done");
		assertThat(ThingController.created.get()).isEqualTo(before);
	}

	@Test
	void aRequestWithoutATokenIsRefusedWith401ProblemJson() {
		ProblemDetail problem = problem(this.client.get().uri("/api/things/1"), 401);
		assertThat(problem.getTitle()).isEqualTo("Unauthorized");
		assertThat(problem.getProperties()).containsKey("requestId");
	}

	@Test
	void anExpiredTokenIsRefused() {
		String expired = TOKENS.token("user-1", Instant.now().minus(1, ChronoUnit.HOURS));
		problem(this.client.get().uri("/api/things/1").header("Authorization", "Bearer " + expired), 401);
	}

	@Test
	void aTokenSignedWithAnotherKeyIsRefused() {
		String forged = new TestTokens().token("user-1", Instant.now().plusSeconds(300));
		problem(this.client.get().uri("/api/things/1").header("Authorization", "Bearer " + forged), 401);
	}

	@Test
	void malformedJsonIsA400() {
		ProblemDetail problem = problem(authorized(this.client.post()
			.uri("/api/things")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"name\": \"web\",")), 400);
		assertThat(problem.getDetail()).startsWith("Malformed JSON");
	}

	@Test
	void anUnknownEnumValueIsA400NamingTheFieldAndTheAllowedValues() {
		ProblemDetail problem = problem(authorized(this.client.post()
			.uri("/api/things")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"name\":\"web\",\"environment\":\"Prod\"}")), 400);
		assertThat(problem.getProperties().get("errors")).asString()
			.contains("environment")
			.contains("Production, Development, Stage");
	}

	@Test
	void aWrongTypeIsA400NamingTheField() {
		ProblemDetail problem = problem(authorized(this.client.post()
			.uri("/api/things")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"name\":\"web\",\"cpu\":\"lots\"}")), 400);
		assertThat(problem.getProperties().get("errors")).asString().contains("cpu").contains("a number");
	}

	@Test
	void aValidationFailureListsEveryInvalidField() {
		ProblemDetail problem = problem(authorized(this.client.post()
			.uri("/api/things")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"name\":\" \",\"cpu\":100000}")), 400);
		assertThat(problem.getProperties().get("errors")).asString().contains("name").contains("cpu");
	}

	@Test
	void aBadQueryParameterIsA400() {
		ProblemDetail problem = problem(authorized(this.client.get().uri("/api/things/1?limit=ten")), 400);
		assertThat(problem.getProperties().get("errors")).asString().contains("limit");
	}

	@Test
	void anOversizeBodyIsRefusedAsTooLarge() {
		String huge = "{\"cpu\":1,\"name\":\"" + "x".repeat(10_000) + "\"}";
		ProblemDetail problem = problem(
				authorized(this.client.post().uri("/api/things").contentType(MediaType.APPLICATION_JSON).bodyValue(huge)),
				413);
		assertThat(problem.getDetail()).contains("too large");
	}

	@Test
	void anUnknownPathIsA404ProblemAndAWrongMethodA405() {
		problem(authorized(this.client.get().uri("/api/nothing-here")), 404);
		problem(authorized(this.client.delete().uri("/api/things")), 405);
	}

	@Test
	void anUnsupportedContentTypeIsA415() {
		problem(authorized(this.client.post().uri("/api/things").contentType(MediaType.TEXT_PLAIN).bodyValue("name=web")),
				415);
	}

	@Test
	void aDatabaseThatIsDownIsA503WithRetryAfter() {
		authorized(this.client.get().uri("/api/database-down")).exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
			.expectHeader()
			.exists("Retry-After")
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
	}

	@Test
	void anUnavailableDownstreamServiceIsA503() {
		ProblemDetail problem = problem(authorized(this.client.get().uri("/api/downstream-down")), 503);
		assertThat(problem.getDetail()).contains("inventory-service");
	}

	@Test
	void aBugIsA500ThatLeaksNothingButTheRequestId() {
		ProblemDetail problem = problem(authorized(this.client.get().uri("/api/bug")), 500);
		assertThat(problem.getDetail()).doesNotContain("secret internal state");
		assertThat(problem.getProperties()).containsKey("requestId");
	}

	@Test
	void publicPathsAndHealthNeedNoToken() {
		this.client.get().uri("/public/ping").exchange().expectStatus().isOk();
		this.client.get().uri("/actuator/health").exchange().expectStatus().isOk();
	}

	enum Environment {

		Production, Development, Stage

	}

	record Thing(@NotBlank String name, Environment environment, @Max(1024) int cpu) {
	}

	@SpringBootApplication
	static class TestApplication {

	}

	@TestConfiguration
	static class Tokens {

		@Bean
		ReactiveJwtDecoder testJwtDecoder() {
			return TOKENS.decoder();
		}

	}

	@RestController
	static class ThingController {

		static final java.util.concurrent.atomic.AtomicInteger created = new java.util.concurrent.atomic.AtomicInteger();

		@PostMapping(path = "/api/things", consumes = MediaType.APPLICATION_JSON_VALUE)
		@ResponseStatus(HttpStatus.CREATED)
		Mono<Thing> create(@Valid @RequestBody Thing thing) {
			return Mono.fromSupplier(() -> {
				created.incrementAndGet();
				return thing;
			});
		}

		@GetMapping("/api/things/{id}")
		Mono<String> get(@PathVariable String id, @RequestParam(defaultValue = "10") int limit) {
			return Mono.just(id + limit);
		}

		@GetMapping("/api/database-down")
		Mono<String> databaseDown() {
			return Mono.error(new DataAccessResourceFailureException("Timed out after 5000 ms"));
		}

		@GetMapping("/api/downstream-down")
		Mono<String> downstreamDown() {
			return Mono.error(new MaestroRequestException.Unavailable("inventory-service",
					ProblemDetail.forStatus(503), null));
		}

		@GetMapping("/api/bug")
		Mono<String> bug() {
			return Mono.error(new IllegalStateException("secret internal state"));
		}

		@GetMapping("/public/ping")
		Mono<String> ping() {
			return Mono.just("pong");
		}

	}

}
