package dev.maestro.inventory.token;

import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.text.ParseException;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;

/**
 * The RS256 keys that sign access tokens. One key per rotation period signs new tokens; keys of
 * earlier periods stay published (and valid) until every token they signed has expired, so a
 * rotation logs nobody out. Private keys are stored AES-GCM encrypted.
 */
@Component
class SigningKeys {

	private static final Logger log = LoggerFactory.getLogger(SigningKeys.class);

	private final SigningKeyRepository keys;

	private final TokenProperties properties;

	private final KeyEncryption encryption;

	private final AtomicReference<RSAKey> current = new AtomicReference<>();

	SigningKeys(SigningKeyRepository keys, TokenProperties properties) {
		this.keys = keys;
		this.properties = properties;
		this.encryption = new KeyEncryption(properties.keyEncryptionKey());
		if (TokenProperties.DEVELOPMENT_KEY.equals(properties.keyEncryptionKey())) {
			log.warn("Signing keys are encrypted with the public development key: set "
					+ "maestro.identity.tokens.key-encryption-key (MAESTRO_IDENTITY_TOKENS_KEY_ENCRYPTION_KEY) in production");
		}
	}

	/** The key (with its private part) that signs tokens now. */
	Mono<RSAKey> signingKey() {
		String kid = keyIdAt(Instant.now());
		RSAKey cached = this.current.get();
		if (cached != null && cached.getKeyID().equals(kid)) {
			return Mono.just(cached);
		}
		return this.keys.findById(kid)
			.switchIfEmpty(Mono.defer(() -> create(kid)))
			.map(this::toRsaKey)
			.doOnNext(this.current::set);
	}

	/** Every public key a token still in circulation may have been signed with. */
	Mono<List<JWK>> publicKeys() {
		Instant oldestValid = Instant.now().minus(this.properties.accessTokenTtl());
		return signingKey().thenMany(this.keys.findByActiveUntilAfter(oldestValid))
			.map((key) -> parsePublic(key.publicJwk()))
			.collectList();
	}

	private String keyIdAt(Instant instant) {
		long period = instant.getEpochSecond() / this.properties.keyRotation().toSeconds();
		return "maestro-" + period;
	}

	private Mono<SigningKey> create(String kid) {
		long period = Long.parseLong(kid.substring("maestro-".length()));
		long seconds = this.properties.keyRotation().toSeconds();
		return Mono.fromCallable(() -> {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(2048);
			KeyPair pair = generator.generateKeyPair();
			RSAKey publicJwk = new RSAKey.Builder((RSAPublicKey) pair.getPublic()).keyID(kid)
				.keyUse(KeyUse.SIGNATURE)
				.algorithm(JWSAlgorithm.RS256)
				.build();
			return new SigningKey(kid, publicJwk.toJSONString(), this.encryption.encrypt(pair.getPrivate().getEncoded()),
					Instant.ofEpochSecond(period * seconds), Instant.ofEpochSecond((period + 1) * seconds));
		})
			.subscribeOn(Schedulers.boundedElastic())
			.flatMap(this.keys::insert)
			.doOnNext((key) -> log.info("Created signing key {}", kid))
			// Another replica created the key of this period first: use theirs.
			.onErrorResume(DuplicateKeyException.class, (ex) -> this.keys.findById(kid));
	}

	private RSAKey toRsaKey(SigningKey key) {
		try {
			RSAKey publicJwk = parsePublic(key.publicJwk()).toRSAKey();
			RSAPrivateKey privateKey = (RSAPrivateKey) KeyFactory.getInstance("RSA")
				.generatePrivate(new PKCS8EncodedKeySpec(this.encryption.decrypt(key.encryptedPrivateKey())));
			return new RSAKey.Builder(publicJwk).privateKey(privateKey).build();
		}
		catch (NoSuchAlgorithmException | InvalidKeySpecException ex) {
			throw new IllegalStateException("Signing key " + key.id() + " cannot be read", ex);
		}
	}

	private static JWK parsePublic(String json) {
		try {
			return JWK.parse(json);
		}
		catch (ParseException ex) {
			throw new IllegalStateException("A stored public key is not a JWK", ex);
		}
	}

}
