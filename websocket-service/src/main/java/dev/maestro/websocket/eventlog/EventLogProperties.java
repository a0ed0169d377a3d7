package dev.maestro.websocket.eventlog;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param retention how long events are kept for replay
 * @param fallbackDelay how long the shared queue's consumer waits before storing an event, so
 * that the instances' live paths — which store events in the order they deliver them — store it
 * first; the shared queue only stores what no live path did (no instance running, or one lagging
 * by more than this)
 * @param fallbackPrefetch events the shared queue's consumer holds while they wait; with the
 * delay, this bounds its throughput (prefetch / delay events per second per instance)
 */
@ConfigurationProperties("maestro.event-log")
record EventLogProperties(@DefaultValue("15d") Duration retention, @DefaultValue("2s") Duration fallbackDelay,
		@DefaultValue("1000") int fallbackPrefetch) {
}
