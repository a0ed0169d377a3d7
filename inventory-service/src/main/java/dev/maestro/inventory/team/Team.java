package dev.maestro.inventory.team;

import java.time.Instant;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A team: the unit that owns inventory. {@code personal} marks the team every user gets at
 * registration.
 */
@Document("teams")
record Team(@Id String id, String name, boolean personal, Instant createdAt) {
}
