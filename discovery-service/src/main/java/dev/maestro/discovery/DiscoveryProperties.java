package dev.maestro.discovery;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Everything discovery-service can be tuned with ({@code maestro.discovery.*}). The defaults work
 * on the embedded set-up; production only has to replace the credentials key.
 *
 * @param credentials how provider credentials are encrypted at rest
 * @param maxOrphanShare above this share of a connection's records of one collection, a sync
 * waits for confirmation instead of orphaning them (mass-deletion guard)
 * @param orphanGrace how long a record stays ORPHAN before it is tombstoned
 * @param inventoryService the {@code maestro.request.services} name of inventory-service
 * @param batchSize records per call to inventory's {@code /discovered} (at most 1000; 250 keeps each
 * call well inside MaestroRequest's response timeout on the embedded store)
 * @param concurrency task × region scopes of one sync fetched at the same time
 * @param lease how long a run holds its connection × task lease before another replica may take it
 * @param scheduler the scheduler that submits due syncs
 * @param aws settings of the AWS provider
 * @param kubernetes settings of the Kubernetes provider
 * @param files settings of the Files provider (uploads)
 * @param rest how the REST providers (OpenStack, Azure) call their third-party APIs
 * @param openstack settings of the OpenStack provider
 */
@ConfigurationProperties("maestro.discovery")
public record DiscoveryProperties(@DefaultValue Credentials credentials, @DefaultValue("0.5") double maxOrphanShare,
		@DefaultValue("7d") Duration orphanGrace, @DefaultValue("inventory-service") String inventoryService,
		@DefaultValue("250") int batchSize, @DefaultValue("4") int concurrency, @DefaultValue("1h") Duration lease,
		@DefaultValue Scheduler scheduler, @DefaultValue Aws aws, @DefaultValue Kubernetes kubernetes,
		@DefaultValue Files files, @DefaultValue Rest rest, @DefaultValue OpenStack openstack) {

	/** The development key: fine on a laptop, never in production (a warning says so at start-up). */
	public static final String DEV_KEY_ID = "dev";

	public static final String DEV_KEY = "bWFlc3Ryby1kZXYtY3JlZGVudGlhbHMta2V5LTMyYiE=";

	public DiscoveryProperties {
		if (batchSize < 1 || batchSize > 1000) {
			throw new IllegalArgumentException("maestro.discovery.batch-size must be between 1 and 1000");
		}
		if (maxOrphanShare < 0 || maxOrphanShare > 1) {
			throw new IllegalArgumentException("maestro.discovery.max-orphan-share must be between 0 and 1");
		}
	}

	/**
	 * @param keys AES-256 keys (base64 of 32 bytes) with their ids; the FIRST encrypts, every one
	 * decrypts, so a rotation puts the new key first and keeps the old ones until the connections
	 * were re-saved
	 */
	public record Credentials(List<Key> keys) {

		public Credentials {
			keys = (keys == null || keys.isEmpty()) ? List.of(new Key(DEV_KEY_ID, DEV_KEY)) : List.copyOf(keys);
		}

	}

	/**
	 * @param id short name stored beside each ciphertext, so the right key decrypts it
	 * @param secret base64 of 32 random bytes
	 */
	public record Key(String id, String secret) {
	}

	/**
	 * @param enabled whether this replica takes part in scheduling (the lock keeps it to one at a time)
	 * @param tick how often due syncs are looked for
	 * @param lockAtMostFor how long a tick's lock is held at most if its replica dies
	 */
	public record Scheduler(@DefaultValue("true") boolean enabled, @DefaultValue("30s") Duration tick,
			@DefaultValue("5m") Duration lockAtMostFor) {
	}

	/**
	 * @param maxAttempts attempts per AWS call, throttling ({@code RequestLimitExceeded}) included;
	 * the SDK backs off between them
	 * @param pageSize items asked for per page where the API takes a page size
	 */
	public record Aws(@DefaultValue("5") int maxAttempts, @DefaultValue("1000") int pageSize) {
	}

	/**
	 * @param maxAttempts attempts per API call; the fabric8 client retries connection errors and
	 * 5xx answers with back-off
	 * @param pageSize items per list page ({@code limit}; the server answers a {@code continue} token)
	 */
	public record Kubernetes(@DefaultValue("3") int maxAttempts, @DefaultValue("500") long pageSize) {
	}

	/**
	 * @param maxUploadSize the largest upload accepted (the gateway allows 10 MB on upload paths)
	 * @param keepUploads uploads kept per connection and name; older ones are deleted
	 */
	public record Files(@DefaultValue("10MB") org.springframework.util.unit.DataSize maxUploadSize,
			@DefaultValue("5") int keepUploads) {
	}

	/**
	 * The REST providers call third-party APIs (Keystone, Nova, Azure Resource Manager), not Maestro
	 * services, so {@code MaestroRequest} does not apply: each connection gets its own WebClient
	 * with these timeouts, retrying throttling answers (429, 503) with back-off.
	 *
	 * @param connectTimeout TCP connect timeout
	 * @param responseTimeout longest wait for an answer
	 * @param maxAttempts attempts per call when the API answers 429 or 503
	 * @param backoff first wait between attempts (doubled each time, jittered), unless the answer
	 * says {@code Retry-After}
	 * @param maxBackoff longest wait between attempts, {@code Retry-After} included
	 */
	public record Rest(@DefaultValue("5s") Duration connectTimeout, @DefaultValue("30s") Duration responseTimeout,
			@DefaultValue("4") int maxAttempts, @DefaultValue("500ms") Duration backoff,
			@DefaultValue("10s") Duration maxBackoff) {

		public Rest {
			if (maxAttempts < 1) {
				throw new IllegalArgumentException("maestro.discovery.rest.max-attempts must be at least 1");
			}
		}

	}

	/**
	 * @param pageSize {@code limit} asked of paginated OpenStack lists (Nova caps it at its
	 * {@code max_limit}, 1000 by default; the {@code marker} of the last item continues)
	 */
	public record OpenStack(@DefaultValue("1000") int pageSize) {
	}

}
