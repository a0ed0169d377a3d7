package dev.maestro.inventory.identity;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.maestro.inventory.team.TeamService;
import dev.maestro.inventory.token.AccessTokens;
import dev.maestro.inventory.token.RefreshTokens;
import dev.maestro.request.web.ProblemException;
import dev.maestro.request.web.Problems;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;

/** Registration, login, token refresh, logout and password change. */
@Service
class IdentityService {

	private final UserRepository users;

	private final TeamService teams;

	private final AccessTokens accessTokens;

	private final RefreshTokens refreshTokens;

	private final PasswordEncoder passwords;

	private final LoginThrottle throttle;

	// Compared against when the e-mail is unknown, so that timing does not reveal which accounts exist.
	private final String decoyHash;

	IdentityService(UserRepository users, TeamService teams, AccessTokens accessTokens, RefreshTokens refreshTokens,
			PasswordEncoder passwords, LoginThrottle throttle) {
		this.users = users;
		this.teams = teams;
		this.accessTokens = accessTokens;
		this.refreshTokens = refreshTokens;
		this.passwords = passwords;
		this.throttle = throttle;
		this.decoyHash = passwords.encode(UUID.randomUUID().toString());
	}

	/** Creates the user and their personal team, in which they are OWNER. */
	Mono<Users.UserView> register(AuthRequests.Register request) {
		String email = Users.normalize(request.email());
		String weakness = PasswordPolicy.problem(request.password(), email);
		if (weakness != null) {
			return Mono.error(new ProblemException(Problems.invalid("password", weakness)));
		}
		return hash(request.password())
			.map((hash) -> new User(UUID.randomUUID().toString(), email, request.name().trim(), hash, Instant.now()))
			.flatMap(this.users::insert)
			.onErrorMap(DuplicateKeyException.class, (ex) -> new ProblemException(
					Problems.conflict("An account with this e-mail already exists")))
			.flatMap((user) -> this.teams.create(user.name() + "'s team", true, user.id())
				.thenReturn(Users.UserView.of(user))
				// Without its personal team the account is unusable: take it back.
				.onErrorResume((ex) -> this.users.delete(user).then(Mono.error(ex))));
	}

	Mono<TokenPair> login(AuthRequests.Login request, String address) {
		String email = Users.normalize(request.email());
		return this.throttle.check(email, address)
			.then(this.users.findByEmail(email).map(Optional::of).defaultIfEmpty(Optional.empty()))
			.flatMap((user) -> matches(request.password(), user.map(User::passwordHash).orElse(this.decoyHash))
				.flatMap((ok) -> {
					if (!ok || user.isEmpty()) {
						return this.throttle.failed(email, address)
							.then(Mono.error(new ProblemException(
									Problems.of(HttpStatus.UNAUTHORIZED, "Wrong e-mail or password"))));
					}
					return this.throttle.succeeded(email).then(this.refreshTokens.issue(user.get().id()))
						.flatMap((refresh) -> pair(user.get(), refresh));
				}));
	}

	Mono<TokenPair> refresh(AuthRequests.Refresh request) {
		return this.refreshTokens.rotate(request.refreshToken())
			.flatMap((rotated) -> this.users.findById(rotated.userId())
				.switchIfEmpty(Mono.error(() -> new ProblemException(
						Problems.of(HttpStatus.UNAUTHORIZED, "The account no longer exists"))))
				.flatMap((user) -> pair(user, rotated.refreshToken())));
	}

	Mono<Void> logout(AuthRequests.Refresh request) {
		return this.refreshTokens.revoke(request.refreshToken());
	}

	/** Changes the password and signs the user out everywhere else. */
	Mono<Void> changePassword(String userId, AuthRequests.ChangePassword request) {
		return this.users.findById(userId)
			.switchIfEmpty(Mono.error(() -> new ProblemException(Problems.notFound("User", userId))))
			.flatMap((user) -> matches(request.currentPassword(), user.passwordHash()).flatMap((ok) -> {
				if (!ok) {
					return Mono.error(new ProblemException(Problems.invalid("currentPassword", "is wrong")));
				}
				String weakness = PasswordPolicy.problem(request.newPassword(), user.email());
				if (weakness != null) {
					return Mono.error(new ProblemException(Problems.invalid("newPassword", weakness)));
				}
				return hash(request.newPassword())
					.flatMap((hash) -> this.users.save(new User(user.id(), user.email(), user.name(), hash,
							user.createdAt())))
					.then(this.refreshTokens.revokeAll(user.id()));
			}));
	}

	private Mono<TokenPair> pair(User user, String refreshToken) {
		return this.teams.rolesOf(user.id())
			.flatMap((roles) -> this.accessTokens.issue(user.id(), user.email(), user.name(), roles))
			.map((access) -> new TokenPair(access, refreshToken, "Bearer", this.accessTokens.ttlSeconds()));
	}

	// Password hashing is deliberately slow: keep it off the event loop.
	private Mono<String> hash(String password) {
		return Mono.fromCallable(() -> this.passwords.encode(password)).subscribeOn(Schedulers.boundedElastic());
	}

	private Mono<Boolean> matches(String password, String hash) {
		return Mono.fromCallable(() -> this.passwords.matches(password, hash)).subscribeOn(Schedulers.boundedElastic());
	}

	/** The answer of login and refresh, as the API contract names it. */
	record TokenPair(String accessToken, String refreshToken, String tokenType, long expiresIn) {
	}

	/** The answer of {@code GET /api/me}. */
	record Me(String id, String email, String name, List<TeamService.TeamSummary> teams) {
	}

}
