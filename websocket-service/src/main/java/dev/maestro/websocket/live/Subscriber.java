package dev.maestro.websocket.live;

import java.time.Instant;
import java.util.Set;

/**
 * Who a connection delivers to, as their access token says.
 *
 * @param userId the token's subject
 * @param teamIds the teams whose events they receive (the token's {@code teams}, less the teams
 * they left after it was issued)
 * @param expiresAt when the token expires; the connection ends then
 */
public record Subscriber(String userId, Set<String> teamIds, Instant expiresAt) {

	public Subscriber {
		teamIds = Set.copyOf(teamIds);
	}

}
