package dev.maestro.inventory.entity;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.maestro.request.web.FieldError;
import dev.maestro.request.web.ProblemException;
import dev.maestro.request.web.Problems;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebInputException;

/**
 * Turns a request body into the canonical form a record is stored in: bound to the entity's
 * record (types, enums, unknown fields refused), validated, then back to plain JSON values
 * without nulls, so that stored records, diffs and answers all read the same.
 */
@Component
class Bodies {

	private final JsonMapper strict;

	private final Validator validator;

	Bodies(JsonMapper json, Validator validator) {
		this.strict = json.rebuild()
			.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
			.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
			.build();
		this.validator = validator;
	}

	/** The canonical body, or a 400 naming every invalid field. */
	Map<String, Object> canonical(EntityType type, Map<String, Object> body) {
		Object bound;
		try {
			bound = this.strict.convertValue(body, type.bodyType());
		}
		catch (JacksonException | IllegalArgumentException ex) {
			// The shared error handler names the field and the expected type from the cause.
			throw new ServerWebInputException("Invalid " + type.label().toLowerCase(), null, ex);
		}
		Set<ConstraintViolation<Object>> violations = this.validator.validate(bound);
		if (!violations.isEmpty()) {
			List<FieldError> errors = new ArrayList<>();
			violations.forEach((violation) -> errors
				.add(new FieldError(violation.getPropertyPath().toString(), violation.getMessage())));
			errors.sort(java.util.Comparator.comparing(FieldError::field));
			throw new ProblemException(Problems.invalid("The " + type.label().toLowerCase() + " has invalid fields", errors));
		}
		@SuppressWarnings("unchecked")
		Map<String, Object> plain = this.strict.convertValue(bound, Map.class);
		return withoutNulls(plain);
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> withoutNulls(Map<String, Object> map) {
		Map<String, Object> clean = new LinkedHashMap<>();
		map.forEach((key, value) -> {
			Object cleaned = clean(value);
			if (cleaned != null) {
				clean.put(key, cleaned);
			}
		});
		return clean;
	}

	@SuppressWarnings("unchecked")
	private static Object clean(Object value) {
		if (value instanceof Map<?, ?> map) {
			Map<String, Object> nested = withoutNulls((Map<String, Object>) map);
			return nested.isEmpty() ? null : nested;
		}
		if (value instanceof Collection<?> list) {
			List<Object> items = new ArrayList<>();
			list.forEach((item) -> items.add(clean(item)));
			return items;
		}
		return value;
	}

}
