package dev.maestro.inventory.identity;

import java.time.Instant;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.index.Indexed;
import org.springframework.data.mongodb.core.mapping.Document;

/** A person who signs in. {@code email} is stored lower-case and is unique. */
@Document("users")
record User(@Id String id, @Indexed(unique = true) String email, String name, String passwordHash,
		Instant createdAt) {
}
