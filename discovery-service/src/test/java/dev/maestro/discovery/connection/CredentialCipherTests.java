package dev.maestro.discovery.connection;

import java.util.Base64;
import java.util.List;
import java.util.Map;

import dev.maestro.discovery.DiscoveryProperties;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CredentialCipherTests {

	static final String OLD = Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes());

	static final String NEW = Base64.getEncoder().encodeToString("fedcba9876543210fedcba9876543210".getBytes());

	@Test
	void afterARotationTheNewKeyEncryptsAndTheOldOneStillDecrypts() {
		CredentialCipher before = cipher(new DiscoveryProperties.Key("k1", OLD));
		String sealedBefore = before.encrypt(Map.of("token", "s3cr3t"), "team", "c1");
		CredentialCipher after = cipher(new DiscoveryProperties.Key("k2", NEW), new DiscoveryProperties.Key("k1", OLD));

		assertThat(after.decrypt(sealedBefore, "team", "c1")).containsEntry("token", "s3cr3t");
		assertThat(after.isStale(sealedBefore)).isTrue();
		String sealedAfter = after.encrypt(Map.of("token", "s3cr3t"), "team", "c1");
		assertThat(sealedAfter).startsWith("v1:k2:").doesNotContain("s3cr3t");
		assertThatThrownBy(() -> before.decrypt(sealedAfter, "team", "c1")).hasMessageContaining("no longer configured");
	}

	@Test
	void aCiphertextMovedToAnotherConnectionDoesNotDecrypt() {
		CredentialCipher cipher = cipher(new DiscoveryProperties.Key("k1", OLD));
		String sealed = cipher.encrypt(Map.of("token", "s3cr3t"), "team", "c1");

		assertThatThrownBy(() -> cipher.decrypt(sealed, "team", "c2")).hasMessageContaining("cannot be decrypted")
			.hasMessageNotContaining("s3cr3t");
	}

	private static CredentialCipher cipher(DiscoveryProperties.Key... keys) {
		DiscoveryProperties properties = new DiscoveryProperties(new DiscoveryProperties.Credentials(List.of(keys)), 0.5,
				java.time.Duration.ofDays(7), "inventory-service", 1000, 4, java.time.Duration.ofHours(1),
				new DiscoveryProperties.Scheduler(false, java.time.Duration.ofSeconds(30), java.time.Duration.ofMinutes(5)),
				new DiscoveryProperties.Aws(5, 1000), new DiscoveryProperties.Kubernetes(3, 500),
				new DiscoveryProperties.Files(org.springframework.util.unit.DataSize.ofMegabytes(10), 5),
				new DiscoveryProperties.Rest(java.time.Duration.ofSeconds(5), java.time.Duration.ofSeconds(30), 4,
						java.time.Duration.ofMillis(500), java.time.Duration.ofSeconds(10)),
				new DiscoveryProperties.OpenStack(1000));
		return new CredentialCipher(properties, JsonMapper.builder().build());
	}

}
