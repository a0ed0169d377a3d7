package dev.maestro.inventory.identity;

import java.net.InetSocketAddress;
import java.net.URI;

import dev.maestro.inventory.team.TeamService;
import dev.maestro.request.security.TeamAccess;
import dev.maestro.request.web.ProblemException;
import dev.maestro.request.web.Problems;
import jakarta.validation.Valid;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The identity calls of the API contract: register, login, refresh, logout, me. */
@RestController
class AuthController {

	private final IdentityService identity;

	private final Users users;

	private final TeamService teams;

	private final PasswordResets passwordResets;

	AuthController(IdentityService identity, Users users, TeamService teams, PasswordResets passwordResets) {
		this.identity = identity;
		this.passwordResets = passwordResets;
		this.users = users;
		this.teams = teams;
	}

	@PostMapping("/api/auth/register")
	Mono<ResponseEntity<Users.UserView>> register(@Valid @RequestBody AuthRequests.Register request) {
		return this.identity.register(request)
			.map((user) -> ResponseEntity.created(URI.create("/api/me")).body(user));
	}

	@PostMapping("/api/auth/login")
	Mono<IdentityService.TokenPair> login(@Valid @RequestBody AuthRequests.Login request, ServerHttpRequest http) {
		return this.identity.login(request, clientAddress(http));
	}

	@PostMapping("/api/auth/refresh")
	Mono<IdentityService.TokenPair> refresh(@Valid @RequestBody AuthRequests.Refresh request) {
		return this.identity.refresh(request);
	}

	@PostMapping("/api/auth/logout")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	Mono<Void> logout(@Valid @RequestBody AuthRequests.Refresh request) {
		return this.identity.logout(request);
	}

	@PostMapping("/api/auth/forgot-password")
	@ResponseStatus(HttpStatus.ACCEPTED)
	Mono<Void> forgotPassword(@Valid @RequestBody AuthRequests.ForgotPassword request) {
		return this.passwordResets.request(request.email());
	}

	@PostMapping("/api/auth/reset-password")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	Mono<Void> resetPassword(@Valid @RequestBody AuthRequests.ResetPassword request) {
		return this.passwordResets.reset(request.token(), request.newPassword());
	}

	@PostMapping("/api/me/password")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	Mono<Void> changePassword(@Valid @RequestBody AuthRequests.ChangePassword request) {
		return TeamAccess.caller().flatMap((caller) -> this.identity.changePassword(caller.userId(), request));
	}

	@GetMapping("/api/me")
	Mono<IdentityService.Me> me() {
		return TeamAccess.caller()
			.flatMap((caller) -> this.users.byId(caller.userId())
				.switchIfEmpty(Mono.error(() -> new ProblemException(
						Problems.of(HttpStatus.UNAUTHORIZED, "The account no longer exists"))))
				.zipWith(this.teams.teamsOf(caller.userId()).collectList()))
			.map((userAndTeams) -> new IdentityService.Me(userAndTeams.getT1().id(), userAndTeams.getT1().email(),
					userAndTeams.getT1().name(), userAndTeams.getT2()));
	}

	/**
	 * The client's address for login throttling: the last hop the gateway appended to
	 * {@code X-Forwarded-For} (earlier entries are whatever the client claimed), else the peer.
	 */
	static String clientAddress(ServerHttpRequest request) {
		String forwarded = request.getHeaders().getFirst("X-Forwarded-For");
		if (forwarded != null && !forwarded.isBlank()) {
			String[] hops = forwarded.split(",");
			return hops[hops.length - 1].trim();
		}
		InetSocketAddress remote = request.getRemoteAddress();
		return (remote != null && remote.getAddress() != null) ? remote.getAddress().getHostAddress() : "unknown";
	}

}
