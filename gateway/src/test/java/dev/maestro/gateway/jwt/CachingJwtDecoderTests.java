package dev.maestro.gateway.jwt;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import dev.maestro.test.TestTokens;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class CachingJwtDecoderTests {

	static final TestTokens TOKENS = new TestTokens();

	final AtomicInteger decoded = new AtomicInteger();

	final ReactiveJwtDecoder real = TOKENS.decoder();

	final ReactiveJwtDecoder counting = (token) -> {
		this.decoded.incrementAndGet();
		return this.real.decode(token);
	};

	@Test
	void aValidatedTokenIsNotValidatedAgainUntilItExpires() {
		CachingJwtDecoder decoder = new CachingJwtDecoder(this.counting, 100);
		String token = TOKENS.accessToken("user-1");
		Jwt first = decoder.decode(token).block();
		Jwt second = decoder.decode(token).block();
		assertThat(second).isSameAs(first);
		assertThat(second.getSubject()).isEqualTo("user-1");
		assertThat(this.decoded).hasValue(1);
	}

	@Test
	void aRefusedTokenIsRefusedEveryTime() {
		CachingJwtDecoder decoder = new CachingJwtDecoder(this.counting, 100);
		String expired = TOKENS.token("user-1", Instant.now().minus(Duration.ofHours(1)));
		assertThatExceptionOfType(JwtException.class).isThrownBy(() -> decoder.decode(expired).block());
		assertThatExceptionOfType(JwtException.class).isThrownBy(() -> decoder.decode(expired).block());
		assertThat(this.decoded).hasValue(2);
	}

	@Test
	void aTokenDifferingInAnyByteIsValidatedOnItsOwn() {
		CachingJwtDecoder decoder = new CachingJwtDecoder(this.counting, 100);
		String token = TOKENS.accessToken("user-1");
		decoder.decode(token).block();
		String forged = token.substring(0, token.length() - 2) + (token.endsWith("AA") ? "BB" : "AA");
		assertThatExceptionOfType(JwtException.class).isThrownBy(() -> decoder.decode(forged).block());
		assertThat(this.decoded).hasValue(2);
	}

	@Test
	void aTokenIsRememberedOnlyUntilItsExpiry() throws InterruptedException {
		AtomicInteger calls = new AtomicInteger();
		Jwt expiring = Jwt.withTokenValue("t")
			.header("alg", "RS256")
			.subject("user-1")
			.issuedAt(Instant.now().minusSeconds(60))
			.expiresAt(Instant.now().plusMillis(300))
			.build();
		CachingJwtDecoder decoder = new CachingJwtDecoder((token) -> {
			calls.incrementAndGet();
			return Mono.just(expiring);
		}, 100);
		decoder.decode("t").block();
		decoder.decode("t").block();
		assertThat(calls).hasValue(1);
		Thread.sleep(600);
		assertThat(decoder.decode("t").block()).isSameAs(expiring);
		assertThat(calls).hasValue(2);
	}

}
