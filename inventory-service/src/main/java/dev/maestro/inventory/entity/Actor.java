package dev.maestro.inventory.entity;

/**
 * Who makes a change and through what, as the change history records it.
 *
 * @param id the user id, or {@code service:<id>} for a Maestro service
 * @param source {@code user}, or {@code discovery:<connectionId>} when a discovery sync made it
 * @param requestId the request that made it
 */
record Actor(String id, String source, String requestId) {

	boolean isDiscovery() {
		return this.source.startsWith("discovery:");
	}

}
