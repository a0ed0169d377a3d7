package dev.maestro.analytics.worker.layout;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import dev.maestro.analytics.worker.graph.DependencyGraph;

/**
 * A Sugiyama-style layered layout, written for dependency maps (figures against Graphviz dot in
 * {@code docs/benchmarks.md}, Analytics; ELK was not evaluated):
 * <ol>
 * <li>cycles are broken by reversing the back edges of a depth-first search that starts at the
 * entry points, so a cycle is drawn with one edge running backwards instead of breaking the
 * layout;</li>
 * <li>longest-path layering, with entry points (CDN, API gateways, load balancers) in the first
 * layer, storage (databases, caches, object storage) that depends on nothing in the last, and
 * other sources pulled next to what they use;</li>
 * <li>long edges get a dummy node per layer they cross;</li>
 * <li>each system is a lane, a contiguous block in every layer it has nodes in, so that it can be
 * drawn as a box that no other application enters; nodes are ordered inside their lanes by
 * barycenter sweeps and lanes by a barycenter on the graph of systems, keeping the ordering with
 * the fewest crossings, then whole lanes and nodes inside lanes are transposed while that removes
 * crossings; small graphs are ordered from several starting orders (the depth-first one, then
 * random orders of each layer from fixed seeds, within a work budget) and keep the one with the
 * fewest crossings, so the same graph always gets the same drawing;</li>
 * <li>a lane takes room only over the layers it occupies (a skyline per layer), so a system's box
 * spans its own layers and systems far apart in the layering share the same band;</li>
 * <li>positions across the layers are pulled towards the neighbours' barycenter by an exact
 * isotonic projection (pool-adjacent-violators) that keeps order and spacing, so edges run
 * straight where they can and nodes never overlap.</li>
 * </ol>
 * Everything runs on int arrays; 5,000 applications take well under a second.
 */
public final class LayeredLayout {

	private static final double DUMMY_EXTENT = 8;

	public enum Direction {

		LEFT_TO_RIGHT, TOP_TO_BOTTOM

	}

	/**
	 * @param nodeWidth node box width
	 * @param nodeHeight node box height
	 * @param layerGap room between layers, where edges and their labels go
	 * @param nodeGap room between neighbours in a layer
	 * @param laneGap room between systems
	 * @param lanePadding room between a system's box and its applications
	 * @param laneHeader room for a system's name
	 * @param sweeps barycenter sweeps (each one down and up)
	 * @param starts most starting orders the ordering is run from, the drawing with the fewest
	 * crossings kept; a graph gets fewer the bigger it is ({@link #WORK_PER_LAYOUT}), at least one
	 */
	public record Options(Direction direction, double nodeWidth, double nodeHeight, double layerGap, double nodeGap,
			double laneGap, double lanePadding, double laneHeader, int sweeps, int starts) {

		public static Options defaults(Direction direction) {
			return new Options(direction, 220, 66, 150, 16, 20, 10, 22, 12, 16);
		}

		/** The same options with at most that many starting orders. */
		public Options withStarts(int starts) {
			return new Options(this.direction, this.nodeWidth, this.nodeHeight, this.layerGap, this.nodeGap,
					this.laneGap, this.lanePadding, this.laneHeader, this.sweeps, starts);
		}

	}

	/**
	 * Budget of applications × dependencies × starting orders: a map of 100 applications gets all
	 * its starts, one of 1,000 or more a single one, so extra starts never cost big maps time.
	 */
	static final long WORK_PER_LAYOUT = 2_000_000L;

	/** Seed of the shuffled starting orders: the same graph always gets the same drawing. */
	private static final long SEED = 0x6D61657374726FL;

	private LayeredLayout() {
	}

	public static Layout layout(DependencyGraph graph, Options options) {
		return new Run(graph, options).layout();
	}

	private static final class Run {

		private final DependencyGraph graph;

		private final Options options;

		private final int n;

		private final int m;

		private final int lanes;

		// Virtual nodes (real ones first, then dummies).
		private int size;

		private int[] layer;

		private int[] lane;

		private int[][] up;

		private int[][] down;

		private int[][] chains;

		private boolean[] reversed;

		private int[][] order;

		private int[] pos;

		private int[] laneRank;

		// Each lane's nodes by layer: laneNodes[lane][layer - laneMin[lane]].
		private int[] laneMin;

		private int[] laneMax;

		private int[][][] laneNodes;

		Run(DependencyGraph graph, Options options) {
			this.graph = graph;
			this.options = options;
			this.n = graph.nodes().size();
			this.m = graph.edges().size();
			int loose = 0;
			for (DependencyGraph.Node node : graph.nodes()) {
				if (node.group() < 0) {
					loose++;
				}
			}
			this.lanes = graph.groups().size() + loose;
		}

		Layout layout() {
			breakCycles();
			int layers = assignLayers();
			buildVirtualGraph();
			indexLanes(layers);
			long work = Math.max(1L, (long) this.n * this.m);
			int starts = (int) Math.max(1, Math.min(this.options.starts(), WORK_PER_LAYOUT / work));
			int best = Integer.MAX_VALUE;
			int[][] bestOrder = null;
			int[] bestRank = null;
			// The first start is the depth-first order, the others shuffle each layer; a later start
			// must do strictly better to be kept, so more starts never give more crossings.
			for (int start = 0; start < starts && best > 0; start++) {
				int crossings = arrange(layers, (start == 0) ? null : new Random(SEED + start));
				if (crossings < best) {
					best = crossings;
					bestOrder = this.order;
					bestRank = this.laneRank;
				}
			}
			restore(bestOrder, bestRank);
			return place(layers, best);
		}

		/** Orders the layers from one starting order; answers the crossings left. */
		private int arrange(int layers, Random shuffle) {
			order(layers, shuffle);
			int crossings = transpose();
			// Transposition ends in a local optimum; sweeps from there and transposing again often
			// find a better one. Stops as soon as a round does not help.
			for (int round = 0; round < this.options.sweeps() / 4 && crossings > 0; round++) {
				int[][] keptOrder = copy(this.order);
				int[] keptRank = this.laneRank.clone();
				sweep(layers);
				int next = transpose();
				if (next >= crossings) {
					restore(keptOrder, keptRank);
					break;
				}
				crossings = next;
			}
			return crossings;
		}

		private void breakCycles() {
			this.reversed = new boolean[this.m];
			int[][] outEdges = edgeLists();
			int[] state = new int[this.n];
			int[] stackNode = new int[this.n];
			int[] stackPos = new int[this.n];
			for (int root : rootsFirst()) {
				if (state[root] != 0) {
					continue;
				}
				int top = 0;
				stackNode[0] = root;
				stackPos[0] = 0;
				state[root] = 1;
				while (top >= 0) {
					int v = stackNode[top];
					if (stackPos[top] < outEdges[v].length) {
						int e = outEdges[v][stackPos[top]++];
						int w = this.graph.edges().get(e).to();
						if (state[w] == 1) {
							this.reversed[e] = true;
						}
						else if (state[w] == 0) {
							state[w] = 1;
							top++;
							stackNode[top] = w;
							stackPos[top] = 0;
						}
					}
					else {
						state[v] = 2;
						top--;
					}
				}
			}
		}

		/** Entry points, then what nothing depends on, then the rest: DFS roots in that order. */
		private int[] rootsFirst() {
			int[] indegree = new int[this.n];
			this.graph.edges().forEach((edge) -> indegree[edge.to()]++);
			int[] roots = new int[this.n];
			int k = 0;
			for (int pass = 0; pass < 3; pass++) {
				for (int i = 0; i < this.n; i++) {
					boolean entry = this.graph.nodes().get(i).isEntry();
					boolean take = switch (pass) {
						case 0 -> entry && indegree[i] == 0;
						case 1 -> !entry && indegree[i] == 0;
						default -> indegree[i] > 0;
					};
					if (take) {
						roots[k++] = i;
					}
				}
			}
			return roots;
		}

		private int[][] edgeLists() {
			int[] count = new int[this.n];
			this.graph.edges().forEach((edge) -> count[edge.from()]++);
			int[][] lists = new int[this.n][];
			for (int i = 0; i < this.n; i++) {
				lists[i] = new int[count[i]];
			}
			Arrays.fill(count, 0);
			for (int e = 0; e < this.m; e++) {
				int from = this.graph.edges().get(e).from();
				lists[from][count[from]++] = e;
			}
			return lists;
		}

		private int upper(int e) {
			DependencyGraph.Edge edge = this.graph.edges().get(e);
			return this.reversed[e] ? edge.to() : edge.from();
		}

		private int lower(int e) {
			DependencyGraph.Edge edge = this.graph.edges().get(e);
			return this.reversed[e] ? edge.from() : edge.to();
		}

		private int assignLayers() {
			int[] indegree = new int[this.n];
			int[][] succ = new int[this.n][];
			int[][] pred = new int[this.n][];
			int[] outCount = new int[this.n];
			for (int e = 0; e < this.m; e++) {
				indegree[lower(e)]++;
				outCount[upper(e)]++;
			}
			for (int i = 0; i < this.n; i++) {
				succ[i] = new int[outCount[i]];
				pred[i] = new int[indegree[i]];
			}
			int[] fillS = new int[this.n];
			int[] fillP = new int[this.n];
			for (int e = 0; e < this.m; e++) {
				int u = upper(e);
				int v = lower(e);
				succ[u][fillS[u]++] = v;
				pred[v][fillP[v]++] = u;
			}
			int[] topo = new int[this.n];
			int head = 0;
			int tail = 0;
			int[] remaining = indegree.clone();
			for (int i = 0; i < this.n; i++) {
				if (remaining[i] == 0) {
					topo[tail++] = i;
				}
			}
			this.layer = new int[this.n];
			while (head < tail) {
				int v = topo[head++];
				for (int w : succ[v]) {
					this.layer[w] = Math.max(this.layer[w], this.layer[v] + 1);
					if (--remaining[w] == 0) {
						topo[tail++] = w;
					}
				}
			}
			// Sources that are not entry points sit just before the first thing they use.
			for (int k = this.n - 1; k >= 0; k--) {
				int v = topo[k];
				if (pred[v].length == 0 && succ[v].length > 0 && !this.graph.nodes().get(v).isEntry()) {
					int min = Integer.MAX_VALUE;
					for (int w : succ[v]) {
						min = Math.min(min, this.layer[w]);
					}
					this.layer[v] = min - 1;
				}
			}
			int last = 0;
			for (int i = 0; i < this.n; i++) {
				last = Math.max(last, this.layer[i]);
			}
			// Storage that uses nothing goes to the last layer, where readers look for it.
			for (int i = 0; i < this.n; i++) {
				if (succ[i].length == 0 && this.graph.nodes().get(i).isStorage() && (pred[i].length > 0 || last > 0)) {
					this.layer[i] = last;
				}
			}
			return last + 1;
		}

		private void buildVirtualGraph() {
			int dummies = 0;
			for (int e = 0; e < this.m; e++) {
				dummies += Math.max(0, this.layer[lower(e)] - this.layer[upper(e)] - 1);
			}
			int total = this.n + dummies;
			int[] layers = Arrays.copyOf(this.layer, total);
			this.lane = new int[total];
			int nextLoose = this.graph.groups().size();
			for (int i = 0; i < this.n; i++) {
				int group = this.graph.nodes().get(i).group();
				this.lane[i] = (group >= 0) ? group : nextLoose++;
			}
			this.chains = new int[this.m][];
			int[] upCount = new int[total];
			int[] downCount = new int[total];
			int next = this.n;
			for (int e = 0; e < this.m; e++) {
				int u = upper(e);
				int v = lower(e);
				int span = this.layer[v] - this.layer[u];
				int[] chain = new int[span + 1];
				chain[0] = u;
				chain[span] = v;
				for (int k = 1; k < span; k++) {
					int d = next++;
					layers[d] = this.layer[u] + k;
					this.lane[d] = this.lane[u];
					chain[k] = d;
				}
				for (int k = 0; k < span; k++) {
					downCount[chain[k]]++;
					upCount[chain[k + 1]]++;
				}
				this.chains[e] = chain;
			}
			this.size = total;
			this.layer = layers;
			this.up = new int[total][];
			this.down = new int[total][];
			for (int i = 0; i < total; i++) {
				this.up[i] = new int[upCount[i]];
				this.down[i] = new int[downCount[i]];
			}
			Arrays.fill(upCount, 0);
			Arrays.fill(downCount, 0);
			for (int[] chain : this.chains) {
				for (int k = 0; k + 1 < chain.length; k++) {
					int a = chain[k];
					int b = chain[k + 1];
					this.down[a][downCount[a]++] = b;
					this.up[b][upCount[b]++] = a;
				}
			}
		}

		/**
		 * The starting order (depth-first from the first layer, so that related nodes start close;
		 * shuffled inside each layer when {@code shuffle} is given), then sweeps from it.
		 */
		private void order(int layers, Random shuffle) {
			int[] counts = new int[layers];
			for (int v = 0; v < this.size; v++) {
				counts[this.layer[v]]++;
			}
			this.order = new int[layers][];
			for (int l = 0; l < layers; l++) {
				this.order[l] = new int[counts[l]];
			}
			Arrays.fill(counts, 0);
			this.pos = new int[this.size];
			this.laneRank = new int[this.lanes];
			for (int k = 0; k < this.lanes; k++) {
				this.laneRank[k] = k;
			}
			boolean[] placed = new boolean[this.size];
			int[] stack = new int[this.size];
			for (int l = 0; l < layers; l++) {
				for (int start = 0; start < this.size; start++) {
					if (this.layer[start] != l || placed[start]) {
						continue;
					}
					int top = 0;
					stack[0] = start;
					placed[start] = true;
					while (top >= 0) {
						int v = stack[top--];
						int l2 = this.layer[v];
						this.pos[v] = counts[l2];
						this.order[l2][counts[l2]++] = v;
						for (int k = this.down[v].length - 1; k >= 0; k--) {
							int w = this.down[v][k];
							if (!placed[w]) {
								placed[w] = true;
								stack[++top] = w;
							}
						}
					}
				}
			}
			if (shuffle != null) {
				for (int[] nodes : this.order) {
					for (int i = nodes.length - 1; i > 0; i--) {
						int j = shuffle.nextInt(i + 1);
						int v = nodes[i];
						nodes[i] = nodes[j];
						nodes[j] = v;
					}
					for (int i = 0; i < nodes.length; i++) {
						this.pos[nodes[i]] = i;
					}
				}
			}
			rankLanes();
			for (int l = 0; l < layers; l++) {
				sortLayer(l, null);
			}
			sweep(layers);
		}

		/**
		 * Barycenter sweeps (down, then up) inside the lanes, each followed by a barycenter ranking
		 * of the lanes; keeps the ordering with the fewest crossings seen, the current one included.
		 */
		private void sweep(int layers) {
			int best = countCrossings();
			int[][] bestOrder = copy(this.order);
			int[] bestRank = this.laneRank.clone();
			double[] key = new double[this.size];
			for (int sweep = 0; sweep < this.options.sweeps() && best > 0; sweep++) {
				for (int l = 1; l < layers; l++) {
					barycenters(l, true, key);
					sortLayer(l, key);
				}
				for (int l = layers - 2; l >= 0; l--) {
					barycenters(l, false, key);
					sortLayer(l, key);
				}
				int crossings = countCrossings();
				if (crossings < best) {
					best = crossings;
					bestOrder = copy(this.order);
					bestRank = this.laneRank.clone();
				}
				rankLanesByNeighbours();
				for (int l = 0; l < layers; l++) {
					sortLayer(l, null);
				}
				crossings = countCrossings();
				if (crossings < best) {
					best = crossings;
					bestOrder = copy(this.order);
					bestRank = this.laneRank.clone();
				}
			}
			restore(bestOrder, bestRank);
		}

		private void restore(int[][] order, int[] rank) {
			this.order = order;
			this.laneRank = rank;
			for (int[] nodes : this.order) {
				for (int i = 0; i < nodes.length; i++) {
					this.pos[nodes[i]] = i;
				}
			}
		}

		private void barycenters(int l, boolean fromAbove, double[] key) {
			for (int v : this.order[l]) {
				int[] neighbours = fromAbove ? this.up[v] : this.down[v];
				if (neighbours.length == 0) {
					// Keeps its place relative to the layer's size.
					key[v] = this.pos[v] * relativeScale(l, fromAbove ? l - 1 : l + 1);
					continue;
				}
				double sum = 0;
				for (int w : neighbours) {
					sum += this.pos[w];
				}
				key[v] = sum / neighbours.length;
			}
		}

		/**
		 * Orders the systems by the barycenter of the systems their edges lead to, a barycenter sweep
		 * on the graph of systems: what calls each other ends up side by side, so that edges between
		 * systems cross few others. A system without such edges keeps its place.
		 */
		private void rankLanesByNeighbours() {
			double[] sum = new double[this.lanes];
			int[] count = new int[this.lanes];
			for (int v = 0; v < this.size; v++) {
				for (int w : this.down[v]) {
					int a = this.lane[v];
					int b = this.lane[w];
					if (a != b) {
						sum[a] += this.laneRank[b];
						count[a]++;
						sum[b] += this.laneRank[a];
						count[b]++;
					}
				}
			}
			double[] key = new double[this.lanes];
			for (int k = 0; k < this.lanes; k++) {
				key[k] = (count[k] > 0) ? (sum[k] + this.laneRank[k]) / (count[k] + 1) : this.laneRank[k];
			}
			Integer[] byKey = new Integer[this.lanes];
			for (int k = 0; k < this.lanes; k++) {
				byKey[k] = k;
			}
			Arrays.sort(byKey, (a, b) -> {
				int c = Double.compare(key[a], key[b]);
				return (c != 0) ? c : Integer.compare(this.laneRank[a], this.laneRank[b]);
			});
			for (int r = 0; r < this.lanes; r++) {
				this.laneRank[byKey[r]] = r;
			}
		}

		/** Which nodes each lane has in each layer (lanes are contiguous runs of a layer). */
		private void indexLanes(int layers) {
			this.laneMin = new int[this.lanes];
			this.laneMax = new int[this.lanes];
			Arrays.fill(this.laneMin, Integer.MAX_VALUE);
			Arrays.fill(this.laneMax, -1);
			for (int v = 0; v < this.size; v++) {
				int k = this.lane[v];
				this.laneMin[k] = Math.min(this.laneMin[k], this.layer[v]);
				this.laneMax[k] = Math.max(this.laneMax[k], this.layer[v]);
			}
			int[][] counts = new int[this.lanes][];
			this.laneNodes = new int[this.lanes][][];
			for (int k = 0; k < this.lanes; k++) {
				int span = Math.max(0, this.laneMax[k] - this.laneMin[k] + 1);
				counts[k] = new int[span];
				this.laneNodes[k] = new int[span][];
			}
			for (int v = 0; v < this.size; v++) {
				counts[this.lane[v]][this.layer[v] - this.laneMin[this.lane[v]]]++;
			}
			for (int k = 0; k < this.lanes; k++) {
				for (int i = 0; i < counts[k].length; i++) {
					this.laneNodes[k][i] = new int[counts[k][i]];
				}
				Arrays.fill(counts[k], 0);
			}
			for (int v = 0; v < this.size; v++) {
				int k = this.lane[v];
				int i = this.layer[v] - this.laneMin[k];
				this.laneNodes[k][i][counts[k][i]++] = v;
			}
		}

		/** Crossings gained (negative: saved) by putting lane b before lane a, neighbours in the ranking. */
		private long laneSwapDelta(int a, int b) {
			int from = Math.max(this.laneMin[a], this.laneMin[b]);
			int to = Math.min(this.laneMax[a], this.laneMax[b]);
			long now = 0;
			long swapped = 0;
			for (int l = from; l <= to; l++) {
				for (int x : this.laneNodes[a][l - this.laneMin[a]]) {
					for (int y : this.laneNodes[b][l - this.laneMin[b]]) {
						now += pairCrossings(x, y);
						swapped += pairCrossings(y, x);
					}
				}
			}
			return swapped - now;
		}

		/** Puts lane b (ranked right after a) before a, in every layer they share. */
		private void swapLanes(int a, int b) {
			int from = Math.max(this.laneMin[a], this.laneMin[b]);
			int to = Math.min(this.laneMax[a], this.laneMax[b]);
			for (int l = from; l <= to; l++) {
				int[] nodesA = this.laneNodes[a][l - this.laneMin[a]];
				int[] nodesB = this.laneNodes[b][l - this.laneMin[b]];
				if (nodesA.length == 0 || nodesB.length == 0) {
					continue;
				}
				int start = Integer.MAX_VALUE;
				for (int v : nodesA) {
					start = Math.min(start, this.pos[v]);
				}
				int[] nodes = this.order[l];
				int[] run = Arrays.copyOfRange(nodes, start, start + nodesA.length + nodesB.length);
				System.arraycopy(run, nodesA.length, nodes, start, nodesB.length);
				System.arraycopy(run, 0, nodes, start + nodesB.length, nodesA.length);
				for (int i = start; i < start + run.length; i++) {
					this.pos[nodes[i]] = i;
				}
			}
			int rank = this.laneRank[a];
			this.laneRank[a] = this.laneRank[b];
			this.laneRank[b] = rank;
		}

		private double relativeScale(int l, int other) {
			int a = this.order[l].length;
			int b = this.order[other].length;
			return (a > 1) ? (double) Math.max(b - 1, 0) / (a - 1) : 0;
		}

		/**
		 * Sorts a layer by lane rank, then key, then current position, on primitive keys: lane rank,
		 * the key's rank among the layer's keys and the position (each below 2^21), packed in a long.
		 */
		private void sortLayer(int l, double[] key) {
			int[] nodes = this.order[l];
			int count = nodes.length;
			double[] keys = null;
			if (key != null) {
				keys = new double[count];
				for (int i = 0; i < count; i++) {
					keys[i] = key[nodes[i]];
				}
				Arrays.sort(keys);
				int distinct = 0;
				for (int i = 0; i < count; i++) {
					if (distinct == 0 || Double.compare(keys[distinct - 1], keys[i]) != 0) {
						keys[distinct++] = keys[i];
					}
				}
				keys = Arrays.copyOf(keys, distinct);
			}
			long[] packed = new long[count];
			for (int i = 0; i < count; i++) {
				int v = nodes[i];
				long keyRank = (keys != null) ? Arrays.binarySearch(keys, key[v]) : 0;
				packed[i] = ((long) this.laneRank[this.lane[v]] << 42) | (keyRank << 21) | this.pos[v];
			}
			Arrays.sort(packed);
			int[] before = nodes.clone();
			for (int i = 0; i < count; i++) {
				// pos[v] is v's index in the layer.
				nodes[i] = before[(int) (packed[i] & 0x1FFFFF)];
				this.pos[nodes[i]] = i;
			}
		}

		/** Orders lanes by the mean relative position of their nodes. */
		private void rankLanes() {
			double[] sum = new double[this.lanes];
			int[] count = new int[this.lanes];
			for (int[] nodes : this.order) {
				for (int i = 0; i < nodes.length; i++) {
					sum[this.lane[nodes[i]]] += (nodes.length > 1) ? (double) i / (nodes.length - 1) : 0.5;
					count[this.lane[nodes[i]]]++;
				}
			}
			Integer[] byMean = new Integer[this.lanes];
			for (int k = 0; k < this.lanes; k++) {
				byMean[k] = k;
			}
			Arrays.sort(byMean, (a, b) -> Double.compare((count[a] > 0) ? sum[a] / count[a] : 2,
					(count[b] > 0) ? sum[b] / count[b] : 2));
			for (int r = 0; r < this.lanes; r++) {
				this.laneRank[byMean[r]] = r;
			}
		}

		private int countCrossings() {
			int total = 0;
			for (int l = 0; l + 1 < this.order.length; l++) {
				total += crossingsBetween(l);
			}
			return total;
		}

		/** Inversions of the lower ends when edges are sorted by their upper ends (Fenwick tree). */
		private int crossingsBetween(int l) {
			int width = this.order[l + 1].length;
			long[] tree = new long[width + 1];
			long crossings = 0;
			long seen = 0;
			int[] ends = new int[16];
			for (int v : this.order[l]) {
				int[] lowers = this.down[v];
				if (ends.length < lowers.length) {
					ends = new int[lowers.length];
				}
				for (int k = 0; k < lowers.length; k++) {
					ends[k] = this.pos[lowers[k]];
				}
				Arrays.sort(ends, 0, lowers.length);
				for (int k = 0; k < lowers.length; k++) {
					int p = ends[k] + 1;
					long notGreater = 0;
					for (int i = p; i > 0; i -= i & -i) {
						notGreater += tree[i];
					}
					crossings += seen - notGreater;
				}
				for (int k = 0; k < lowers.length; k++) {
					for (int i = ends[k] + 1; i <= width; i += i & -i) {
						tree[i]++;
					}
					seen++;
				}
			}
			return (int) crossings;
		}

		/**
		 * Swaps neighbouring systems (as blocks, in every layer they share) and neighbouring nodes of
		 * the same lane while that removes crossings; answers the crossings left.
		 */
		private int transpose() {
			boolean improved = true;
			int[] byRank = new int[this.lanes];
			for (int pass = 0; pass < 12 && improved; pass++) {
				improved = false;
				for (int k = 0; k < this.lanes; k++) {
					byRank[this.laneRank[k]] = k;
				}
				for (int r = 0; r + 1 < this.lanes; r++) {
					int a = byRank[r];
					int b = byRank[r + 1];
					if (laneSwapDelta(a, b) < 0) {
						swapLanes(a, b);
						byRank[r] = b;
						byRank[r + 1] = a;
						improved = true;
					}
				}
				for (int[] nodes : this.order) {
					for (int i = 0; i + 1 < nodes.length; i++) {
						int v = nodes[i];
						int w = nodes[i + 1];
						if (this.lane[v] != this.lane[w]) {
							continue;
						}
						long now = pairCrossings(v, w);
						long swapped = pairCrossings(w, v);
						if (swapped < now) {
							nodes[i] = w;
							nodes[i + 1] = v;
							this.pos[w] = i;
							this.pos[v] = i + 1;
							improved = true;
						}
					}
				}
			}
			return countCrossings();
		}

		/** Crossings between the edges of v and w, with v placed before w. */
		private long pairCrossings(int v, int w) {
			long crossings = 0;
			for (int a : this.up[v]) {
				for (int b : this.up[w]) {
					if (this.pos[a] > this.pos[b]) {
						crossings++;
					}
				}
			}
			for (int a : this.down[v]) {
				for (int b : this.down[w]) {
					if (this.pos[a] > this.pos[b]) {
						crossings++;
					}
				}
			}
			return crossings;
		}

		private Layout place(int layers, int crossings) {
			boolean lr = this.options.direction() == Direction.LEFT_TO_RIGHT;
			double rankSize = lr ? this.options.nodeWidth() : this.options.nodeHeight();
			double orderSize = lr ? this.options.nodeHeight() : this.options.nodeWidth();
			double gap = this.options.nodeGap();
			double margin = 20;
			double[] extent = new double[this.size];
			for (int v = 0; v < this.size; v++) {
				extent[v] = (v < this.n) ? orderSize : DUMMY_EXTENT;
			}
			// Lane bands along the order axis.
			double[] laneNeed = new double[this.lanes];
			boolean[] laneHasGroup = new boolean[this.lanes];
			boolean[] laneUsed = new boolean[this.lanes];
			for (int[] nodes : this.order) {
				double[] need = new double[this.lanes];
				int[] count = new int[this.lanes];
				for (int v : nodes) {
					need[this.lane[v]] += extent[v];
					count[this.lane[v]]++;
					laneUsed[this.lane[v]] = true;
					if (v < this.n && this.lane[v] < this.graph.groups().size()) {
						laneHasGroup[this.lane[v]] = true;
					}
				}
				for (int k = 0; k < this.lanes; k++) {
					if (count[k] > 0) {
						laneNeed[k] = Math.max(laneNeed[k], need[k] + gap * (count[k] - 1));
					}
				}
			}
			Integer[] lanesInOrder = new Integer[this.lanes];
			for (int k = 0; k < this.lanes; k++) {
				lanesInOrder[k] = k;
			}
			Arrays.sort(lanesInOrder, (a, b) -> Integer.compare(this.laneRank[a], this.laneRank[b]));
			double[] bandStart = new double[this.lanes];
			double[] innerStart = new double[this.lanes];
			double[] innerEnd = new double[this.lanes];
			double pad = this.options.lanePadding();
			double header = lr ? this.options.laneHeader() : 0;
			// Each lane takes the order axis only over the layers it has nodes in: it goes right after
			// the lanes before it in the ranking that share one of those layers (a skyline per layer),
			// so systems that are far apart in the layering share the same band of the drawing.
			double[] skyline = new double[layers];
			Arrays.fill(skyline, margin);
			for (int k : lanesInOrder) {
				if (!laneUsed[k]) {
					continue;
				}
				double start = margin;
				for (int l = this.laneMin[k]; l <= this.laneMax[k]; l++) {
					start = Math.max(start, skyline[l]);
				}
				bandStart[k] = start;
				double before = laneHasGroup[k] ? header + pad : 0;
				double after = laneHasGroup[k] ? pad : 0;
				innerStart[k] = start + before;
				innerEnd[k] = innerStart[k] + laneNeed[k];
				for (int l = this.laneMin[k]; l <= this.laneMax[k]; l++) {
					skyline[l] = innerEnd[k] + after + this.options.laneGap();
				}
			}
			double cursor = margin;
			for (double at : skyline) {
				cursor = Math.max(cursor, at);
			}
			double orderExtent = cursor - this.options.laneGap() + margin;
			double rankStart = margin + (lr ? 0 : this.options.laneHeader() + pad);
			double[] center = new double[this.size];
			for (int[] nodes : this.order) {
				double at = 0;
				int currentLane = -1;
				for (int v : nodes) {
					if (this.lane[v] != currentLane) {
						currentLane = this.lane[v];
						at = innerStart[currentLane];
					}
					center[v] = at + extent[v] / 2;
					at += extent[v] + gap;
				}
			}
			double[] desired = new double[this.size];
			for (int iteration = 0; iteration < 6; iteration++) {
				boolean downwards = iteration % 2 == 0;
				for (int step = 0; step < layers; step++) {
					int l = downwards ? step : layers - 1 - step;
					for (int v : this.order[l]) {
						int[] neighbours = (iteration == 5) ? null : (downwards ? this.up[v] : this.down[v]);
						desired[v] = mean(neighbours, center, v, iteration == 5);
					}
					project(this.order[l], desired, extent, gap, innerStart, innerEnd, center);
				}
			}
			Layout.Box[] boxes = new Layout.Box[this.n];
			for (int v = 0; v < this.n; v++) {
				double rank = rankStart + this.layer[v] * (rankSize + this.options.layerGap());
				double orderAt = center[v] - orderSize / 2;
				boxes[v] = lr ? new Layout.Box(rank, orderAt, rankSize, orderSize)
						: new Layout.Box(orderAt, rank, orderSize, rankSize);
			}
			Layout.Route[] routes = new Layout.Route[this.m];
			for (int e = 0; e < this.m; e++) {
				int[] chain = this.chains[e];
				double[] points = new double[(chain.length - 2) * 4 + 4];
				int p = 0;
				double rank0 = rankStart + this.layer[chain[0]] * (rankSize + this.options.layerGap());
				p = put(points, p, lr, rank0 + rankSize, center[chain[0]]);
				for (int k = 1; k < chain.length - 1; k++) {
					double rank = rankStart + this.layer[chain[k]] * (rankSize + this.options.layerGap());
					p = put(points, p, lr, rank, center[chain[k]]);
					p = put(points, p, lr, rank + rankSize, center[chain[k]]);
				}
				double rankLast = rankStart + this.layer[chain[chain.length - 1]] * (rankSize + this.options.layerGap());
				put(points, p, lr, rankLast, center[chain[chain.length - 1]]);
				if (this.reversed[e]) {
					reversePairs(points);
				}
				routes[e] = new Layout.Route(points, this.reversed[e]);
			}
			List<Layout.GroupBox> groups = new ArrayList<>();
			for (int k = 0; k < this.graph.groups().size(); k++) {
				if (!laneHasGroup[k]) {
					continue;
				}
				int minLayer = Integer.MAX_VALUE;
				int maxLayer = -1;
				for (int v = 0; v < this.n; v++) {
					if (this.lane[v] == k) {
						minLayer = Math.min(minLayer, this.layer[v]);
						maxLayer = Math.max(maxLayer, this.layer[v]);
					}
				}
				double rankFrom = rankStart + minLayer * (rankSize + this.options.layerGap()) - pad;
				double rankTo = rankStart + maxLayer * (rankSize + this.options.layerGap()) + rankSize + pad;
				double orderFrom = bandStart[k];
				double orderTo = innerEnd[k] + pad;
				groups.add(lr ? new Layout.GroupBox(k, rankFrom, orderFrom, rankTo - rankFrom, orderTo - orderFrom)
						: new Layout.GroupBox(k, orderFrom - pad, rankFrom - this.options.laneHeader(),
								orderTo - orderFrom + pad, rankTo - rankFrom + this.options.laneHeader()));
			}
			double rankExtent = rankStart + layers * (rankSize + this.options.layerGap()) - this.options.layerGap()
					+ margin + pad;
			double width = lr ? rankExtent : orderExtent + pad;
			double height = lr ? orderExtent : rankExtent;
			return new Layout(width, height, boxes, routes, List.copyOf(groups), crossings, layers,
					this.options.direction());
		}

		private static int put(double[] points, int p, boolean lr, double rank, double order) {
			points[p] = lr ? rank : order;
			points[p + 1] = lr ? order : rank;
			return p + 2;
		}

		private static void reversePairs(double[] points) {
			for (int i = 0, j = points.length - 2; i < j; i += 2, j -= 2) {
				double x = points[i];
				double y = points[i + 1];
				points[i] = points[j];
				points[i + 1] = points[j + 1];
				points[j] = x;
				points[j + 1] = y;
			}
		}

		private double mean(int[] neighbours, double[] center, int v, boolean both) {
			double sum = 0;
			int count = 0;
			if (both) {
				for (int w : this.up[v]) {
					sum += center[w];
					count++;
				}
				for (int w : this.down[v]) {
					sum += center[w];
					count++;
				}
			}
			else {
				for (int w : neighbours) {
					sum += center[w];
					count++;
				}
			}
			return (count > 0) ? sum / count : center[v];
		}

		/**
		 * Moves each lane's run of nodes in a layer as close as possible (least squares) to where
		 * their neighbours pull them, keeping their order, spacing and lane: pool-adjacent-violators
		 * on positions shifted by the minimum offsets, then clamped into the lane.
		 */
		private void project(int[] nodes, double[] desired, double[] extent, double gap, double[] innerStart,
				double[] innerEnd, double[] center) {
			int i = 0;
			while (i < nodes.length) {
				int j = i;
				while (j + 1 < nodes.length && this.lane[nodes[j + 1]] == this.lane[nodes[i]]) {
					j++;
				}
				int count = j - i + 1;
				double[] offset = new double[count];
				for (int k = 1; k < count; k++) {
					offset[k] = offset[k - 1] + extent[nodes[i + k - 1]] / 2 + gap + extent[nodes[i + k]] / 2;
				}
				double[] blockSum = new double[count];
				int[] blockSize = new int[count];
				int blocks = 0;
				for (int k = 0; k < count; k++) {
					blockSum[blocks] = desired[nodes[i + k]] - offset[k];
					blockSize[blocks] = 1;
					blocks++;
					while (blocks > 1 && blockSum[blocks - 2] / blockSize[blocks - 2] > blockSum[blocks - 1]
							/ blockSize[blocks - 1]) {
						blockSum[blocks - 2] += blockSum[blocks - 1];
						blockSize[blocks - 2] += blockSize[blocks - 1];
						blocks--;
					}
				}
				int laneOf = this.lane[nodes[i]];
				double low = innerStart[laneOf] + extent[nodes[i]] / 2;
				double high = innerEnd[laneOf] - extent[nodes[j]] / 2 - offset[count - 1];
				int k = 0;
				for (int b = 0; b < blocks; b++) {
					double value = Math.max(low, Math.min(high, blockSum[b] / blockSize[b]));
					for (int s = 0; s < blockSize[b]; s++, k++) {
						center[nodes[i + k]] = value + offset[k];
					}
				}
				i = j + 1;
			}
		}

		private static int[][] copy(int[][] arrays) {
			int[][] copy = new int[arrays.length][];
			for (int i = 0; i < arrays.length; i++) {
				copy[i] = arrays[i].clone();
			}
			return copy;
		}

	}

}
