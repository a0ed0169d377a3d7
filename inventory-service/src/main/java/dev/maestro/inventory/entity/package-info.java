/**
 * The record engine every inventory collection shares: validation, team scoping, paging,
 * search, ETags, soft delete, change history and change events. Each entity's own package
 * (servers, applications, ...) describes its fields with an {@link EntityType}.
 */
package dev.maestro.inventory.entity;
