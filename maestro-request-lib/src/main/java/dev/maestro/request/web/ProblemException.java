package dev.maestro.request.web;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponse;

/**
 * An exception that answers with a given problem. Use-case code throws it (or returns it in a
 * {@code Mono.error}) with a problem from {@link Problems}.
 */
public class ProblemException extends RuntimeException implements ErrorResponse {

	private final transient ProblemDetail problem;

	private final HttpHeaders headers = new HttpHeaders();

	public ProblemException(ProblemDetail problem) {
		super(problem.getDetail(), null, false, false);
		this.problem = problem;
	}

	/** Adds a response header (for example {@code ETag} or {@code Retry-After}). */
	public ProblemException withHeader(String name, String value) {
		this.headers.add(name, value);
		return this;
	}

	@Override
	public HttpStatusCode getStatusCode() {
		return HttpStatusCode.valueOf(this.problem.getStatus());
	}

	@Override
	public ProblemDetail getBody() {
		return this.problem;
	}

	@Override
	public HttpHeaders getHeaders() {
		return this.headers;
	}

}
