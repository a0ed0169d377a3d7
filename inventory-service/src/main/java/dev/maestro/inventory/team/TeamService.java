package dev.maestro.inventory.team;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.maestro.request.messaging.EventEnvelope;
import dev.maestro.request.messaging.EventPublisher;
import dev.maestro.request.messaging.MessageTypes;
import dev.maestro.request.security.TeamAccess;
import dev.maestro.request.security.TeamRole;
import dev.maestro.request.web.ProblemException;
import dev.maestro.request.web.Problems;
import dev.maestro.request.web.RequestId;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * Teams and their members. Roles are always read from the database here, never from a token.
 * Every membership change is announced ({@code inventory.membership.changed}) so that other
 * services — the websocket-service above all — act on it before the member's tokens expire.
 */
@Service
public class TeamService {

	private final TeamRepository teams;

	private final MembershipRepository memberships;

	private final List<TeamSetup> setups;

	private final EventPublisher events;

	TeamService(TeamRepository teams, MembershipRepository memberships, List<TeamSetup> setups,
			EventPublisher events) {
		this.teams = teams;
		this.memberships = memberships;
		this.setups = setups;
		this.events = events;
	}

	/** Announces a member's new role in a team ({@code null} when they left it). */
	private Mono<Void> announce(String teamId, String userId, TeamRole role) {
		Map<String, Object> data = new java.util.HashMap<>();
		data.put("userId", userId);
		data.put("role", (role != null) ? role.name() : null);
		return RequestId.current()
			.defaultIfEmpty("")
			.flatMap((requestId) -> this.events
				.publishEvent(EventEnvelope.of(MessageTypes.MEMBERSHIP_CHANGED, teamId, requestId, data)));
	}

	/** Creates a team with {@code ownerId} as its OWNER. */
	public Mono<TeamSummary> create(String name, boolean personal, String ownerId) {
		Team team = new Team(UUID.randomUUID().toString(), name, personal, Instant.now());
		return this.teams.insert(team)
			.flatMap((created) -> this.memberships.insert(Membership.of(created.id(), ownerId, TeamRole.OWNER))
				.then(Flux.fromIterable(this.setups).concatMap((setup) -> setup.prepare(created.id())).then())
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
					(ex) -> new ProblemException(Problems.conflict("This user is already a member of the team")))
			.flatMap((added) -> announce(teamId, userId, role).thenReturn(added));
	}

	Flux<Membership> members(String teamId) {
		return this.memberships.findByTeamId(teamId);
	}

	Mono<Team> team(String teamId) {
		return this.teams.findById(teamId)
			.switchIfEmpty(Mono.error(() -> new ProblemException(Problems.notFound("Team", teamId))));
	}

	Mono<Team> rename(String teamId, String name) {
		return team(teamId).flatMap((team) -> this.teams.save(new Team(team.id(), name, team.personal(), team.createdAt())));
	}

	/**
	 * Changes a member's role. Only an OWNER may grant or take away OWNER, and the last OWNER
	 * cannot be demoted: a team always keeps one.
	 */
	Mono<Membership> changeRole(String teamId, TeamRole actingRole, String userId, TeamRole role) {
		return member(teamId, userId).flatMap((membership) -> {
			boolean touchesOwner = role == TeamRole.OWNER || membership.role() == TeamRole.OWNER;
			if (touchesOwner && actingRole != TeamRole.OWNER) {
				return Mono.error(new ProblemException(
						Problems.of(HttpStatus.FORBIDDEN, "Only an OWNER can grant or take away OWNER")));
			}
			Mono<Void> keepsAnOwner = (membership.role() == TeamRole.OWNER && role != TeamRole.OWNER)
					? ensureAnotherOwner(teamId, userId) : Mono.empty();
			return keepsAnOwner
				.then(this.memberships.save(new Membership(membership.id(), teamId, userId, role, membership.since())))
				.flatMap((saved) -> announce(teamId, userId, role).thenReturn(saved));
		});
	}

	/** Removes a member (or lets one leave); the last OWNER cannot go. */
	Mono<Void> removeMember(String teamId, TeamRole actingRole, String actingUserId, String userId) {
		return member(teamId, userId).flatMap((membership) -> {
			boolean leaving = userId.equals(actingUserId);
			if (!leaving && !actingRole.atLeast(TeamRole.ADMIN)) {
				return Mono.error(new ProblemException(Problems.of(HttpStatus.FORBIDDEN,
						"This needs the ADMIN role in the team; you are " + actingRole)));
			}
			if (!leaving && membership.role() == TeamRole.OWNER && actingRole != TeamRole.OWNER) {
				return Mono.error(new ProblemException(
						Problems.of(HttpStatus.FORBIDDEN, "Only an OWNER can remove an OWNER")));
			}
			Mono<Void> keepsAnOwner = (membership.role() == TeamRole.OWNER) ? ensureAnotherOwner(teamId, userId)
					: Mono.empty();
			return keepsAnOwner.then(this.memberships.delete(membership)).then(announce(teamId, userId, null));
		});
	}

	/** Deletes a team and its memberships; a personal team stays as long as its user. */
	Mono<Void> delete(String teamId) {
		return team(teamId).flatMap((team) -> team.personal()
				? Mono.error(new ProblemException(Problems.conflict("A personal team cannot be deleted")))
				: this.memberships.findByTeamId(teamId)
					.concatMap((membership) -> this.memberships.delete(membership)
						.then(announce(teamId, membership.userId(), null)))
					.then(this.teams.delete(team)));
	}

	private Mono<Membership> member(String teamId, String userId) {
		return this.memberships.findById(teamId + ":" + userId)
			.switchIfEmpty(Mono.error(() -> new ProblemException(Problems.notFound("Member", userId))));
	}

	private Mono<Void> ensureAnotherOwner(String teamId, String userId) {
		return this.memberships.findByTeamId(teamId)
			.filter((other) -> other.role() == TeamRole.OWNER && !other.userId().equals(userId))
			.hasElements()
			.flatMap((another) -> another ? Mono.empty() : Mono.error(new ProblemException(
					Problems.conflict("A team must keep at least one OWNER: make someone else OWNER first"))));
	}

	/** A team as its members see it. */
	public record TeamSummary(String id, String name, TeamRole role) {
	}

}
