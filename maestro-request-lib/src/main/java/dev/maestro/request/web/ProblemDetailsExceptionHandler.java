package dev.maestro.request.web;

import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import dev.maestro.request.MaestroRequestException;
import jakarta.validation.ConstraintViolationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

import org.springframework.beans.TypeMismatchException;
import org.springframework.core.MethodParameter;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.validation.BindingResult;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.support.WebExchangeBindException;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.reactive.function.server.HandlerStrategies;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.reactive.result.view.ViewResolver;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.WebExceptionHandler;

/**
 * Turns every error that leaves a request — from a controller, a filter, a route or the
 * gateway — into an RFC 9457 {@code application/problem+json} answer. Bad input is always a
 * 4xx with the offending fields named; a dependency that is down is a 503 with
 * {@code Retry-After}; only a genuine bug is a 500, and its details stay in the log, under the
 * request id the answer quotes.
 */
public final class ProblemDetailsExceptionHandler implements WebExceptionHandler, Ordered {

	private static final Logger log = LoggerFactory.getLogger(ProblemDetailsExceptionHandler.class);

	/** Seconds a client should wait before retrying after a 503. */
	static final String RETRY_AFTER_SECONDS = "5";

	// Matched by name so that the library needs neither a MongoDB nor an AMQP dependency.
	private static final Set<String> DEPENDENCY_DOWN = Set.of("java.net.ConnectException",
			"org.springframework.dao.DataAccessResourceFailureException",
			"org.springframework.dao.TransientDataAccessResourceException",
			"org.springframework.dao.QueryTimeoutException", "com.mongodb.MongoTimeoutException",
			"com.mongodb.MongoSocketException", "org.springframework.amqp.AmqpConnectException",
			"io.netty.channel.ConnectTimeoutException");

	private static final Set<String> DUPLICATE_KEY = Set.of("org.springframework.dao.DuplicateKeyException");

	private final ServerResponse.Context context;

	public ProblemDetailsExceptionHandler(ServerCodecConfigurer codecs) {
		HandlerStrategies strategies = HandlerStrategies.builder()
			.codecs((configurer) -> configurer.registerDefaults(false))
			.build();
		List<org.springframework.http.codec.HttpMessageWriter<?>> writers = codecs.getWriters();
		this.context = new ServerResponse.Context() {
			@Override
			public List<org.springframework.http.codec.HttpMessageWriter<?>> messageWriters() {
				return writers.isEmpty() ? strategies.messageWriters() : writers;
			}

			@Override
			public List<ViewResolver> viewResolvers() {
				return List.of();
			}
		};
	}

	@Override
	public int getOrder() {
		// Before Spring Boot's DefaultErrorWebExceptionHandler (-1) and WebFlux's own (0).
		return -2;
	}

	@Override
	public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
		if (exchange.getResponse().isCommitted()) {
			return Mono.error(ex);
		}
		Answer answer = answer(ex);
		ProblemDetail problem = answer.problem();
		if (problem.getInstance() == null) {
			problem.setInstance(URI.create(exchange.getRequest().getPath().value()));
		}
		Object requestId = exchange.getAttribute(RequestIdWebFilter.ATTRIBUTE);
		if (requestId != null) {
			problem.setProperty(Problems.REQUEST_ID, requestId);
		}
		if (problem.getStatus() >= 500 && problem.getStatus() != 503) {
			log.error("Request {} {} failed (request id {})", exchange.getRequest().getMethod(),
					exchange.getRequest().getPath(), requestId, ex);
		}
		else {
			log.debug("Request {} {} answered {}: {}", exchange.getRequest().getMethod(),
					exchange.getRequest().getPath(), problem.getStatus(), problem.getDetail());
		}
		return ServerResponse.status(problem.getStatus())
			.headers((headers) -> headers.addAll(answer.headers()))
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyValue(problem)
			.flatMap((response) -> response.writeTo(exchange, this.context));
	}

	/** What to answer for {@code ex}. Visible for the tests. */
	static Answer answer(Throwable ex) {
		HttpHeaders headers = new HttpHeaders();
		if (ex instanceof WebExchangeBindException bind) {
			return new Answer(Problems.invalid("The request has invalid fields", fieldErrors(bind.getBindingResult())),
					headers);
		}
		if (ex instanceof HandlerMethodValidationException validation) {
			List<FieldError> errors = new ArrayList<>();
			validation.getParameterValidationResults()
				.forEach((result) -> result.getResolvableErrors()
					.forEach((error) -> errors.add(new FieldError(result.getMethodParameter().getParameterName(),
							error.getDefaultMessage()))));
			return new Answer(Problems.invalid("The request has invalid parameters", errors), headers);
		}
		if (ex instanceof ConstraintViolationException violations) {
			List<FieldError> errors = violations.getConstraintViolations()
				.stream()
				.map((violation) -> new FieldError(lastNode(violation.getPropertyPath().toString()),
						violation.getMessage()))
				.toList();
			return new Answer(Problems.invalid("The request has invalid fields", errors), headers);
		}
		if (ex instanceof ServerWebInputException input) {
			return new Answer(input(input), headers);
		}
		if (ex instanceof MaestroRequestException remote) {
			return fromRemote(remote);
		}
		if (ex instanceof ErrorResponse error) {
			ProblemDetail problem = error.getBody();
			if (problem.getTitle() == null) {
				HttpStatus status = HttpStatus.resolve(problem.getStatus());
				problem.setTitle((status != null) ? status.getReasonPhrase() : null);
			}
			if (problem.getDetail() == null) {
				problem.setDetail((problem.getStatus() == HttpStatus.CONTENT_TOO_LARGE.value())
						? "The request body is too large" : problem.getTitle());
			}
			headers.addAll(error.getHeaders());
			return new Answer(problem, headers);
		}
		if (ex instanceof AuthenticationException) {
			return new Answer(Problems.of(HttpStatus.UNAUTHORIZED, "Authentication is required"), headers);
		}
		if (ex instanceof AccessDeniedException) {
			return new Answer(Problems.of(HttpStatus.FORBIDDEN, "Your role does not allow this"), headers);
		}
		if (causedBy(ex, DUPLICATE_KEY)) {
			return new Answer(Problems.conflict("The request conflicts with an existing record"), headers);
		}
		if (causedBy(ex, DEPENDENCY_DOWN)) {
			headers.set(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
			return new Answer(Problems.unavailable("A service this request needs is unavailable; try again shortly"),
					headers);
		}
		return new Answer(Problems.of(HttpStatus.INTERNAL_SERVER_ERROR,
				"Unexpected error; quote the request id when you report it"), headers);
	}

	private static Answer fromRemote(MaestroRequestException remote) {
		HttpHeaders headers = new HttpHeaders();
		if (remote instanceof MaestroRequestException.Unavailable) {
			headers.set(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
			return new Answer(Problems.unavailable(remote.service() + " is unavailable; try again shortly"), headers);
		}
		if (remote instanceof MaestroRequestException.AccessDenied) {
			// The other service refused *this* service: a misconfiguration, not the user's fault.
			return new Answer(Problems.of(HttpStatus.BAD_GATEWAY, remote.service() + " refused the call"), headers);
		}
		ProblemDetail problem = remote.problem();
		problem.setInstance(null);
		return new Answer(problem, headers);
	}

	private static ProblemDetail input(ServerWebInputException input) {
		for (Throwable cause = input; cause != null; cause = cause.getCause()) {
			if (cause instanceof DataBufferLimitException) {
				return Problems.of(HttpStatus.CONTENT_TOO_LARGE, "The request body is too large");
			}
		}
		for (Throwable cause = input; cause != null; cause = cause.getCause()) {
			if (cause instanceof UnrecognizedPropertyException unknown) {
				return Problems.invalid(path(unknown), "is not a known field");
			}
			if (cause instanceof InvalidFormatException format && format.getTargetType() != null
					&& format.getTargetType().isEnum()) {
				String allowed = Arrays.stream(format.getTargetType().getEnumConstants())
					.map(String::valueOf)
					.collect(Collectors.joining(", "));
				return Problems.invalid(path(format), "must be one of " + allowed);
			}
			if (cause instanceof MismatchedInputException mismatch) {
				String expected = (mismatch.getTargetType() != null) ? describe(mismatch.getTargetType()) : "another type";
				String field = path(mismatch);
				return field.isEmpty() ? Problems.invalid("The request body must be " + expected, List.of())
						: Problems.invalid(field, "must be " + expected);
			}
			if (cause instanceof StreamReadException malformed) {
				String where = (malformed.getLocation() != null) ? " at line " + malformed.getLocation().getLineNr()
						+ ", column " + malformed.getLocation().getColumnNr() : "";
				return Problems.invalid("Malformed JSON" + where, List.of());
			}
			if (cause instanceof JacksonException json) {
				return Problems.invalid("The request body cannot be read: " + json.getOriginalMessage(), List.of());
			}
			if (cause instanceof TypeMismatchException mismatch) {
				String name = parameterName(input.getMethodParameter(), mismatch.getPropertyName());
				String expected = (mismatch.getRequiredType() != null) ? describe(mismatch.getRequiredType()) : "valid";
				return Problems.invalid(name, "must be " + expected + " (was '" + mismatch.getValue() + "')");
			}
		}
		String reason = (input.getReason() != null) ? input.getReason() : "The request is invalid";
		MethodParameter parameter = input.getMethodParameter();
		if (parameter != null && parameter.getParameterName() != null && !reason.contains("body")) {
			return Problems.invalid(parameter.getParameterName(), reason);
		}
		return Problems.invalid(reason, List.of());
	}

	private static String describe(Class<?> type) {
		if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != boolean.class)) {
			return "a number";
		}
		if (type == Boolean.class || type == boolean.class) {
			return "true or false";
		}
		if (type.isArray() || java.util.Collection.class.isAssignableFrom(type)) {
			return "a list";
		}
		if (type == String.class || type.isEnum()) {
			return "a string";
		}
		if (type == java.time.Instant.class || type == java.time.OffsetDateTime.class) {
			return "an ISO-8601 timestamp";
		}
		if (java.util.UUID.class == type) {
			return "a UUID";
		}
		return "an object";
	}

	private static String parameterName(MethodParameter parameter, String fallback) {
		if (fallback != null) {
			return fallback;
		}
		return (parameter != null && parameter.getParameterName() != null) ? parameter.getParameterName()
				: "parameter";
	}

	private static String path(JacksonException ex) {
		StringBuilder path = new StringBuilder();
		for (JacksonException.Reference reference : ex.getPath()) {
			if (reference.getPropertyName() != null) {
				if (!path.isEmpty()) {
					path.append('.');
				}
				path.append(reference.getPropertyName());
			}
			else if (reference.getIndex() >= 0) {
				path.append('[').append(reference.getIndex()).append(']');
			}
		}
		return path.toString();
	}

	private static List<FieldError> fieldErrors(BindingResult result) {
		List<FieldError> errors = new ArrayList<>();
		result.getFieldErrors().forEach((error) -> errors.add(new FieldError(error.getField(), error.getDefaultMessage())));
		result.getGlobalErrors().forEach((error) -> errors.add(new FieldError(null, error.getDefaultMessage())));
		return errors;
	}

	private static String lastNode(String propertyPath) {
		// "create.request.hostname" -> "hostname": the method and argument names mean nothing to a user.
		String[] nodes = propertyPath.split("\\.", 3);
		return (nodes.length == 3) ? nodes[2] : propertyPath;
	}

	private static boolean causedBy(Throwable ex, Set<String> classNames) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			for (Class<?> type = cause.getClass(); type != null; type = type.getSuperclass()) {
				if (classNames.contains(type.getName())) {
					return true;
				}
			}
			if (cause.getCause() == cause) {
				break;
			}
		}
		return false;
	}

	/** A problem and the headers that go with it. */
	record Answer(ProblemDetail problem, HttpHeaders headers) {
	}

}
