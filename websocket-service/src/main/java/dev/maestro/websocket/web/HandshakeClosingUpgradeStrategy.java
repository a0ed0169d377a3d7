package dev.maestro.websocket.web;

import java.util.function.Supplier;

import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.WebsocketServerSpec;
import reactor.netty.http.websocket.WebsocketInbound;
import reactor.netty.http.websocket.WebsocketOutbound;

import org.springframework.core.io.buffer.NettyDataBufferFactory;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.HandshakeInfo;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.adapter.ReactorNettyWebSocketSession;
import org.springframework.web.reactive.socket.server.RequestUpgradeStrategy;
import org.springframework.web.server.ServerWebExchange;

/**
 * The Reactor Netty upgrade, with sessions whose {@code close} starts the WebSocket close
 * handshake instead of ending the connection.
 * <p>
 * Reactor Netty's own close shuts the socket as soon as the close frame is written. A client
 * still reading its backlog then answers the pings in it into a closed socket, is reset, and
 * loses the close frame together with everything it had not read yet: a dropped slow client saw
 * "connection reset" instead of 1013. Here {@code close} only writes the frame; the socket closes
 * when the client answers it (Reactor Netty then echoes and closes) or when the handler ends,
 * which {@link EventsWebSocketHandler} bounds by its close grace.
 */
final class HandshakeClosingUpgradeStrategy implements RequestUpgradeStrategy {

	@Override
	public Mono<Void> upgrade(ServerWebExchange exchange, WebSocketHandler handler, @Nullable String subProtocol,
			Supplier<HandshakeInfo> handshakeInfoFactory) {
		ServerHttpResponse response = exchange.getResponse();
		HttpServerResponse netty = ServerHttpResponseDecorator.getNativeResponse(response);
		HandshakeInfo handshake = handshakeInfoFactory.get();
		NettyDataBufferFactory buffers = (NettyDataBufferFactory) response.bufferFactory();
		WebsocketServerSpec.Builder builder = WebsocketServerSpec.builder();
		if (subProtocol != null) {
			builder.protocols(subProtocol);
		}
		WebsocketServerSpec spec = builder.build();
		// Committing the response first runs WebFlux's before-commit actions (saved session, headers).
		return response.setComplete()
			.then(Mono.defer(() -> netty.sendWebsocket((inbound, outbound) -> handler
				.handle(new HandshakeClosingSession(inbound, outbound, handshake, buffers, spec.maxFramePayloadLength())),
					spec)));
	}

	private static final class HandshakeClosingSession extends ReactorNettyWebSocketSession {

		HandshakeClosingSession(WebsocketInbound inbound, WebsocketOutbound outbound, HandshakeInfo handshake,
				NettyDataBufferFactory buffers, int maxFramePayloadLength) {
			super(inbound, outbound, handshake, buffers, maxFramePayloadLength);
		}

		@Override
		public Mono<Void> close(CloseStatus status) {
			return getDelegate().getOutbound()
				.sendObject(new CloseWebSocketFrame(status.getCode(), status.getReason()))
				.then();
		}

	}

}
