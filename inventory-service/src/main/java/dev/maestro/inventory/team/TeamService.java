package dev.maestro.inventory.team;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import dev.maestro.request.security.TeamAccess;
import dev.maestro.request.security.TeamRole;
import dev.maestro.request.web.ProblemException;
import dev.maestro.request.web.Problems;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/** Teams and their members. Roles are always read from the database here, never from a token. */
@Service
public class TeamService {

	private final TeamRepository teams;

	private final MembershipRepository memberships;

	TeamService(TeamRepository teams, MembershipRepository memberships) {
		this.teams = teams;
		this.memberships = memberships;
	}

	/** Creates a team with {@code ownerId} as its OWNER. */
	public Mono<TeamSummary> create(String name, boolean personal, String ownerId) {
		Team team = new Team(UUID.randomUUID().toString(), name, personal, Instant.now());
		return this.teams.insert(team)
			.flatMap((created) -> this.memberships.insert(Membership.of(created.id(), ownerId, TeamRole.OWNER))
				.thenReturn(new TeamSummary(created.id(), created.name(), TeamRole.OWNER)));
	}

	/** The user's teams with their role in each, for {@code /api/me} and for tokens. */
	public Flux<TeamSummary> teamsOf(String userId) {
		return this.memberships.findByUserId(userId)
			.flatMap((membership) -> this.teams.findById(membership.teamId())
				.map((team) -> new TeamSummary(team.id(), team.name(), membership.role())));
	}

	/** Role name by team id: the {@code teams} claim of the user's access tokens. */
	public Mono<Map<String, String>> rolesOf(String userId) {
		return this.memberships.findByUserId(userId).collectMap(Membership::teamId, (m) -> m.role().name());
	}

	/**
	 * The caller's role in the team, which must be at least {@code minimum}: 404 for a
	 * non-member (the team is not disclosed), 403 for a role too low. A Maestro service acts as
	 * ADMIN (with the teams:write scope) or VIEWER (teams:read) in any existing team.
	 */
	public Mono<TeamRole> require(String teamId, TeamAccess.Caller caller, TeamRole minimum) {
		if (caller.isService()) {
			return this.teams.existsById(teamId).flatMap((exists) -> {
				if (!exists) {
					return Mono.error(new ProblemException(Problems.notFound("Team", teamId)));
				}
				if (!TeamAccess.serviceMay(caller, minimum)) {
					return Mono.error(TeamAccess.forbiddenService(caller, minimum));
				}
				return Mono.just(TeamAccess.serviceMay(caller, TeamRole.EDITOR) ? TeamRole.ADMIN : TeamRole.VIEWER);
			});
		}
		return this.memberships.findById(teamId + ":" + caller.userId())
			.switchIfEmpty(Mono.error(() -> new ProblemException(Problems.notFound("Team", teamId))))
			.flatMap((membership) -> membership.role().atLeast(minimum) ? Mono.just(membership.role())
					: Mono.error(new ProblemException(Problems.of(HttpStatus.FORBIDDEN,
							"This needs the " + minimum + " role in the team; you are " + membership.role()))));
	}

	/** Adds a member; only an OWNER may make another OWNER. */
	Mono<Membership> addMember(String teamId, String actingUserId, TeamRole actingRole, String userId,
			TeamRole role) {
		if (role == TeamRole.OWNER && actingRole != TeamRole.OWNER) {
			return Mono.error(new ProblemException(
					Problems.of(HttpStatus.FORBIDDEN, "Only an OWNER can make someone an OWNER")));
		}
		return this.memberships.insert(Membership.of(teamId, userId, role))
			.onErrorMap(DuplicateKeyException.class,
					(ex) -> new ProblemException(Problems.conflict("This user is already a member of the team")));
	}

	Flux<Membership> members(String teamId) {
		return this.memberships.findByTeamId(teamId);
	}

	/** A team as its members see it. */
	public record TeamSummary(String id, String name, TeamRole role) {
	}

}
