package dev.maestro.websocket.web;

import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.maestro.test.PublicApiFuzzTests;
import dev.maestro.websocket.WebSocketApplication;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;

/**
 * Random input at websocket-service's HTTP operations (the event page with {@code since} and
 * {@code limit}): never a 5xx, a refusal changes nothing. The event stream itself never ends, so
 * it is exercised by {@link EventDeliveryTests} instead.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@SpringBootTest(classes = WebSocketApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(EventTokens.class)
class EventsApiFuzzTests extends PublicApiFuzzTests {

	@Override
	protected Caller caller() {
		String team = "team-" + UUID.randomUUID();
		return new Caller("Bearer " + EventTokens.token("fuzz-viewer", Map.of(team, "VIEWER")), team);
	}

	@Override
	protected Set<String> skippedOperations() {
		return Set.of("GET /api/events/stream");
	}

	@Override
	protected Set<String> collectionsChangedByRefusals() {
		// Other tests' events reach the log from the shared broker at any time.
		return Set.of("outbox", "processed_messages", "job_deliveries", "events");
	}

}
