package dev.maestro.inventory.team;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;

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

import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Creating teams and managing their members. */
@RestController
class TeamController {

	private final TeamService teams;

	private final Users users;

	private final TeamAvatarRepository avatars;

	TeamController(TeamService teams, Users users, TeamAvatarRepository avatars) {
		this.teams = teams;
		this.users = users;
		this.avatars = avatars;
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

	@GetMapping("/api/teams/{teamId}")
	Mono<TeamDetails> get(@PathVariable String teamId) {
		return TeamAccess.caller()
			.flatMap((caller) -> this.teams.require(teamId, caller, TeamRole.VIEWER))
			.flatMap((role) -> this.teams.team(teamId).flatMap((team) -> details(team, role)));
	}

	@PatchMapping("/api/teams/{teamId}")
	Mono<TeamDetails> rename(@PathVariable String teamId, @Valid @RequestBody CreateTeam request) {
		return TeamAccess.caller()
			.flatMap((caller) -> this.teams.require(teamId, caller, TeamRole.ADMIN))
			.flatMap((role) -> this.teams.rename(teamId, request.name().trim()).flatMap((team) -> details(team, role)));
	}

	@DeleteMapping("/api/teams/{teamId}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	Mono<Void> delete(@PathVariable String teamId) {
		return TeamAccess.caller()
			.flatMap((caller) -> this.teams.require(teamId, caller, TeamRole.OWNER))
			.flatMap((role) -> this.avatars.deleteById(teamId).then(this.teams.delete(teamId)));
	}

	@PatchMapping("/api/teams/{teamId}/members/{userId}")
	Mono<MemberView> changeRole(@PathVariable String teamId, @PathVariable String userId,
			@Valid @RequestBody ChangeRole request) {
		return TeamAccess.caller()
			.flatMap((caller) -> this.teams.require(teamId, caller, TeamRole.ADMIN))
			.flatMap((actingRole) -> this.teams.changeRole(teamId, actingRole, userId, request.role()))
			.flatMap((membership) -> this.users.byId(userId)
				.map((user) -> new MemberView(user.id(), user.email(), user.name(), membership.role())));
	}

	@DeleteMapping("/api/teams/{teamId}/members/{userId}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	Mono<Void> removeMember(@PathVariable String teamId, @PathVariable String userId) {
		return TeamAccess.caller()
			.flatMap((caller) -> this.teams.require(teamId, caller, TeamRole.VIEWER)
				.flatMap((actingRole) -> this.teams.removeMember(teamId, actingRole, caller.userId(), userId)));
	}

	@PutMapping(path = "/api/teams/{teamId}/avatar",
			consumes = { MediaType.IMAGE_PNG_VALUE, MediaType.IMAGE_JPEG_VALUE, "image/webp" })
	@ResponseStatus(HttpStatus.NO_CONTENT)
	Mono<Void> putAvatar(@PathVariable String teamId, @RequestBody byte[] image) {
		String type = TeamAvatar.detectType(image);
		if (image.length > TeamAvatar.MAX_BYTES) {
			return Mono.error(new ProblemException(Problems.of(HttpStatus.CONTENT_TOO_LARGE,
					"An avatar may be at most " + (TeamAvatar.MAX_BYTES / 1024) + " KB")));
		}
		if (type == null) {
			return Mono.error(new ProblemException(Problems.invalid("avatar", "must be a PNG, JPEG or WebP image")));
		}
		return TeamAccess.caller()
			.flatMap((caller) -> this.teams.require(teamId, caller, TeamRole.ADMIN))
			.flatMap((role) -> this.avatars.save(new TeamAvatar(teamId, type, image, Instant.now())))
			.then();
	}

	@GetMapping("/api/teams/{teamId}/avatar")
	Mono<ResponseEntity<byte[]>> avatar(@PathVariable String teamId) {
		return TeamAccess.caller()
			.flatMap((caller) -> this.teams.require(teamId, caller, TeamRole.VIEWER))
			.flatMap((role) -> this.avatars.findById(teamId))
			.map((avatar) -> ResponseEntity.ok()
				.contentType(MediaType.parseMediaType(avatar.contentType()))
				.eTag(Long.toString(avatar.updatedAt().toEpochMilli()))
				.cacheControl(CacheControl.maxAge(Duration.ofMinutes(10)).cachePrivate())
				.body(avatar.image()))
			.switchIfEmpty(Mono.error(() -> new ProblemException(Problems.notFound("Avatar of team", teamId))));
	}

	private Mono<TeamDetails> details(Team team, TeamRole role) {
		return this.avatars.existsById(team.id())
			.map((hasAvatar) -> new TeamDetails(team.id(), team.name(), team.personal(), role,
					hasAvatar ? "/api/teams/" + team.id() + "/avatar" : null));
	}

	record ChangeRole(@NotNull TeamRole role) {
	}

	record TeamDetails(String id, String name, boolean personal, TeamRole role, String avatarUrl) {
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
