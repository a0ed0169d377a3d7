package dev.maestro.gateway.requestsize;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import dev.maestro.gateway.EdgeFilterOrder;
import dev.maestro.request.web.ProblemException;
import dev.maestro.request.web.Problems;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Refuses request bodies larger than {@code maestro.gateway.max-request-size} (or the cap of
 * the first matching override) with a 413 problem.
 *
 * <p>A declared {@code Content-Length} over the cap is refused before anything is forwarded
 * or authenticated. A body of unknown length (chunked) cannot be judged up front without
 * buffering it, so it streams through while its bytes are counted: the moment the count goes
 * over the cap the upload to the service is aborted and the caller gets the 413. The service
 * then sees a broken request, never a complete oversize one.
 */
@Component
final class RequestSizeWebFilter implements WebFilter, Ordered {

	private static final String EXCEEDED = RequestSizeWebFilter.class.getName() + ".exceeded";

	private final DataSize defaultCap;

	private final List<Cap> overrides;

	RequestSizeWebFilter(RequestSizeProperties properties) {
		this.defaultCap = properties.maxRequestSize();
		this.overrides = properties.maxRequestSizeOverrides()
			.stream()
			.map((override) -> new Cap(PathPatternParser.defaultInstance.parse(override.path()),
					override.maxRequestSize()))
			.toList();
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		ServerHttpRequest request = exchange.getRequest();
		DataSize cap = capFor(request.getPath().pathWithinApplication());
		long declared = request.getHeaders().getContentLength();
		if (declared > cap.toBytes()) {
			return Mono.error(tooLarge(cap));
		}
		if (declared >= 0 || request.getHeaders().getUpgrade() != null) {
			// A declared length is enforced by the server itself; an upgrade has no body to count.
			return chain.filter(exchange);
		}
		ServerWebExchange counted = exchange.mutate().request(new CountingRequest(exchange, cap)).build();
		// The abort surfaces as whatever the proxy makes of a failed upload; answer the real reason.
		return chain.filter(counted)
			.onErrorMap((ex) -> exchange.getAttributes().containsKey(EXCEEDED), (ex) -> tooLarge(cap));
	}

	private DataSize capFor(PathContainer path) {
		for (Cap override : this.overrides) {
			if (override.pattern().matches(path)) {
				return override.size();
			}
		}
		return this.defaultCap;
	}

	private static ProblemException tooLarge(DataSize cap) {
		return new ProblemException(Problems.of(HttpStatus.CONTENT_TOO_LARGE,
				"The request body is larger than the " + describe(cap) + " allowed here"));
	}

	private static String describe(DataSize size) {
		if (size.toBytes() % DataSize.ofMegabytes(1).toBytes() == 0) {
			return size.toMegabytes() + " MB";
		}
		if (size.toBytes() % DataSize.ofKilobytes(1).toBytes() == 0) {
			return size.toKilobytes() + " KB";
		}
		return size.toBytes() + " bytes";
	}

	@Override
	public int getOrder() {
		return EdgeFilterOrder.REQUEST_SIZE;
	}

	private record Cap(PathPattern pattern, DataSize size) {
	}

	/** A request whose body fails as soon as more than the cap has been read. */
	private static final class CountingRequest extends ServerHttpRequestDecorator {

		private final ServerWebExchange exchange;

		private final long cap;

		private final DataSize size;

		CountingRequest(ServerWebExchange exchange, DataSize cap) {
			super(exchange.getRequest());
			this.exchange = exchange;
			this.cap = cap.toBytes();
			this.size = cap;
		}

		@Override
		public Flux<DataBuffer> getBody() {
			AtomicLong read = new AtomicLong();
			return super.getBody().handle((buffer, sink) -> {
				if (read.addAndGet(buffer.readableByteCount()) > this.cap) {
					DataBufferUtils.release(buffer);
					this.exchange.getAttributes().put(EXCEEDED, Boolean.TRUE);
					sink.error(tooLarge(this.size));
					return;
				}
				sink.next(buffer);
			});
		}

	}

}
