package dev.maestro.discovery.provider;

import java.util.List;
import java.util.Map;

/**
 * One record as a provider reports it, translated to an inventory body.
 *
 * @param providerId the provider's own id (instance id, ARN, uid), unique within the connection
 * and collection
 * @param body the inventory body, without relations to other records
 * @param serverRefs provider ids of records this one points at (a load balancer's targets): the
 * sync core turns them into inventory ids through the tracker, so relations stay ids
 * @param refCollection the collection those records are tracked in: {@code servers} for cloud
 * load balancers, {@code applications} for Kubernetes services pointing at workloads
 */
public record Discovered(String providerId, Map<String, Object> body, List<String> serverRefs, String refCollection) {

	public Discovered {
		serverRefs = (serverRefs != null) ? List.copyOf(serverRefs) : List.of();
		refCollection = (refCollection != null) ? refCollection : "servers";
	}

	public Discovered(String providerId, Map<String, Object> body, List<String> serverRefs) {
		this(providerId, body, serverRefs, "servers");
	}

	public Discovered(String providerId, Map<String, Object> body) {
		this(providerId, body, List.of(), "servers");
	}

}
