package dev.maestro.gateway.jwt;

import java.time.Duration;
import java.time.Instant;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import reactor.core.publisher.Mono;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

/**
 * Remembers the access tokens the real decoder has validated, until they expire, so that a
 * client's calls cost one signature check per token rather than one per request. A client
 * sends the same token for its whole lifetime (ten minutes), and parsing it, turning the key
 * set's RSA key into a public key and verifying the signature was the largest single cost of a
 * request at the gateway.
 *
 * <p>What is accepted does not change: a token is only remembered once the real decoder (its
 * signature, expiry and issuer checks) accepted it, exactly as it is (the key is the whole
 * token, so a token differing in any byte is checked anew), and only until its {@code exp}.
 * From then on the real decoder would refuse it, so it is asked again. Refused tokens are never
 * remembered. The key set is not consulted for a remembered token; neither was it before,
 * since the decoder fetches it once and keeps it.
 */
final class CachingJwtDecoder implements ReactiveJwtDecoder {

	private final ReactiveJwtDecoder decoder;

	private final Cache<String, Jwt> validated;

	CachingJwtDecoder(ReactiveJwtDecoder decoder, long maxCached) {
		this.decoder = decoder;
		this.validated = Caffeine.newBuilder()
			.maximumSize(maxCached)
			.expireAfter(Expiry.<String, Jwt>creating((token, jwt) -> untilExpiry(jwt)))
			.build();
	}

	@Override
	public Mono<Jwt> decode(String token) throws JwtException {
		Jwt known = this.validated.getIfPresent(token);
		if (known != null) {
			return Mono.just(known);
		}
		return this.decoder.decode(token).doOnNext((jwt) -> {
			if (jwt.getExpiresAt() != null) {
				this.validated.put(token, jwt);
			}
		});
	}

	private static Duration untilExpiry(Jwt jwt) {
		Duration left = Duration.between(Instant.now(), jwt.getExpiresAt());
		return left.isNegative() ? Duration.ZERO : left;
	}

}
