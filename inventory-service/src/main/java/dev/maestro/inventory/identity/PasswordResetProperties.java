package dev.maestro.inventory.identity;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Password reset by e-mail. The SMTP server itself is Spring Boot's {@code spring.mail.*}
 * (host, port, username, password); without {@code spring.mail.host} resets answer 503.
 *
 * @param webUrl the web UI's address, for the link in the e-mail
 * @param tokenTtl how long a reset link works
 * @param from the sender of the e-mail
 */
@ConfigurationProperties("maestro.identity.password-reset")
record PasswordResetProperties(@DefaultValue("http://localhost:8080") String webUrl,
		@DefaultValue("30m") Duration tokenTtl, @DefaultValue("Maestro <no-reply@maestro.local>") String from) {
}
