package dev.maestro.request;

import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/**
 * A call to another Maestro service did not succeed. The subclasses say why, so that callers
 * can react to a missing record or a conflict without parsing status codes; {@link #problem()}
 * carries the RFC 9457 body the other service answered with, or one made up here when there
 * was no answer at all.
 */
public class MaestroRequestException extends RuntimeException {

	private final String service;

	private final transient ProblemDetail problem;

	public MaestroRequestException(String service, ProblemDetail problem, Throwable cause) {
		super(service + ": " + describe(problem), cause);
		this.service = service;
		this.problem = problem;
	}

	private static String describe(ProblemDetail problem) {
		return problem.getStatus() + " " + ((problem.getDetail() != null) ? problem.getDetail() : problem.getTitle());
	}

	/** The name of the service that was called. */
	public String service() {
		return this.service;
	}

	/** The problem details the service answered with (or a synthetic one). */
	public ProblemDetail problem() {
		return this.problem;
	}

	public HttpStatusCode status() {
		return HttpStatusCode.valueOf(this.problem.getStatus());
	}

	/** Maps an error answer to the most specific exception type. */
	static MaestroRequestException of(String service, ProblemDetail problem) {
		HttpStatus status = HttpStatus.resolve(problem.getStatus());
		if (status == null) {
			return new MaestroRequestException(service, problem, null);
		}
		return switch (status) {
			case BAD_REQUEST, UNPROCESSABLE_CONTENT -> new BadRequest(service, problem);
			case UNAUTHORIZED, FORBIDDEN -> new AccessDenied(service, problem);
			case NOT_FOUND, GONE -> new NotFound(service, problem);
			case CONFLICT -> new Conflict(service, problem);
			case PRECONDITION_FAILED -> new PreconditionFailed(service, problem);
			default -> status.is5xxServerError() || status == HttpStatus.TOO_MANY_REQUESTS
					? new Unavailable(service, problem, null) : new MaestroRequestException(service, problem, null);
		};
	}

	/** 400 or 422: the request was refused as invalid. */
	public static class BadRequest extends MaestroRequestException {

		BadRequest(String service, ProblemDetail problem) {
			super(service, problem, null);
		}

	}

	/** 401 or 403: the caller's credentials were refused. */
	public static class AccessDenied extends MaestroRequestException {

		AccessDenied(String service, ProblemDetail problem) {
			super(service, problem, null);
		}

	}

	/** 404 or 410: the resource does not exist (or is not visible to the caller). */
	public static class NotFound extends MaestroRequestException {

		NotFound(String service, ProblemDetail problem) {
			super(service, problem, null);
		}

	}

	/** 409: the request conflicts with the current state. */
	public static class Conflict extends MaestroRequestException {

		Conflict(String service, ProblemDetail problem) {
			super(service, problem, null);
		}

	}

	/** 412: an {@code If-Match} precondition was stale. */
	public static class PreconditionFailed extends MaestroRequestException {

		PreconditionFailed(String service, ProblemDetail problem) {
			super(service, problem, null);
		}

	}

	/**
	 * The service could not answer: it is down, too slow, overloaded (5xx, 429), or its circuit
	 * is open. Callers usually turn this into their own 503.
	 */
	public static class Unavailable extends MaestroRequestException {

		public Unavailable(String service, ProblemDetail problem, Throwable cause) {
			super(service, problem, cause);
		}

		static Unavailable because(String service, String detail, Throwable cause) {
			ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, detail);
			problem.setTitle("Service Unavailable");
			return new Unavailable(service, problem, cause);
		}

	}

}
