package dev.maestro.inventory.team;

import java.time.Instant;

import dev.maestro.request.security.TeamRole;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.index.Indexed;
import org.springframework.data.mongodb.core.mapping.Document;

/** A user's role in a team. The id is {@code teamId:userId}, so a user is a member once. */
@Document("memberships")
record Membership(@Id String id, @Indexed String teamId, @Indexed String userId, TeamRole role, Instant since) {

	static Membership of(String teamId, String userId, TeamRole role) {
		return new Membership(teamId + ":" + userId, teamId, userId, role, Instant.now());
	}

}
