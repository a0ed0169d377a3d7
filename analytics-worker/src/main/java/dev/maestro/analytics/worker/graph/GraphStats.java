package dev.maestro.analytics.worker.graph;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The figures stored with a graph and announced with {@code analytics.graph.ready}.
 *
 * @param nodes applications drawn
 * @param edges dependencies and load-balancer targets drawn
 * @param density edges / (nodes × (nodes − 1)), the share of possible directed edges present
 * @param depthHistogram applications per depth (longest dependency chain leading to them)
 * @param families applications per family
 * @param servers distinct servers the drawn applications run on or send traffic to
 */
public record GraphStats(int nodes, int edges, double density, Map<String, Integer> depthHistogram,
		Map<String, Integer> families, int servers) {

	/** The stats with the edge crossings of the drawing, as stored and published. */
	public Map<String, Object> toMap(int crossings) {
		Map<String, Object> map = new LinkedHashMap<>();
		map.put("nodes", this.nodes);
		map.put("edges", this.edges);
		map.put("density", this.density);
		map.put("depthHistogram", this.depthHistogram);
		map.put("families", this.families);
		map.put("servers", this.servers);
		map.put("crossings", crossings);
		return map;
	}

}
