package dev.maestro.request.web;

/**
 * One entry of the {@code errors} array of a validation problem.
 *
 * @param field the JSON path of the offending field or parameter ({@code os.version},
 * {@code storage[2].sizeGb}, {@code limit}); {@code null} for an error about the whole body
 * @param message what is wrong with it, in words a user can act on
 */
public record FieldError(String field, String message) {
}
