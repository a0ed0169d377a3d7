package dev.maestro.benchmarks.graph;

import java.io.IOException;
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
import dev.maestro.analytics.worker.render.PngRenderer;
import dev.maestro.analytics.worker.render.SvgRenderer;

/**
 * analytics-worker's layout and rendering side by side with Graphviz {@code dot -Tsvg} on the
 * same generated dependency graphs (see {@link GeneratedGraphs}): time to lay out and write the
 * SVG, time to rasterise it, and edge crossings of both drawings, counted the same way
 * ({@link Crossings}). Graphviz gets the same content: node labels, edge labels, and systems as
 * clusters. Results and how to run it: {@code docs/benchmarks-analytics.md}.
 *
 * <p>Arguments: sizes (default {@code 100 1000 5000}); {@code --dot-timeout=<seconds>} (default 900);
 * {@code --no-dot} to skip Graphviz; {@code --out=<dir>} to keep the drawings.
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
		System.out.println("| applications | edges | model (ms) | layout + SVG (ms) | crossings | PNG 1x (ms) | PNG 2x (ms) | dot -Tsvg (ms) | dot crossings | speed-up |");
		System.out.println("|---|---|---|---|---|---|---|---|---|---|");
		for (int size : sizes) {
			run(size, dot, png, dotTimeout, out);
		}
	}

	private static void run(int size, boolean withDot, boolean withPng, long dotTimeout, Path out) throws Exception {
		Map<String, Object> export = GeneratedGraphs.generate(size, 42L + size);
		long t0 = System.nanoTime();
		DependencyGraph graph = DependencyGraph.fromExport(export);
		long modelMs = (System.nanoTime() - t0) / 1_000_000;
		LayeredLayout.Options options = LayeredLayout.Options.defaults(LayeredLayout.Direction.LEFT_TO_RIGHT);
		int runs = (size >= 5000) ? 3 : 7;
		long[] times = new long[runs];
		Layout layout = null;
		String svg = null;
		for (int warm = 0; warm < 3; warm++) {
			layout = LayeredLayout.layout(graph, options);
			svg = SvgRenderer.render(graph, layout, "Benchmark " + size);
		}
		for (int r = 0; r < runs; r++) {
			long start = System.nanoTime();
			layout = LayeredLayout.layout(graph, options);
			svg = SvgRenderer.render(graph, layout, "Benchmark " + size);
			times[r] = (System.nanoTime() - start) / 1_000_000;
		}
		Arrays.sort(times);
		long layoutMs = times[runs / 2];
		Files.writeString(out.resolve("maestro-" + size + ".svg"), svg);
		List<double[]> lines = new ArrayList<>();
		List<int[]> ends = new ArrayList<>();
		for (int e = 0; e < graph.edges().size(); e++) {
			lines.add(layout.edges()[e].points());
			ends.add(new int[] { graph.edges().get(e).from(), graph.edges().get(e).to() });
		}
		long ours = Crossings.count(lines, ends);
		double width = Math.max(layout.width(), 640);
		double height = layout.height() + SvgRenderer.top(graph, layout);
		long pngMs = -1;
		long png2Ms = -1;
		if (withPng) {
			PngRenderer.render(svg, width, height, 1, PngRenderer.DEFAULT_MAX_PIXELS);
			long p0 = System.nanoTime();
			byte[] png = PngRenderer.render(svg, width, height, 1, PngRenderer.DEFAULT_MAX_PIXELS);
			pngMs = (System.nanoTime() - p0) / 1_000_000;
			Files.write(out.resolve("maestro-" + size + ".png"), png);
			long p1 = System.nanoTime();
			PngRenderer.render(svg, width, height, 2, PngRenderer.DEFAULT_MAX_PIXELS);
			png2Ms = (System.nanoTime() - p1) / 1_000_000;
		}
		System.out.printf("drawing %d: %.0f x %.0f, %d layers%n", size, width, height, layout.layers());
		String dotMs = "–";
		String dotCrossings = "–";
		String speedUp = "–";
		if (withDot) {
			Path dotFile = out.resolve("graph-" + size + ".dot");
			Files.writeString(dotFile, toDot(graph));
			long d0 = System.nanoTime();
			boolean finished = runDot(dotFile, "-Tsvg", out.resolve("dot-" + size + ".svg"), dotTimeout);
			long elapsed = (System.nanoTime() - d0) / 1_000_000;
			if (finished) {
				dotMs = Long.toString(elapsed);
				speedUp = String.format("%.1f×", (double) elapsed / Math.max(1, layoutMs));
				Path plain = out.resolve("dot-" + size + ".plain");
				if (runDot(dotFile, "-Tplain", plain, dotTimeout)) {
					dotCrossings = Long.toString(dotCrossings(Files.readAllLines(plain, StandardCharsets.UTF_8), graph));
				}
			}
			else {
				dotMs = "> " + (dotTimeout * 1000) + " (stopped)";
			}
		}
		System.out.printf("| %,d | %,d | %d | %d | %d | %d | %d | %s | %s | %s |%n", size, graph.edges().size(), modelMs,
				layoutMs, ours, pngMs, png2Ms, dotMs, dotCrossings, speedUp);
	}

	private static boolean runDot(Path input, String format, Path output, long timeoutSeconds)
			throws IOException, InterruptedException {
		Process process = new ProcessBuilder("dot", format, "-o", output.toString(), input.toString())
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.DISCARD)
			.start();
		if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
			process.destroyForcibly();
			return false;
		}
		return process.exitValue() == 0;
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
