package dev.maestro.analytics.worker.job;

/**
 * Names shared with analytics-api, which owns these collections' shape: {@code graphs} holds a
 * graph request, its status and stats; {@code graph_renderings} one document per output format
 * ({@code _id = <graphId>:<format>}), so that a redelivered job overwrites rather than adds.
 */
final class GraphDocuments {

	static final String GRAPHS = "graphs";

	static final String RENDERINGS = "graph_renderings";

	static final String PENDING = "PENDING";

	static final String RUNNING = "RUNNING";

	static final String READY = "READY";

	static final String FAILED = "FAILED";

	private GraphDocuments() {
	}

}
