package dev.maestro.websocket.web;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.maestro.request.messaging.EventEnvelope;
import dev.maestro.request.messaging.MessageTypes;
import dev.maestro.test.MaestroInfrastructureInitializer;
import dev.maestro.websocket.WebSocketApplication;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.ChannelOption;
import io.netty.channel.WriteBufferWaterMark;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Sinks;
import reactor.netty.http.client.HttpClient;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.web.reactive.socket.CloseStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A client that stops reading is dropped once its buffer overflows, and the others keep
 * receiving every event meanwhile. Socket buffers are made small here so that a few hundred
 * kilobytes, rather than the megabytes loopback sockets hold, are enough to fill them.
 */
// Each instance consumes every event (its own queue, its own log appends): a cached context
// left running would compete with the next class's instance for the same store.
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@SpringBootTest(classes = WebSocketApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "maestro.events.client-buffer=64", "maestro.events.close-grace=60s",
				"maestro.events.heartbeat=1s" })
@ContextConfiguration(initializers = MaestroInfrastructureInitializer.class)
@Import({ EventTokens.class, SlowClientTests.SmallSocketBuffers.class })
class SlowClientTests {

	private static final Duration WAIT = Duration.ofSeconds(60);

	@LocalServerPort
	int port;

	@Autowired
	RabbitTemplate rabbit;

	@Autowired
	JsonMapper json;

	@Autowired
	MeterRegistry meters;

	@Test
	void aClientThatDoesNotKeepUpIsClosedWith1013WhileAFastOneReceivesEverything() {
		Broker broker = new Broker(this.rabbit, this.json);
		String team = "team-" + UUID.randomUUID();
		String token = EventTokens.token("user", Map.of(team, "VIEWER"));
		Sinks.Empty<Void> gate = Sinks.empty();
		double droppedBefore = dropped();
		try (LiveClient fast = LiveClient.connect(this.port, "access_token=" + token);
				LiveClient slow = LiveClient.connect(HttpClient.create().option(ChannelOption.SO_RCVBUF, 2048), this.port,
						"access_token=" + token, gate.asMono())) {
			await().atMost(WAIT).untilAsserted(() -> {
				EventEnvelope probe = broker.publish("test.probe", team, Map.of());
				await().atMost(Duration.ofSeconds(2))
					.untilAsserted(() -> assertThat(slow.ids()).isNotEmpty().hasSameSizeAs(slow.frames));
				assertThat(fast.ids()).contains(probe.id().toString());
			});

			String padding = "x".repeat(4096);
			List<String> published = new ArrayList<>();
			for (int i = 0; i < 400; i++) {
				published.add(broker.publish(MessageTypes.ENTITY_CHANGED, team, Map.of("n", i, "padding", padding))
					.id()
					.toString());
				if (i >= 32) {
					// The fast client is never more than 32 events behind (its buffer holds 64), whatever
					// the machine's speed; the stalled one reads nothing and must overflow.
					String behind = published.get(i - 32);
					await().atMost(WAIT).until(() -> fast.ids().contains(behind));
				}
			}

			await().atMost(WAIT).untilAsserted(() -> assertThat(fast.ids()).containsAll(published));
			await().atMost(WAIT).untilAsserted(() -> assertThat(dropped()).isEqualTo(droppedBefore + 1));
			assertThat(fast.finished).isFalse();

			gate.tryEmitEmpty();
			await().atMost(WAIT).until(() -> slow.finished);
			await().atMost(WAIT)
				.untilAsserted(() -> assertThat(slow.closeStatus).as("close status (frames %d, failure %s)",
						slow.frames.size(), slow.failure).isNotNull());
			assertThat(slow.closeStatus.getCode()).isEqualTo(CloseStatus.SERVICE_OVERLOAD.getCode());
			assertThat(slow.ids()).doesNotContainSequence(published);
		}
	}

	@Test
	void anIdleClientGetsHeartbeatsAsPingsOrOnRequestAsJsonFrames() {
		String token = EventTokens.token("idle", Map.of("team-" + UUID.randomUUID(), "VIEWER"));
		try (LiveClient pinged = LiveClient.connect(this.port, "access_token=" + token);
				LiveClient json = LiveClient.connect(this.port, "access_token=" + token + "&heartbeat=json")) {
			await().atMost(WAIT).untilAsserted(() -> assertThat(json.frames).contains("{\"type\":\"heartbeat\"}"));
			// Pings are answered by the WebSocket layer and never reach the application.
			assertThat(pinged.frames).isEmpty();
			assertThat(pinged.finished).isFalse();
			assertThat(json.ids()).isEmpty();
		}
	}

	private double dropped() {
		return this.meters.get("maestro.events.slow.clients").counter().count();
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class SmallSocketBuffers {

		@Bean
		NettyServerCustomizer smallSocketBuffers() {
			return (server) -> server.childOption(ChannelOption.SO_SNDBUF, 2048)
				.childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(2048, 4096));
		}

	}

}
