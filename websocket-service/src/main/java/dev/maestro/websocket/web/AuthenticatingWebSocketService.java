package dev.maestro.websocket.web;

import reactor.core.publisher.Mono;

import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.server.WebSocketService;
import org.springframework.web.reactive.socket.server.support.HandshakeWebSocketService;
import org.springframework.web.server.ServerWebExchange;

/**
 * Checks the token and the {@code since} of {@code GET /ws} before the upgrade, so that a refused
 * client gets a plain HTTP answer — 401 or 400 problem+json — rather than a WebSocket that opens
 * and closes at once; only then does the standard handshake run.
 */
class AuthenticatingWebSocketService implements WebSocketService {

	static final String SINCE = "since";

	private final HandshakeWebSocketService handshake = new HandshakeWebSocketService(
			new HandshakeClosingUpgradeStrategy());

	private final EventsAuthentication authentication;

	private final ReplayPositions positions;

	AuthenticatingWebSocketService(EventsAuthentication authentication, ReplayPositions positions) {
		this.authentication = authentication;
		this.positions = positions;
	}

	@Override
	public Mono<Void> handleRequest(ServerWebExchange exchange, WebSocketHandler handler) {
		if (!(handler instanceof EventsWebSocketHandler events)) {
			return this.handshake.handleRequest(exchange, handler);
		}
		String since = exchange.getRequest().getQueryParams().getFirst(SINCE);
		boolean jsonHeartbeat = "json".equals(exchange.getRequest().getQueryParams().getFirst(EventsWebSocketHandler.HEARTBEAT_PARAMETER));
		return this.authentication.authenticate(exchange)
			.zipWith(this.positions.resolve(SINCE, since))
			.flatMap((accepted) -> this.handshake.handleRequest(exchange, (session) -> events.handle(session,
					accepted.getT1(), accepted.getT2().orElse(null), jsonHeartbeat)));
	}

}
