package dev.maestro.request.security;

/**
 * A member's role in a team, from least to most powerful: VIEWER reads, EDITOR writes, ADMIN
 * manages members and connections, OWNER may delete the team.
 */
public enum TeamRole {

	VIEWER, EDITOR, ADMIN, OWNER;

	/** Whether this role may do what {@code required} may do. */
	public boolean atLeast(TeamRole required) {
		return compareTo(required) >= 0;
	}

}
