package dev.maestro.websocket.eventlog;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param retention how long events are kept for replay
 */
@ConfigurationProperties("maestro.event-log")
record EventLogProperties(@DefaultValue("15d") Duration retention) {
}
