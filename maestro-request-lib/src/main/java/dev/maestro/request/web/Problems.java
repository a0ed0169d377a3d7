package dev.maestro.request.web;

import java.net.URI;
import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * Factory for the problem details every Maestro service answers with, so that the same
 * situation reads the same everywhere. Throw {@link ProblemException} with one of these to
 * answer with it.
 */
public final class Problems {

	/** Property holding the list of {@link FieldError}s of a validation problem. */
	public static final String ERRORS = "errors";

	/** Property holding the request id, to quote when reporting a problem. */
	public static final String REQUEST_ID = "requestId";

	private Problems() {
	}

	public static ProblemDetail of(HttpStatus status, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setTitle(status.getReasonPhrase());
		return problem;
	}

	/** A 400 with one {@link FieldError} per invalid field. */
	public static ProblemDetail invalid(String detail, List<FieldError> errors) {
		ProblemDetail problem = of(HttpStatus.BAD_REQUEST, detail);
		problem.setType(URI.create("https://maestro.dev/problems/validation"));
		problem.setProperty(ERRORS, List.copyOf(errors));
		return problem;
	}

	/** A 400 about one field. */
	public static ProblemDetail invalid(String field, String message) {
		return invalid("Invalid " + field + ": " + message, List.of(new FieldError(field, message)));
	}

	/**
	 * A 404 for a resource that does not exist or that the caller may not know about: the
	 * two are deliberately indistinguishable.
	 */
	public static ProblemDetail notFound(String what, String id) {
		return of(HttpStatus.NOT_FOUND, what + " " + id + " was not found");
	}

	public static ProblemDetail conflict(String detail) {
		return of(HttpStatus.CONFLICT, detail);
	}

	/** A 503 for a dependency that is down; the response says when to try again. */
	public static ProblemDetail unavailable(String detail) {
		return of(HttpStatus.SERVICE_UNAVAILABLE, detail);
	}

}
