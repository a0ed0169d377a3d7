package dev.maestro.discovery.provider;

import java.util.List;
import java.util.Map;

/**
 * One record as a provider reports it, translated to an inventory body.
 *
 * @param providerId the provider's own id (instance id, ARN, uid), unique within the connection
 * and collection
 * @param body the inventory body, without relations to other records
 * @param serverRefs provider ids of servers this record points at (a load balancer's targets):
 * the sync core turns them into inventory ids through the tracker, so relations stay ids
 */
public record Discovered(String providerId, Map<String, Object> body, List<String> serverRefs) {

	public Discovered {
		serverRefs = (serverRefs != null) ? List.copyOf(serverRefs) : List.of();
	}

	public Discovered(String providerId, Map<String, Object> body) {
		this(providerId, body, List.of());
	}

}
