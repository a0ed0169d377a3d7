package dev.maestro.websocket.membership;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param revocationRetention how long a removal is remembered: it must outlive every access
 * token issued before it (inventory-service issues them for 10 minutes)
 */
@ConfigurationProperties("maestro.events.membership")
record MembershipProperties(@DefaultValue("1d") Duration revocationRetention) {
}
