package dev.maestro.gateway;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web UI is served by the gateway itself, without a token, declaring a strict
 * Content-Security-Policy and refusing to be framed, while every API path behind it still needs a
 * token; the password-reset link of the e-mail leads to the page.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "20s")
@Import(TrustedTestKey.class)
class WebUiTests {

	static final MockWebServer inventory = new MockWebServer();

	@Autowired
	WebTestClient client;

	@DynamicPropertySource
	static void services(DynamicPropertyRegistry registry) throws IOException {
		inventory.start();
		registry.add("maestro.request.services.inventory-service", () -> inventory.url("/").toString());
	}

	@AfterAll
	static void stop() {
		inventory.close();
	}

	@Test
	void thePageIsServedWithoutATokenUnderAStrictContentSecurityPolicyAndCannotBeFramed() {
		String page = this.client.get()
			.uri("/")
			.accept(MediaType.TEXT_HTML)
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.TEXT_HTML)
			.expectHeader()
			.valueEquals("X-Frame-Options", "DENY")
			.expectHeader()
			.valueEquals("X-Content-Type-Options", "nosniff")
			.expectHeader()
			.value("Content-Security-Policy", (policy) -> assertThat(policy)
				.contains("default-src 'none'", "script-src 'self';", "connect-src 'self'", "frame-ancestors 'none'")
				.doesNotContain("unsafe-inline", "unsafe-eval", "*"))
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		Matcher csp = Pattern.compile("<meta http-equiv=\"Content-Security-Policy\" content=\"([^\"]+)\">").matcher(page);
		assertThat(csp.find()).as("the page declares its Content-Security-Policy").isTrue();
		assertThat(csp.group(1)).contains("default-src 'none'", "script-src 'self';", "connect-src 'self'",
				"base-uri 'none'")
			.doesNotContain("unsafe-inline", "unsafe-eval", "*");
		assertThat(page).contains("<script type=\"module\" src=\"/app/main.js\"></script>");
		assertThat(page).as("no inline script").doesNotContainPattern("<script(?![^>]*\\bsrc=)[^>]*>");
		assertThat(page).as("no inline event handlers").doesNotContainPattern("\\son[a-z]+=");
	}

	@Test
	void theIndexPageTheModulesAndTheIconAreServedWithoutAToken() {
		this.client.get().uri("/index.html").exchange().expectStatus().isOk();
		this.client.get()
			.uri("/app/main.js")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.value("Content-Type", (type) -> assertThat(type).contains("javascript"))
			.expectHeader()
			.valueEquals("X-Content-Type-Options", "nosniff")
			.expectHeader()
			.exists("Content-Security-Policy");
		this.client.get().uri("/app/views/inventory.js").exchange().expectStatus().isOk();
		this.client.get()
			.uri("/app/app.css")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentTypeCompatibleWith("text/css");
		this.client.get().uri("/favicon.svg").exchange().expectStatus().isOk();
	}

	@Test
	void thePasswordResetLinkOfTheEmailLeadsToThePageWithItsToken() {
		this.client.get()
			.uri("/reset-password?token=abc123")
			.exchange()
			.expectStatus()
			.isFound()
			.expectHeader()
			.value("Location", (location) -> assertThat(location).startsWith("/?").contains("token=abc123"));
	}

	@Test
	void anUnknownUiFileIsA404NotALoginChallenge() {
		this.client.get().uri("/app/no-such-module.js").exchange().expectStatus().isNotFound();
	}

	@Test
	void apiPathsStillNeedATokenAndNothingIsForwardedWithoutOne() throws InterruptedException {
		this.client.get()
			.uri("/api/me")
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectHeader()
			.doesNotExist("Content-Security-Policy");
		this.client.get().uri("/api/teams/t1/servers").exchange().expectStatus().isUnauthorized();
		this.client.get().uri("/app/../api/me").exchange().expectStatus().value((status) -> assertThat(status).isIn(400, 401, 404));
		assertThat(inventory.takeRequest(200, TimeUnit.MILLISECONDS)).isNull();
	}

	@Test
	void otherPathsOutsideTheUiAreNotMadePublic() {
		this.client.get().uri("/app.js").exchange().expectStatus().isUnauthorized();
		this.client.get().uri("/index.htm").exchange().expectStatus().isUnauthorized();
	}

}
