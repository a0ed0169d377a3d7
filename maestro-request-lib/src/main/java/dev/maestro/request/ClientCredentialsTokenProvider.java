package dev.maestro.request;

import java.time.Duration;
import java.util.Map;

import reactor.core.publisher.Mono;

/**
 * Obtains this service's token from the identity service with client credentials and keeps it
 * until shortly before it expires. Concurrent callers share one request; a failure is not
 * cached, so the next call tries again.
 */
final class ClientCredentialsTokenProvider implements ServiceTokenProvider {

	private final Mono<String> token;

	ClientCredentialsTokenProvider(ServiceClient identity, MaestroRequestProperties.ServiceAccount account) {
		Map<String, String> request = Map.of("grantType", "client_credentials", "clientId", account.clientId(),
				"clientSecret", account.clientSecret());
		this.token = identity.post(account.tokenPath(), request, TokenResponse.class)
			.cache((answer) -> ttl(answer, account.renewBeforeExpiry()), (ex) -> Duration.ZERO, () -> Duration.ZERO)
			.map(TokenResponse::accessToken);
	}

	private static Duration ttl(TokenResponse answer, Duration renewBeforeExpiry) {
		Duration lifetime = Duration.ofSeconds(answer.expiresIn()).minus(renewBeforeExpiry);
		return lifetime.isNegative() ? Duration.ZERO : lifetime;
	}

	@Override
	public Mono<String> token() {
		return this.token;
	}

	record TokenResponse(String accessToken, String tokenType, long expiresIn) {
	}

}
