package dev.maestro.websocket.live;

import java.time.Duration;
import java.util.UUID;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How events reach clients.
 *
 * @param heartbeat how often an idle connection is pinged (WebSocket ping, SSE comment), so
 * proxies keep it open and dead peers are found
 * @param clientBuffer events that may wait for one client; a client that falls further behind
 * is disconnected (WebSocket close 1013) and reconnects with {@code since}
 * @param closeGrace how long the close frame of a dropped WebSocket client may wait behind the
 * data it has not read before the server stops waiting for it
 * @param instanceId names this instance's queue ({@code maestro.events.ws.<instanceId>});
 * random by default, so every replica gets its own
 * @param pageLimit the default {@code limit} of {@code GET /api/events}
 * @param maxPageLimit the largest {@code limit} accepted by {@code GET /api/events}
 */
@ConfigurationProperties("maestro.events")
public record EventsProperties(@DefaultValue("25s") Duration heartbeat, @DefaultValue("256") int clientBuffer,
		@DefaultValue("5s") Duration closeGrace, String instanceId, @DefaultValue("100") int pageLimit,
		@DefaultValue("1000") int maxPageLimit) {

	public EventsProperties {
		if (instanceId == null || instanceId.isBlank()) {
			instanceId = UUID.randomUUID().toString();
		}
		if (clientBuffer < 1) {
			throw new IllegalArgumentException("maestro.events.client-buffer must be at least 1");
		}
	}

	/** The queue this instance binds to {@code maestro.events}. */
	public String queueName() {
		return "maestro.events.ws." + this.instanceId;
	}

}
