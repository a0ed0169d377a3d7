package dev.maestro.inventory.identity;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * When repeated failed logins lock further attempts out.
 *
 * @param maxFailuresPerAccount failures on one account within {@code window} that lock it
 * @param maxFailuresPerAddress failures from one client address within {@code window} that
 * lock that address (password spraying across accounts)
 * @param window the period failures are counted over
 * @param lockout how long a lock lasts
 */
@ConfigurationProperties("maestro.identity.login")
record LoginThrottleProperties(@DefaultValue("5") int maxFailuresPerAccount,
		@DefaultValue("20") int maxFailuresPerAddress, @DefaultValue("15m") Duration window,
		@DefaultValue("15m") Duration lockout) {
}
