package dev.maestro.inventory.team;

import java.net.URI;

import dev.maestro.inventory.identity.Users;
import dev.maestro.request.security.TeamAccess;
import dev.maestro.request.security.TeamRole;
import dev.maestro.request.web.ProblemException;
import dev.maestro.request.web.Problems;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Creating teams and managing their members. */
@RestController
class TeamController {

	private final TeamService teams;

	private final Users users;

	TeamController(TeamService teams, Users users) {
		this.teams = teams;
		this.users = users;
	}

	@PostMapping("/api/teams")
	Mono<ResponseEntity<TeamView>> create(@Valid @RequestBody CreateTeam request) {
		return TeamAccess.caller()
			.flatMap((caller) -> this.teams.create(request.name().trim(), false, caller.userId()))
			.map((team) -> ResponseEntity.created(URI.create("/api/teams/" + team.id()))
				.body(new TeamView(team.id(), team.name())));
	}

	@GetMapping("/api/teams/{teamId}/members")
	Flux<MemberView> members(@PathVariable String teamId) {
		return TeamAccess.caller()
			.flatMap((caller) -> this.teams.require(teamId, caller, TeamRole.VIEWER))
			.flatMapMany((role) -> this.teams.members(teamId))
			.flatMapSequential((membership) -> this.users.byId(membership.userId())
				.map((user) -> new MemberView(user.id(), user.email(), user.name(), membership.role())));
	}

	@PostMapping("/api/teams/{teamId}/members")
	Mono<ResponseEntity<MemberView>> addMember(@PathVariable String teamId, @Valid @RequestBody AddMember request) {
		return TeamAccess.caller()
			.flatMap((caller) -> this.teams.require(teamId, caller, TeamRole.ADMIN)
				.flatMap((actingRole) -> this.users.byEmail(request.email())
					.switchIfEmpty(Mono.error(() -> new ProblemException(
							Problems.of(HttpStatus.NOT_FOUND, "No Maestro user has the e-mail " + request.email()))))
					.flatMap((user) -> this.teams.addMember(teamId, caller.userId(), actingRole, user.id(), request.role())
						.thenReturn(new MemberView(user.id(), user.email(), user.name(), request.role())))))
			.map((member) -> ResponseEntity.created(URI.create("/api/teams/" + teamId + "/members/" + member.id()))
				.body(member));
	}

	record CreateTeam(@NotBlank @Size(max = 100) String name) {
	}

	record AddMember(@NotBlank @Email @Size(max = 254) String email, @NotNull TeamRole role) {
	}

	record TeamView(String id, String name) {
	}

	record MemberView(String id, String email, String name, TeamRole role) {
	}

}
