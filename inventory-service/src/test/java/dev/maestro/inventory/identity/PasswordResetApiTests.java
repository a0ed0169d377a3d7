package dev.maestro.inventory.identity;

import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.maestro.inventory.InventoryApi;
import dev.maestro.inventory.InventoryApiTest;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A forgotten password, reset by a link sent through a real SMTP server (GreenMail). */
@InventoryApiTest
@TestPropertySource(properties = "maestro.identity.password-reset.web-url=https://maestro.example.com")
class PasswordResetApiTests {

	@RegisterExtension
	static GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
		.withPerMethodLifecycle(false);

	private static final Pattern LINK = Pattern.compile("https://maestro\\.example\\.com/reset-password\\?token=([A-Za-z0-9_-]+)");

	@DynamicPropertySource
	static void mailServer(DynamicPropertyRegistry registry) {
		registry.add("spring.mail.host", () -> "127.0.0.1");
		registry.add("spring.mail.port", () -> smtp.getSmtp().getPort());
	}

	@Autowired
	WebTestClient client;

	InventoryApi api;

	@BeforeEach
	void api() throws Exception {
		this.api = new InventoryApi(this.client);
		smtp.purgeEmailFromAllMailboxes();
	}

	String requestLinkFor(String email) {
		this.api.call(HttpMethod.POST, "/api/auth/forgot-password", null, Map.of("email", email), 202);
		await().atMost(Duration.ofSeconds(10)).until(() -> smtp.getReceivedMessages().length == 1);
		MimeMessage message = smtp.getReceivedMessages()[0];
		Matcher link = LINK.matcher(GreenMailUtil.getBody(message));
		assertThat(link.find()).as("a reset link in the e-mail").isTrue();
		return link.group(1);
	}

	@Test
	void theEmailedLinkSetsANewPasswordOnceAndSignsOutEverySession() throws Exception {
		InventoryApi.User user = this.api.newUser();

		String token = requestLinkFor(user.email());
		assertThat(smtp.getReceivedMessages()[0].getAllRecipients()[0].toString()).isEqualTo(user.email());
		this.api.call(HttpMethod.POST, "/api/auth/reset-password", null,
				Map.of("token", token, "newPassword", "a fresh start at last"), 204);

		this.api.call(HttpMethod.POST, "/api/auth/login", null,
				Map.of("email", user.email(), "password", "a fresh start at last"), 200);
		this.api.call(HttpMethod.POST, "/api/auth/login", null,
				Map.of("email", user.email(), "password", InventoryApi.PASSWORD), 401);
		this.api.call(HttpMethod.POST, "/api/auth/refresh", null, Map.of("refreshToken", user.refreshToken()), 401);
		this.api.call(HttpMethod.POST, "/api/auth/reset-password", null,
				Map.of("token", token, "newPassword", "yet another passphrase"), 400);
	}

	@Test
	void anUnknownAddressGetsTheSameAnswerAndNoEmail() throws Exception {
		this.api.call(HttpMethod.POST, "/api/auth/forgot-password", null, Map.of("email", "nobody@example.com"), 202);

		// A reset for a real account afterwards: once its e-mail is in, any for the unknown one would be too.
		InventoryApi.User user = this.api.newUser();
		requestLinkFor(user.email());
		assertThat(smtp.getReceivedMessages()).singleElement()
			.satisfies((message) -> assertThat(message.getAllRecipients()[0].toString()).isEqualTo(user.email()));
	}

	@Test
	void aWeakNewPasswordIsRefusedAndTheLinkStillWorks() {
		InventoryApi.User user = this.api.newUser();
		String token = requestLinkFor(user.email());

		this.api.call(HttpMethod.POST, "/api/auth/reset-password", null, Map.of("token", token, "newPassword", "short"),
				400);
		this.api.call(HttpMethod.POST, "/api/auth/reset-password", null,
				Map.of("token", token, "newPassword", "long enough this time"), 204);
	}

	@Test
	void aMadeUpTokenIsRefused() {
		this.api.call(HttpMethod.POST, "/api/auth/reset-password", null,
				Map.of("token", "not-a-real-token", "newPassword", "long enough this time"), 400);
	}

}
