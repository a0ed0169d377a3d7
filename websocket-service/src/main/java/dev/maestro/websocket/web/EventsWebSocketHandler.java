package dev.maestro.websocket.web;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.maestro.websocket.eventlog.EventLog;
import dev.maestro.websocket.live.ClientStreams;
import dev.maestro.websocket.live.ClientStreams.ClientStream;
import dev.maestro.websocket.live.Connection;
import dev.maestro.websocket.live.EventsProperties;
import dev.maestro.websocket.live.Subscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;

/**
 * {@code GET /ws}: one text frame per event envelope, replay first when the client gave
 * {@code since}. The handshake ({@link AuthenticatingWebSocketService}) has already checked the
 * token and the {@code since}; this handler only runs for accepted connections.
 */
class EventsWebSocketHandler implements WebSocketHandler {

	/** The token expired: reconnect with a fresh one (and {@code since}). */
	static final CloseStatus TOKEN_EXPIRED = new CloseStatus(4401, "access token expired");

	/** The client fell too far behind: reconnect with {@code since}. */
	static final CloseStatus TOO_SLOW = CloseStatus.SERVICE_OVERLOAD.withReason("client too slow: event buffer overflowed");

	static final String HEARTBEAT_PARAMETER = "heartbeat";

	private static final String JSON_HEARTBEAT = "{\"type\":\"heartbeat\"}";

	private final ClientStreams streams;

	private final EventsProperties properties;

	private final JsonMapper json;

	EventsWebSocketHandler(ClientStreams streams, EventsProperties properties, JsonMapper json) {
		this.streams = streams;
		this.properties = properties;
		this.json = json;
	}

	/** Called by the handshake only; a bare {@code handle(session)} has no authenticated subscriber. */
	@Override
	public Mono<Void> handle(WebSocketSession session) {
		return session.close(CloseStatus.POLICY_VIOLATION.withReason("not authenticated"));
	}

	Mono<Void> handle(WebSocketSession session, Subscriber subscriber, EventLog.Position since, boolean jsonHeartbeat) {
		ClientStream stream = this.streams.open(subscriber, since);
		Connection connection = stream.connection();
		Sinks.One<CloseStatus> closeWith = Sinks.one();
		connection.ended()
			.subscribe(null, null, () -> {
				if (connection.end() == Connection.End.TOO_SLOW) {
					closeWith.tryEmitValue(TOO_SLOW);
				}
			});
		Mono<Void> expiry = (subscriber.expiresAt() != null)
				? Mono.delay(positive(Duration.between(Instant.now(), subscriber.expiresAt())))
					.doOnNext((tick) -> closeWith.tryEmitValue(TOKEN_EXPIRED))
					.then()
				: Mono.never();
		Flux<WebSocketMessage> events = stream.events()
			.map((event) -> session.textMessage(this.json.writeValueAsString(event)));
		Flux<WebSocketMessage> heartbeats = Flux.interval(this.properties.heartbeat(), this.properties.heartbeat())
			.map((tick) -> jsonHeartbeat ? session.textMessage(JSON_HEARTBEAT)
					: session.pingMessage((buffers) -> buffers.wrap("heartbeat".getBytes(StandardCharsets.US_ASCII))));
		Flux<WebSocketMessage> outbound = Flux.merge(events, heartbeats)
			.takeUntilOther(closeWith.asMono())
			.takeUntilOther(connection.ended());
		AtomicBoolean closingStarted = new AtomicBoolean();
		Sinks.Empty<Void> inboundEnded = Sinks.empty();
		Mono<Void> closing = closeWith.asMono().flatMap((status) -> {
			closingStarted.set(true);
			return close(session, status, inboundEnded.asMono());
		});
		// While the server closes, the handler keeps reading and waits for the close handshake
		// rather than ending the connection, which would discard the close frame.
		Mono<Void> clientGone = session.receive()
			.doFinally((signal) -> inboundEnded.tryEmitEmpty())
			.then(Mono.defer(() -> closingStarted.get() ? Mono.<Void>never() : Mono.<Void>empty()));
		return Mono.firstWithSignal(closing, clientGone, session.send(outbound).then(Mono.never()),
				expiry.then(Mono.never()))
			.doFinally((signal) -> connection.close());
	}

	/**
	 * Sends the close frame and waits for the client's answer (the inbound ends with it), up to
	 * the grace period. The frame is queued behind everything the client has not read yet, so a
	 * client that does not read may never get it: after the grace period the handler stops waiting
	 * and every resource of the connection here is released. Sessions close with the handshake
	 * (see {@link HandshakeClosingUpgradeStrategy}); reading on meanwhile keeps what the client
	 * still sends, pongs included, from sitting unread when the socket closes.
	 */
	private Mono<Void> close(WebSocketSession session, CloseStatus status, Mono<Void> inboundEnded) {
		return session.close(status)
			.then(inboundEnded)
			.timeout(this.properties.closeGrace())
			.onErrorResume((ex) -> Mono.empty());
	}

	private static Duration positive(Duration duration) {
		return duration.isNegative() ? Duration.ZERO : duration;
	}

}
