package dev.maestro.discovery.connection;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.maestro.discovery.provider.Provider;
import dev.maestro.discovery.provider.ProviderTask;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A team's connection to a provider. {@code credentials} is the sealed form only
 * ({@link CredentialCipher}); it never leaves the service.
 *
 * @param id the connection's id
 * @param teamId its team
 * @param name its name
 * @param provider the provider's id
 * @param credentials the sealed credentials
 * @param regions the regions crawled (one {@code default} scope for providers without regions)
 * @param endpoint an override of the provider's API address
 * @param schedule per task: an interval ({@code 10m}, {@code PT6H}) or {@code off}; absent tasks
 * run at their default interval
 * @param createdAt when it was created
 * @param updatedAt when it last changed
 */
@Document("connections")
public record Connection(@Id String id, String teamId, String name, String provider, String credentials,
		List<String> regions, String endpoint, Map<String, String> schedule, Instant createdAt, Instant updatedAt) {

	/** Scope name of providers that have no regions. */
	public static final String NO_REGION = "default";

	/** Scope name of tasks crawled once for all regions. */
	public static final String GLOBAL = "global";

	public Connection {
		regions = (regions != null) ? List.copyOf(regions) : List.of();
		schedule = (schedule != null) ? Map.copyOf(schedule) : Map.of();
	}

	/** When {@code task} runs by schedule; {@code null} when the schedule turns it off. */
	public Duration interval(ProviderTask task) {
		String value = this.schedule.get(task.id());
		if (value == null) {
			return task.defaultInterval();
		}
		return "off".equalsIgnoreCase(value) ? null : Schedules.parse(value);
	}

	/** The scopes (regions) a task is crawled in. */
	public List<String> scopes(Provider provider, ProviderTask task) {
		if (task.global()) {
			return List.of(GLOBAL);
		}
		if (this.regions.isEmpty()) {
			return List.of(NO_REGION);
		}
		// A provider without regions crawls one scope, named by the provider when the connection was saved.
		return provider.regional() ? this.regions : List.of(this.regions.get(0));
	}

	/** Task id → interval in ISO-8601 or {@code off}, for answers. */
	Map<String, String> effectiveSchedule(Provider provider) {
		Map<String, String> effective = new LinkedHashMap<>();
		for (ProviderTask task : provider.tasks()) {
			Duration interval = interval(task);
			effective.put(task.id(), (interval != null) ? interval.toString() : "off");
		}
		return effective;
	}

}
