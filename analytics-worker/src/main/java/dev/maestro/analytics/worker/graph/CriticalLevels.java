package dev.maestro.analytics.worker.graph;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The critical level drawn on each node: how many other applications of the graph stop working
 * when it stops. An application stops when one of its dependencies stops; a load balancer stops
 * only when every one of its targets is down (unhealthy server targets count as down already),
 * so an application behind a load balancer with other healthy targets takes nothing down with
 * it. This is the definition analytics-api's impact analysis uses, applied to the graph drawn.
 */
final class CriticalLevels {

	private CriticalLevels() {
	}

	/**
	 * @param targetHealth per node, the health of the servers it sends traffic to (load balancers)
	 */
	static int[] compute(int n, List<DependencyGraph.Edge> edges, List<boolean[]> targetHealth) {
		List<List<int[]>> incoming = new ArrayList<>(n);
		for (int i = 0; i < n; i++) {
			incoming.add(new ArrayList<>());
		}
		int[] liveTargets = new int[n];
		Set<Long> seenTargets = new HashSet<>();
		for (DependencyGraph.Edge edge : edges) {
			boolean target = edge.isTarget();
			if (target && !seenTargets.add(((long) edge.from() << 32) | edge.to())) {
				continue;
			}
			incoming.get(edge.to()).add(new int[] { edge.from(), target ? 1 : 0 });
			if (target) {
				liveTargets[edge.from()]++;
			}
		}
		for (int i = 0; i < n; i++) {
			for (boolean healthy : targetHealth.get(i)) {
				if (healthy) {
					liveTargets[i]++;
				}
			}
		}
		int[] levels = new int[n];
		int[] remaining = new int[n];
		boolean[] down = new boolean[n];
		int[] queue = new int[n];
		for (int failed = 0; failed < n; failed++) {
			System.arraycopy(liveTargets, 0, remaining, 0, n);
			java.util.Arrays.fill(down, false);
			int head = 0;
			int tail = 0;
			down[failed] = true;
			queue[tail++] = failed;
			while (head < tail) {
				int v = queue[head++];
				for (int[] in : incoming.get(v)) {
					int u = in[0];
					if (!down[u] && (in[1] == 0 || --remaining[u] <= 0)) {
						down[u] = true;
						queue[tail++] = u;
					}
				}
			}
			levels[failed] = tail - 1;
		}
		return levels;
	}

}
