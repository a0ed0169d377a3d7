package dev.maestro.websocket.web;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.http.client.HttpClient;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient;

/**
 * A real WebSocket client of {@code /ws}: it records every text frame it receives and how the
 * server closed the connection. A client made with a {@code gate} reads one frame and then
 * nothing until the gate opens — a client that does not keep up.
 */
final class LiveClient implements AutoCloseable {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	final List<String> frames = new CopyOnWriteArrayList<>();

	volatile CloseStatus closeStatus;

	volatile Throwable failure;

	volatile boolean finished;

	private final Disposable connection;

	private LiveClient(HttpClient http, URI uri, Mono<Void> gate) {
		Sinks.Empty<Void> opened = Sinks.empty();
		this.connection = new ReactorNettyWebSocketClient(http).execute(uri, (session) -> {
			opened.tryEmitEmpty();
			session.closeStatus().subscribe((status) -> this.closeStatus = status);
			return session.receive()
				.map(WebSocketMessage::getPayloadAsText)
				.concatMap((text) -> {
					this.frames.add(text);
					return (gate != null) ? gate.thenReturn(text) : Mono.just(text);
				}, 1)
				.then();
		}).subscribe(null, (ex) -> {
			this.failure = ex;
			this.finished = true;
			opened.tryEmitError(ex);
		}, () -> this.finished = true);
		opened.asMono().block(Duration.ofSeconds(20));
	}

	static LiveClient connect(int port, String query) {
		return new LiveClient(HttpClient.create(), URI.create("ws://localhost:" + port + "/ws?" + query), null);
	}

	static LiveClient connect(HttpClient http, int port, String query, Mono<Void> gate) {
		return new LiveClient(http, URI.create("ws://localhost:" + port + "/ws?" + query), gate);
	}

	/** The events received (heartbeats and other non-event frames left out), as JSON maps. */
	List<Map<String, Object>> events() {
		return this.frames.stream()
			.map((frame) -> JSON.readValue(frame, Map.class))
			.filter((event) -> event.containsKey("id"))
			.map((event) -> (Map<String, Object>) event)
			.toList();
	}

	/** The ids of the events received, in order. */
	List<String> ids() {
		return events().stream().map((event) -> (String) event.get("id")).toList();
	}

	@Override
	public void close() {
		this.connection.dispose();
	}

}
