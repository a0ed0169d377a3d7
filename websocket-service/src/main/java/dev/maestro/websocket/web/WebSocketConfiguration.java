package dev.maestro.websocket.web;

import java.util.Map;

import dev.maestro.websocket.live.ClientStreams;
import dev.maestro.websocket.live.EventsProperties;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.reactive.handler.SimpleUrlHandlerMapping;
import org.springframework.web.reactive.socket.server.WebSocketService;

/** Maps {@code GET /ws} to the events handler, behind the authenticating handshake. */
@Configuration(proxyBeanMethods = false)
class WebSocketConfiguration implements WebFluxConfigurer {

	private final EventsAuthentication authentication;

	private final ReplayPositions positions;

	WebSocketConfiguration(EventsAuthentication authentication, ReplayPositions positions) {
		this.authentication = authentication;
		this.positions = positions;
	}

	@Bean
	EventsWebSocketHandler eventsWebSocketHandler(ClientStreams streams, EventsProperties properties, JsonMapper json) {
		return new EventsWebSocketHandler(streams, properties, json);
	}

	@Bean
	HandlerMapping eventsWebSocketMapping(EventsWebSocketHandler handler) {
		return new SimpleUrlHandlerMapping(Map.of("/ws", handler), Ordered.HIGHEST_PRECEDENCE);
	}

	@Override
	public WebSocketService getWebSocketService() {
		return new AuthenticatingWebSocketService(this.authentication, this.positions);
	}

}
