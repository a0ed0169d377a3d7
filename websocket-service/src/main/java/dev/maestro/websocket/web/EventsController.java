package dev.maestro.websocket.web;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.maestro.request.messaging.EventEnvelope;
import dev.maestro.request.web.ProblemException;
import dev.maestro.request.web.Problems;
import dev.maestro.websocket.eventlog.EventLog;
import dev.maestro.websocket.live.ClientStreams;
import dev.maestro.websocket.live.ClientStreams.ClientStream;
import dev.maestro.websocket.live.Connection;
import dev.maestro.websocket.live.EventsProperties;
import dev.maestro.websocket.live.Subscriber;
import io.swagger.v3.oas.annotations.Operation;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

/**
 * The events of the caller's teams over HTTP: a Server-Sent Events stream with the same
 * semantics as {@code /ws}, for clients that cannot use WebSocket, and a page of stored events
 * for clients that poll.
 */
@RestController
class EventsController {

	static final String LAST_EVENT_ID = "Last-Event-ID";

	private final EventsAuthentication authentication;

	private final ReplayPositions positions;

	private final ClientStreams streams;

	private final EventLog log;

	private final EventsProperties properties;

	EventsController(EventsAuthentication authentication, ReplayPositions positions, ClientStreams streams, EventLog log,
			EventsProperties properties) {
		this.authentication = authentication;
		this.positions = positions;
		this.streams = streams;
		this.log = log;
		this.properties = properties;
	}

	@Operation(summary = "Stream the events of the caller's teams (text/event-stream)",
			description = "Token in Authorization: Bearer or ?access_token=; Last-Event-ID (or ?since=) replays what was missed. "
					+ "Each event has id = event id, event = type, data = the envelope. Comments are heartbeats; "
					+ "event 'token-expired' or 'too-slow' ends the stream: reconnect with a fresh token and Last-Event-ID.")
	@GetMapping(path = "/api/events/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	Mono<ResponseEntity<Flux<ServerSentEvent<Object>>>> stream(ServerWebExchange exchange,
			@RequestHeader(name = LAST_EVENT_ID, required = false) String lastEventId,
			@RequestParam(name = "since", required = false) String since) {
		// EventSource resends the original URL with Last-Event-ID on reconnection: the header wins.
		Mono<Optional<EventLog.Position>> position = (lastEventId != null && !lastEventId.isBlank())
				? this.positions.resolve(LAST_EVENT_ID, lastEventId) : this.positions.resolve("since", since);
		return this.authentication.authenticate(exchange)
			.zipWith(position)
			.map((accepted) -> ResponseEntity.ok()
				.contentType(MediaType.TEXT_EVENT_STREAM)
				.header("Cache-Control", "no-cache")
				.header("X-Accel-Buffering", "no")
				.body(events(accepted.getT1(), accepted.getT2().orElse(null))));
	}

	private Flux<ServerSentEvent<Object>> events(Subscriber subscriber, EventLog.Position since) {
		return Flux.defer(() -> {
			ClientStream stream = this.streams.open(subscriber, since);
			Connection connection = stream.connection();
			Flux<ServerSentEvent<Object>> events = stream.events()
				.map((event) -> ServerSentEvent.<Object>builder(event).id(event.id().toString()).event(event.type()).build())
				.concatWith(Mono.fromSupplier(() -> connection.end() == Connection.End.TOO_SLOW
						? Optional.of(ending("too-slow", "client too slow: event buffer overflowed")) : Optional.<ServerSentEvent<Object>>empty())
					.flatMap(Mono::justOrEmpty));
			Flux<ServerSentEvent<Object>> heartbeats = Flux.interval(this.properties.heartbeat(), this.properties.heartbeat())
				.map((tick) -> ServerSentEvent.<Object>builder().comment("heartbeat").build());
			AtomicBoolean expired = new AtomicBoolean();
			Mono<Long> expiry = (subscriber.expiresAt() != null)
					? Mono.delay(positive(Duration.between(Instant.now(), subscriber.expiresAt())))
						.doOnNext((tick) -> expired.set(true))
					: Mono.never();
			return Flux.merge(events, heartbeats.takeUntilOther(connection.ended()))
				.takeUntilOther(expiry)
				.concatWith(Mono.fromSupplier(() -> expired.get()
						? Optional.of(ending("token-expired", "access token expired")) : Optional.<ServerSentEvent<Object>>empty())
					.flatMap(Mono::justOrEmpty))
				.doFinally((signal) -> connection.close());
		});
	}

	@Operation(summary = "A page of stored events of the caller's teams, oldest first",
			description = "Without since: the latest events. With since (an event id): the events stored after it. "
					+ "Poll again with since = lastEventId; nextCursor is non-null when more events are already waiting.")
	@GetMapping("/api/events")
	Mono<EventPage> page(@RequestParam(name = "since", required = false) String since,
			@RequestParam(name = "limit", required = false) String limit) {
		int size = limit(limit);
		return ReactiveSecurityContextHolder.getContext()
			.map((context) -> context.getAuthentication())
			.cast(JwtAuthenticationToken.class)
			.flatMap((authentication) -> this.authentication.subscriber(authentication.getToken()))
			.zipWith(this.positions.resolve("since", since))
			.flatMap((accepted) -> {
				Subscriber subscriber = accepted.getT1();
				EventLog.Position position = accepted.getT2().orElse(null);
				if (subscriber.teamIds().isEmpty()) {
					return Mono.just(new EventPage(List.of(), null, since));
				}
				return this.log.page(position, subscriber.teamIds(), size + 1).map((found) -> {
					boolean more = position != null && found.size() > size;
					List<EventEnvelope> items = (found.size() > size)
							? ((position != null) ? found.subList(0, size) : found.subList(found.size() - size, found.size()))
							: found;
					String last = items.isEmpty() ? since : items.get(items.size() - 1).id().toString();
					return new EventPage(items, more ? last : null, last);
				});
			});
	}

	private int limit(String limit) {
		if (limit == null || limit.isBlank()) {
			return this.properties.pageLimit();
		}
		try {
			int value = Integer.parseInt(limit.trim());
			if (value >= 1 && value <= this.properties.maxPageLimit()) {
				return value;
			}
		}
		catch (NumberFormatException ex) {
			// answered below
		}
		throw new ProblemException(Problems.invalid("limit", "must be a whole number from 1 to " + this.properties.maxPageLimit()));
	}

	private static ServerSentEvent<Object> ending(String event, String reason) {
		return ServerSentEvent.<Object>builder(Map.of("reason", reason)).event(event).build();
	}

	private static Duration positive(Duration duration) {
		return duration.isNegative() ? Duration.ZERO : duration;
	}

	/**
	 * @param items the events, oldest first
	 * @param nextCursor the id to pass as {@code since} for the next page when more events are
	 * already stored; {@code null} when this page reaches the end of the log
	 * @param lastEventId the id to pass as {@code since} on the next poll
	 */
	record EventPage(List<EventEnvelope> items, String nextCursor, String lastEventId) {
	}

}
