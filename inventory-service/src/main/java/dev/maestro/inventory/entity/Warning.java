package dev.maestro.inventory.entity;

import java.util.List;

/**
 * Something worth knowing about a record that was accepted anyway.
 *
 * @param code a stable code, e.g. {@code DUPLICATE_HOSTNAME}
 * @param message what it means
 * @param field the field it is about
 * @param ids the other records involved
 */
public record Warning(String code, String message, String field, List<String> ids) {
}
