package dev.maestro.discovery.support;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import tools.jackson.databind.json.JsonMapper;

/**
 * A third-party REST API on mockwebserver3: handlers by {@code METHOD path}, each answering the
 * documented JSON shapes; unknown paths answer 404. Every request is recorded for assertions.
 */
public final class RestMock implements AutoCloseable {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final MockWebServer server = new MockWebServer();

	private final Map<String, Function<RecordedRequest, MockResponse>> handlers = new ConcurrentHashMap<>();

	public final List<RecordedRequest> requests = Collections.synchronizedList(new ArrayList<>());

	public RestMock() {
		this.server.setDispatcher(new Dispatcher() {
			@Override
			public MockResponse dispatch(RecordedRequest request) {
				RestMock.this.requests.add(request);
				Function<RecordedRequest, MockResponse> handler = RestMock.this.handlers
					.get(request.getMethod() + " " + request.getUrl().encodedPath());
				return (handler != null) ? handler.apply(request) : json(404, Map.of("error", Map.of("message", "no such path")));
			}
		});
		try {
			this.server.start();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public String url() {
		return "http://127.0.0.1:" + this.server.getPort();
	}

	public void on(String methodAndPath, Function<RecordedRequest, MockResponse> handler) {
		this.handlers.put(methodAndPath, handler);
	}

	public void reset() {
		this.handlers.clear();
		this.requests.clear();
	}

	/** Requests to {@code METHOD path} so far. */
	public List<RecordedRequest> requests(String methodAndPath) {
		synchronized (this.requests) {
			return this.requests.stream()
				.filter((r) -> (r.getMethod() + " " + r.getUrl().encodedPath()).equals(methodAndPath))
				.toList();
		}
	}

	public static MockResponse json(int status, Object body) {
		return new MockResponse.Builder().code(status)
			.setHeader("Content-Type", "application/json")
			.body(JSON.writeValueAsString(body))
			.build();
	}

	@Override
	public void close() {
		this.server.close();
	}

}
