package dev.maestro.benchmarks.graph;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts edge crossings of a finished drawing geometrically, the same way for our layout and for
 * Graphviz: every edge is a polyline (curves sampled), and two edges that do not share an end
 * node cross wherever two of their segments properly intersect. A grid of buckets keeps this
 * near-linear; each intersection is counted in the one bucket that contains it.
 */
final class Crossings {

	private static final double CELL = 200;

	private Crossings() {
	}

	/**
	 * @param polylines x0, y0, x1, y1, … per edge
	 * @param ends the two end nodes of each edge
	 */
	static long count(List<double[]> polylines, List<int[]> ends) {
		Map<Long, List<int[]>> cells = new HashMap<>();
		for (int e = 0; e < polylines.size(); e++) {
			double[] p = polylines.get(e);
			for (int s = 0; s + 3 < p.length; s += 2) {
				long x0 = (long) Math.floor(Math.min(p[s], p[s + 2]) / CELL);
				long x1 = (long) Math.floor(Math.max(p[s], p[s + 2]) / CELL);
				long y0 = (long) Math.floor(Math.min(p[s + 1], p[s + 3]) / CELL);
				long y1 = (long) Math.floor(Math.max(p[s + 1], p[s + 3]) / CELL);
				for (long cx = x0; cx <= x1; cx++) {
					for (long cy = y0; cy <= y1; cy++) {
						cells.computeIfAbsent((cx << 32) ^ (cy & 0xffffffffL), (k) -> new ArrayList<>()).add(new int[] { e, s });
					}
				}
			}
		}
		long crossings = 0;
		for (Map.Entry<Long, List<int[]>> cell : cells.entrySet()) {
			long cx = cell.getKey() >> 32;
			long cy = (int) (cell.getKey() & 0xffffffffL);
			List<int[]> segments = cell.getValue();
			for (int i = 0; i < segments.size(); i++) {
				int[] a = segments.get(i);
				for (int j = i + 1; j < segments.size(); j++) {
					int[] b = segments.get(j);
					if (a[0] == b[0] || shareEnd(ends.get(a[0]), ends.get(b[0]))) {
						continue;
					}
					double[] hit = intersection(polylines.get(a[0]), a[1], polylines.get(b[0]), b[1]);
					if (hit != null && (long) Math.floor(hit[0] / CELL) == cx && (long) Math.floor(hit[1] / CELL) == cy) {
						crossings++;
					}
				}
			}
		}
		return crossings;
	}

	private static boolean shareEnd(int[] a, int[] b) {
		return a[0] == b[0] || a[0] == b[1] || a[1] == b[0] || a[1] == b[1];
	}

	private static double[] intersection(double[] p, int s, double[] q, int t) {
		double x1 = p[s], y1 = p[s + 1], x2 = p[s + 2], y2 = p[s + 3];
		double x3 = q[t], y3 = q[t + 1], x4 = q[t + 2], y4 = q[t + 3];
		double d = (x2 - x1) * (y4 - y3) - (y2 - y1) * (x4 - x3);
		if (Math.abs(d) < 1e-9) {
			return null;
		}
		double u = ((x3 - x1) * (y4 - y3) - (y3 - y1) * (x4 - x3)) / d;
		double v = ((x3 - x1) * (y2 - y1) - (y3 - y1) * (x2 - x1)) / d;
		double eps = 1e-6;
		if (u <= eps || u >= 1 - eps || v <= eps || v >= 1 - eps) {
			return null;
		}
		return new double[] { x1 + u * (x2 - x1), y1 + u * (y2 - y1) };
	}

}
