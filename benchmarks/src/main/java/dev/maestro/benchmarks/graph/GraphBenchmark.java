package dev.maestro.benchmarks.graph;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.maestro.analytics.worker.graph.DependencyGraph;
import dev.maestro.analytics.worker.layout.LayeredLayout;
import dev.maestro.analytics.worker.layout.Layout;
import dev.maestro.analytics.worker.render.Drawing;
import dev.maestro.analytics.worker.render.PngRenderer;
import dev.maestro.analytics.worker.render.SvgRenderer;

/**
 * analytics-worker's layout and rendering side by side with Graphviz {@code dot -Tsvg} on the
 * same generated dependency graphs (see {@link GeneratedGraphs}): time to lay out and write the
 * SVG, time to paint the same drawing as PNG at 1× and 2×, and edge crossings of both drawings,
 * counted the same way ({@link Crossings}). Graphviz gets the same content: node labels, edge
 * labels, and systems as clusters. Results and how to run it: {@code docs/benchmarks.md},
 * Analytics.
 *
 * <p>Arguments: sizes (default {@code 100 1000 5000}); {@code --dot-timeout=<seconds>} (default 900);
 * {@code --no-dot} to skip Graphviz; {@code --no-png} to skip the PNGs; {@code --starts=<n>} to
 * limit the layout's starting orders (default: the worker's); {@code --out=<dir>} to keep the
 * drawings.
 */
public final class GraphBenchmark {

	private GraphBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		System.setProperty("java.awt.headless", "true");
		List<Integer> sizes = new ArrayList<>();
		long dotTimeout = 900;
		boolean dot = true;
		boolean png = true;
		int starts = 0;
		Path out = Files.createTempDirectory("maestro-graph-bench");
		for (String arg : args) {
			if (arg.startsWith("--dot-timeout=")) {
				dotTimeout = Long.parseLong(arg.substring("--dot-timeout=".length()));
			}
			else if (arg.equals("--no-dot")) {
				dot = false;
			}
			else if (arg.equals("--no-png")) {
				png = false;
			}
			else if (arg.startsWith("--starts=")) {
				starts = Integer.parseInt(arg.substring("--starts=".length()));
			}
			else if (arg.startsWith("--out=")) {
				out = Files.createDirectories(Path.of(arg.substring("--out=".length())));
			}
			else {
				sizes.add(Integer.parseInt(arg));
			}
		}
		if (sizes.isEmpty()) {
			sizes = List.of(100, 1000, 5000);
		}
		System.out.printf("Java %s, %d cores; drawings in %s%n", System.getProperty("java.version"),
				Runtime.getRuntime().availableProcessors(), out);
		System.out.println("Times: wall-clock ms (CPU ms of the thread, or of dot, in brackets; on a shared machine "
				+ "the CPU time is close to what an idle one takes)");
		System.out.println("| applications | edges | model (ms) | layout + SVG (ms) | crossings | PNG 1x (ms) | PNG 2x (ms) | dot -Tsvg (ms) | dot crossings | speed-up |");
		System.out.println("|---|---|---|---|---|---|---|---|---|---|");
		for (int size : sizes) {
			run(size, dot, png, starts, dotTimeout, out);
		}
	}

	private static void run(int size, boolean withDot, boolean withPng, int starts, long dotTimeout, Path out)
			throws Exception {
		Map<String, Object> export = GeneratedGraphs.generate(size, 42L + size);
		long t0 = System.nanoTime();
		DependencyGraph graph = DependencyGraph.fromExport(export);
		long modelMs = (System.nanoTime() - t0) / 1_000_000;
		LayeredLayout.Options options = LayeredLayout.Options.defaults(LayeredLayout.Direction.LEFT_TO_RIGHT);
		if (starts > 0) {
			options = options.withStarts(starts);
		}
		LayeredLayout.Options chosen = options;
		String title = "Benchmark " + size;
		Runnable layoutAndSvg = () -> SvgRenderer.render(graph, LayeredLayout.layout(graph, chosen), title);
		// Enough warm-up runs for the JIT to compile the hot loops: with 3, a cold JVM timed 1,000
		// applications at three times the warm figure.
		for (int warm = 0; warm < ((size >= 5000) ? 3 : 12); warm++) {
			layoutAndSvg.run();
		}
		Time layoutTime = median((size >= 5000) ? 3 : 7, layoutAndSvg);
		Layout layout = LayeredLayout.layout(graph, options);
		String svg = SvgRenderer.render(graph, layout, title);
		Files.writeString(out.resolve("maestro-" + size + ".svg"), svg);
		List<double[]> lines = new ArrayList<>();
		List<int[]> ends = new ArrayList<>();
		for (int e = 0; e < graph.edges().size(); e++) {
			lines.add(layout.edges()[e].points());
			ends.add(new int[] { graph.edges().get(e).from(), graph.edges().get(e).to() });
		}
		long ours = Crossings.count(lines, ends);
		// The worker paints the PNGs from the drawing it wrote the SVG from.
		Drawing drawing = Drawing.of(graph, layout, title);
		String pngTime = "–";
		String png2Time = "–";
		if (withPng) {
			// The first run of each writes the file and warms up; the median of three is timed.
			Files.write(out.resolve("maestro-" + size + ".png"), png(drawing, 1));
			Files.write(out.resolve("maestro-" + size + "@2x.png"), png(drawing, 2));
			pngTime = median(3, () -> png(drawing, 1)).toString();
			png2Time = median(3, () -> png(drawing, 2)).toString();
		}
		System.out.printf("drawing %d: %.0f x %.0f, %d layers, %d crossings between layers%n", size, drawing.width(),
				drawing.height(), layout.layers(), layout.crossings());
		String dotMs = "–";
		String dotCrossings = "–";
		String speedUp = "–";
		if (withDot) {
			Path dotFile = out.resolve("graph-" + size + ".dot");
			Files.writeString(dotFile, toDot(graph));
			Time dotTime = runDot(dotFile, "-Tsvg", out.resolve("dot-" + size + ".svg"), dotTimeout, out);
			if (dotTime != null) {
				dotMs = dotTime.toString();
				speedUp = String.format("%.1f× (%.1f×)", (double) dotTime.wallMs() / Math.max(1, layoutTime.wallMs()),
						(double) dotTime.cpuMs() / Math.max(1, layoutTime.cpuMs()));
				Path plain = out.resolve("dot-" + size + ".plain");
				if (runDot(dotFile, "-Tplain", plain, dotTimeout, out) != null) {
					dotCrossings = Long.toString(dotCrossings(Files.readAllLines(plain, StandardCharsets.UTF_8), graph));
				}
			}
			else {
				dotMs = "failed or stopped after " + dotTimeout + " s";
			}
		}
		System.out.printf("| %,d | %,d | %d | %s | %d | %s | %s | %s | %s | %s |%n", size, graph.edges().size(), modelMs,
				layoutTime, ours, pngTime, png2Time, dotMs, dotCrossings, speedUp);
	}

	private static byte[] png(Drawing drawing, double scale) {
		return PngRenderer.render(drawing, scale, PngRenderer.DEFAULT_MAX_PIXELS);
	}

	/** Medians of the wall-clock and CPU times of {@code runs} runs. */
	private static Time median(int runs, Runnable work) {
		ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		long[] wall = new long[runs];
		long[] cpu = new long[runs];
		for (int r = 0; r < runs; r++) {
			long cpu0 = threads.getCurrentThreadCpuTime();
			long wall0 = System.nanoTime();
			work.run();
			wall[r] = (System.nanoTime() - wall0) / 1_000_000;
			cpu[r] = (threads.getCurrentThreadCpuTime() - cpu0) / 1_000_000;
		}
		Arrays.sort(wall);
		Arrays.sort(cpu);
		return new Time(wall[runs / 2], cpu[runs / 2]);
	}

	/** Runs dot under {@code /usr/bin/time} for its CPU time; null when it failed or was stopped. */
	private static Time runDot(Path input, String format, Path output, long timeoutSeconds, Path out)
			throws IOException, InterruptedException {
		Path cpu = out.resolve("dot.time");
		long wall0 = System.nanoTime();
		Process process = new ProcessBuilder("/usr/bin/time", "-f", "%U %S", "-o", cpu.toString(), "dot", format, "-o",
				output.toString(), input.toString())
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.DISCARD)
			.start();
		if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
			process.descendants().forEach(ProcessHandle::destroyForcibly);
			process.destroyForcibly();
			return null;
		}
		long wallMs = (System.nanoTime() - wall0) / 1_000_000;
		if (process.exitValue() != 0) {
			return null;
		}
		String[] userAndSystem = Files.readString(cpu).trim().split("\\s+");
		long cpuMs = Math.round((Double.parseDouble(userAndSystem[0]) + Double.parseDouble(userAndSystem[1])) * 1000);
		return new Time(wallMs, cpuMs);
	}

	/** Wall-clock and CPU time, in milliseconds. */
	private record Time(long wallMs, long cpuMs) {

		@Override
		public String toString() {
			return this.wallMs + " (" + this.cpuMs + ")";
		}
	}

	/** The same drawing for Graphviz: same box size, same labels, systems as clusters. */
	static String toDot(DependencyGraph graph) {
		StringBuilder dot = new StringBuilder("digraph G {\nrankdir=LR;\n")
			.append("node [shape=box, fixedsize=true, width=3.06, height=0.92, fontname=\"DejaVu Sans\", fontsize=10];\n")
			.append("edge [fontname=\"DejaVu Sans\", fontsize=8];\n");
		List<List<Integer>> members = new ArrayList<>();
		graph.groups().forEach((g) -> members.add(new ArrayList<>()));
		List<Integer> loose = new ArrayList<>();
		for (int i = 0; i < graph.nodes().size(); i++) {
			int group = graph.nodes().get(i).group();
			(group >= 0 ? members.get(group) : loose).add(i);
		}
		for (int g = 0; g < members.size(); g++) {
			if (members.get(g).isEmpty()) {
				continue;
			}
			dot.append("subgraph cluster_").append(g).append(" {\nlabel=\"").append(quote(graph.groups().get(g).name()))
				.append("\";\n");
			members.get(g).forEach((i) -> node(dot, graph, i));
			dot.append("}\n");
		}
		loose.forEach((i) -> node(dot, graph, i));
		for (DependencyGraph.Edge edge : graph.edges()) {
			dot.append('n').append(edge.from()).append(" -> n").append(edge.to());
			if (!edge.label().isEmpty()) {
				dot.append(" [label=\"").append(quote(edge.label())).append("\"]");
			}
			dot.append(";\n");
		}
		return dot.append("}\n").toString();
	}

	private static void node(StringBuilder dot, DependencyGraph graph, int i) {
		DependencyGraph.Node node = graph.nodes().get(i);
		dot.append('n').append(i).append(" [label=\"").append(quote(node.name())).append("\\n")
			.append(quote(node.family() + " · " + node.environment())).append("\\n").append(node.servers().size())
			.append(" servers · critical ").append(node.criticalLevel()).append("\"];\n");
	}

	private static String quote(String text) {
		return text.replace("\\", "\\\\").replace("\"", "\\\"");
	}

	/** Crossings of dot's drawing, from {@code -Tplain}: each edge's B-spline, sampled. */
	static long dotCrossings(List<String> plain, DependencyGraph graph) {
		List<double[]> lines = new ArrayList<>();
		List<int[]> ends = new ArrayList<>();
		for (String line : plain) {
			if (!line.startsWith("edge ")) {
				continue;
			}
			String[] t = line.split(" ");
			int from = Integer.parseInt(t[1].substring(1));
			int to = Integer.parseInt(t[2].substring(1));
			int n = Integer.parseInt(t[3]);
			double[] control = new double[n * 2];
			for (int k = 0; k < n * 2; k++) {
				control[k] = Double.parseDouble(t[4 + k]) * 72;
			}
			lines.add(sample(control));
			ends.add(new int[] { from, to });
		}
		return Crossings.count(lines, ends);
	}

	private static double[] sample(double[] c) {
		int pieces = (c.length / 2 - 1) / 3;
		int steps = 8;
		double[] points = new double[(pieces * steps + 1) * 2];
		points[0] = c[0];
		points[1] = c[1];
		int p = 2;
		for (int piece = 0; piece < pieces; piece++) {
			int b = piece * 6;
			for (int s = 1; s <= steps; s++) {
				double t = (double) s / steps;
				double u = 1 - t;
				double w0 = u * u * u;
				double w1 = 3 * u * u * t;
				double w2 = 3 * u * t * t;
				double w3 = t * t * t;
				points[p++] = w0 * c[b] + w1 * c[b + 2] + w2 * c[b + 4] + w3 * c[b + 6];
				points[p++] = w0 * c[b + 1] + w1 * c[b + 3] + w2 * c[b + 5] + w3 * c[b + 7];
			}
		}
		return points;
	}

}
