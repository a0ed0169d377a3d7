package dev.maestro.discovery.provider;

import java.util.List;
import java.util.Map;

/**
 * What a provider gets to work with for one connection.
 *
 * @param teamId the connection's team
 * @param connectionId the connection
 * @param credentials its decrypted credentials (never logged, never returned)
 * @param regions the regions it crawls
 * @param endpoint an override of the provider's API address, or {@code null}
 */
public record ProviderContext(String teamId, String connectionId, Map<String, String> credentials,
		List<String> regions, String endpoint) {

	@Override
	public String toString() {
		// Records print their components; credentials must never reach a log line.
		return "ProviderContext[teamId=" + this.teamId + ", connectionId=" + this.connectionId + ", regions="
				+ this.regions + ", endpoint=" + this.endpoint + "]";
	}

}
