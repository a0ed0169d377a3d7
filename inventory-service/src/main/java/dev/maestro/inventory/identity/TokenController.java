package dev.maestro.inventory.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import dev.maestro.inventory.team.TeamService;
import dev.maestro.inventory.token.AccessTokens;
import dev.maestro.inventory.token.ApiTokens;
import dev.maestro.request.security.TeamAccess;
import dev.maestro.request.web.ProblemException;
import dev.maestro.request.web.Problems;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Tokens for machines: personal API tokens (created, listed and revoked by their owner), and the
 * exchange of a personal token or of service client credentials for a short-lived access token.
 */
@RestController
class TokenController {

	private final ApiTokens apiTokens;

	private final AccessTokens accessTokens;

	private final Users users;

	private final TeamService teams;

	private final ServiceAccountProperties serviceAccounts;

	TokenController(ApiTokens apiTokens, AccessTokens accessTokens, Users users, TeamService teams,
			ServiceAccountProperties serviceAccounts) {
		this.apiTokens = apiTokens;
		this.accessTokens = accessTokens;
		this.users = users;
		this.teams = teams;
		this.serviceAccounts = serviceAccounts;
	}

	@PostMapping("/api/me/tokens")
	@ResponseStatus(HttpStatus.CREATED)
	Mono<CreatedToken> create(@Valid @RequestBody CreateToken request) {
		Instant expiresAt = (request.expiresInDays() != null)
				? Instant.now().plus(request.expiresInDays(), ChronoUnit.DAYS) : null;
		return TeamAccess.caller()
			.flatMap((caller) -> userOnly(caller).then(this.apiTokens.create(caller.userId(), request.name().trim(), expiresAt)))
			.map((created) -> new CreatedToken(created.view().id(), created.view().name(), created.token(),
					created.view().prefix(), created.view().createdAt(), created.view().expiresAt()));
	}

	@GetMapping("/api/me/tokens")
	Flux<ApiTokens.View> list() {
		return TeamAccess.caller().flatMapMany((caller) -> this.apiTokens.list(caller.userId()));
	}

	@DeleteMapping("/api/me/tokens/{tokenId}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	Mono<Void> revoke(@PathVariable String tokenId) {
		return TeamAccess.caller().flatMap((caller) -> this.apiTokens.revoke(caller.userId(), tokenId));
	}

	@PostMapping("/api/auth/token")
	Mono<ExchangedToken> exchange(@Valid @RequestBody TokenRequest request) {
		Mono<String> accessToken = switch (request.grantType()) {
			case personal_token -> exchangePersonalToken(request);
			case client_credentials -> exchangeClientCredentials(request);
		};
		return accessToken.map((token) -> new ExchangedToken(token, "Bearer", this.accessTokens.ttlSeconds()));
	}

	private Mono<String> exchangePersonalToken(TokenRequest request) {
		if (request.token() == null || request.token().isBlank()) {
			return Mono.error(new ProblemException(Problems.invalid("token", "is required for a personal_token grant")));
		}
		return this.apiTokens.userOf(request.token())
			.flatMap(this.users::byId)
			.switchIfEmpty(Mono.error(() -> new ProblemException(
					Problems.of(HttpStatus.UNAUTHORIZED, "The API token's account no longer exists"))))
			.flatMap((user) -> this.teams.rolesOf(user.id())
				.flatMap((roles) -> this.accessTokens.issue(user.id(), user.email(), user.name(), roles)));
	}

	private Mono<String> exchangeClientCredentials(TokenRequest request) {
		ServiceAccountProperties.Account account = (request.clientId() != null)
				? this.serviceAccounts.serviceAccounts().get(request.clientId()) : null;
		if (account == null || request.clientSecret() == null || !MessageDigest.isEqual(
				account.secret().getBytes(StandardCharsets.UTF_8), request.clientSecret().getBytes(StandardCharsets.UTF_8))) {
			return Mono.error(new ProblemException(Problems.of(HttpStatus.UNAUTHORIZED, "Unknown client or wrong secret")));
		}
		List<String> scopes = (account.scopes() != null) ? account.scopes() : List.of();
		return this.accessTokens.issueForService(request.clientId(), scopes);
	}

	private static Mono<Void> userOnly(TeamAccess.Caller caller) {
		return caller.isService() ? Mono.error(new ProblemException(
				Problems.of(HttpStatus.FORBIDDEN, "Services cannot own personal API tokens"))) : Mono.empty();
	}

	enum GrantType {

		personal_token, client_credentials

	}

	record TokenRequest(@NotNull GrantType grantType, @Size(max = 200) String token, @Size(max = 100) String clientId,
			@Size(max = 200) String clientSecret) {
	}

	record CreateToken(@NotBlank @Size(max = 100) String name, @Min(1) @Max(3650) Integer expiresInDays) {
	}

	record CreatedToken(String id, String name, String token, String prefix, Instant createdAt, Instant expiresAt) {
	}

	record ExchangedToken(String accessToken, String tokenType, long expiresIn) {
	}

}
