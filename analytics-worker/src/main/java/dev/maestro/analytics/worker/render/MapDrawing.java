package dev.maestro.analytics.worker.render;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.maestro.analytics.worker.graph.DependencyGraph;
import dev.maestro.analytics.worker.layout.Layout;

/**
 * What a dependency map shows, as a {@link Drawing}: a legend on top (title, one icon per family,
 * the three kinds of edge, the badge), then, moved below it, systems as dashed boxes, edges with
 * their arrow heads and the labels that fit, and nodes with icon, name, family, environment,
 * server count, critical level and badge. Hover titles go on nodes (servers' hostname, OS and
 * datacenter), edges (protocol and endpoint) and systems.
 */
final class MapDrawing {

	/** Room a row of the legend takes above the drawing. */
	private static final double LEGEND_ROW = 26;

	private static final String TEXT = "#1A1A1A";

	private static final String MUTED = "#333333";

	private static final double NAME_SIZE = 13;

	private static final double SMALL_SIZE = 11;

	private static final double EDGE_LABEL_SIZE = 10;

	private static final float[] SYSTEM_DASH = { 5, 3 };

	private static final float[] TARGET_DASH = { 6, 3 };

	private static final float[] CYCLE_DASH = { 2, 3 };

	private MapDrawing() {
	}

	static Drawing draw(DependencyGraph graph, Layout layout, String title) {
		Set<String> families = new LinkedHashSet<>();
		graph.nodes().forEach((node) -> families.add(node.family()));
		List<String> legend = families.stream().sorted().toList();
		double width = Math.max(layout.width(), 640);
		int perRow = Math.max(1, (int) ((width - 20) / 150));
		int rows = (legend.size() + perRow - 1) / perRow + 1;
		double top = 34 + rows * LEGEND_ROW + 10;
		List<Drawing.Shape> shapes = new ArrayList<>();
		shapes.add(new Drawing.Rect(null, 0, 0, width, layout.height() + top, 0, "#FFFFFF", null, 0, null));
		shapes.add(legend(title, legend, perRow));
		List<Drawing.Shape> map = new ArrayList<>(layout.groups().size() + graph.edges().size() + graph.nodes().size());
		groups(map, graph, layout);
		edges(map, graph, layout);
		nodes(map, graph, layout);
		shapes.add(new Drawing.Group(attributes("id", "graph"), null, top, map));
		String description = "Dependency map drawn by Maestro: " + graph.nodes().size() + " applications, "
				+ graph.edges().size() + " dependencies.";
		return new Drawing(title, description, width, layout.height() + top, shapes);
	}

	private static Drawing.Group legend(String title, List<String> families, int perRow) {
		List<Drawing.Shape> shapes = new ArrayList<>();
		shapes.add(new Drawing.Text("title", 20, 24, TextMetrics.fit(title, 16, 900), 16, true, TEXT, false));
		double y = 34;
		for (int i = 0; i < families.size(); i++) {
			String family = families.get(i);
			double x = 20 + (i % perRow) * 150;
			double rowY = y + (i / perRow) * LEGEND_ROW;
			shapes.add(new Drawing.Icon(Palette.icon(family), x, rowY + 2, 18, Palette.colour(family), 2));
			shapes.add(legendText(x + 24, rowY + 16, TextMetrics.fit(family, 11, 120)));
		}
		double rowY = y + ((families.size() + perRow - 1) / perRow) * LEGEND_ROW;
		double x = 20;
		x = legendLine(shapes, x, rowY, MUTED, null, "depends on (protocol endpoint)");
		x = legendLine(shapes, x, rowY, Palette.ENTRY, TARGET_DASH, "sends traffic to (load balancer target)");
		x = legendLine(shapes, x, rowY, Palette.CYCLE, CYCLE_DASH, "closes a cycle");
		shapes.add(legendText(x, rowY + 15, "badge: critical level (applications that stop with it)"));
		return new Drawing.Group(attributes("id", "legend"), null, 0, shapes);
	}

	private static double legendLine(List<Drawing.Shape> shapes, double x, double rowY, String colour, float[] dash,
			String text) {
		shapes.add(new Drawing.Line(new double[] { x, rowY + 11, x + 34, rowY + 11 }, colour, 1.5, dash, true));
		shapes.add(legendText(x + 40, rowY + 15, text));
		return x + 60 + TextMetrics.width(text, 11);
	}

	private static Drawing.Text legendText(double x, double y, String text) {
		return new Drawing.Text("legend", x, y, text, 11, false, TEXT, false);
	}

	private static void groups(List<Drawing.Shape> shapes, DependencyGraph graph, Layout layout) {
		for (Layout.GroupBox box : layout.groups()) {
			DependencyGraph.Group group = graph.groups().get(box.group());
			shapes.add(new Drawing.Group(attributes("class", "group", "data-id", group.id()), "System " + group.name(), 0,
					List.of(new Drawing.Rect(null, box.x(), box.y(), box.width(), box.height(), 8, "#F2F2F2", "#999999", 1,
							SYSTEM_DASH),
							new Drawing.Text("group-name", box.x() + 8, box.y() + 16,
									TextMetrics.fit(group.name(), 12, box.width() - 16), 12, true, MUTED, false))));
		}
	}

	private static void edges(List<Drawing.Shape> shapes, DependencyGraph graph, Layout layout) {
		LabelSpace space = new LabelSpace();
		for (Layout.Box box : layout.nodes()) {
			space.add(box.x(), box.y(), box.width(), box.height());
		}
		for (int e = 0; e < graph.edges().size(); e++) {
			DependencyGraph.Edge edge = graph.edges().get(e);
			Layout.Route route = layout.edges()[e];
			DependencyGraph.Node from = graph.nodes().get(edge.from());
			DependencyGraph.Node to = graph.nodes().get(edge.to());
			String colour = route.reversed() ? Palette.CYCLE : edge.isTarget() ? Palette.ENTRY : MUTED;
			float[] dash = route.reversed() ? CYCLE_DASH : edge.isTarget() ? TARGET_DASH : null;
			String title = from.name() + (edge.isTarget() ? " sends traffic to " : " depends on ") + to.name()
					+ (edge.label().isEmpty() ? "" : " (" + edge.label() + ")");
			List<Drawing.Shape> parts = new ArrayList<>(2);
			parts.add(new Drawing.Line(route.points(), colour, 1.3, dash, true));
			if (!edge.label().isEmpty()) {
				Drawing.Text label = label(space, edge.label(), route.points());
				if (label != null) {
					parts.add(label);
				}
			}
			shapes.add(new Drawing.Group(attributes("class", route.reversed() ? "edge cycle" : "edge", "data-from",
					from.id(), "data-to", to.id()), title, 0, parts));
		}
	}

	/**
	 * An edge's label goes on its first segment, at the first of a few spots where it overlaps
	 * no node and no other label; when there is none it is left to the edge's hover title.
	 */
	private static Drawing.Text label(LabelSpace space, String text, double[] p) {
		double x0 = p[0];
		double y0 = p[1];
		double x1 = p[2];
		double y1 = p[3];
		boolean horizontal = Math.abs(x1 - x0) >= Math.abs(y1 - y0);
		double room = horizontal ? Math.abs(x1 - x0) - 16 : 200;
		String fitted = TextMetrics.fit(text, EDGE_LABEL_SIZE, room);
		if (fitted.isEmpty()) {
			return null;
		}
		double w = TextMetrics.width(fitted, EDGE_LABEL_SIZE);
		double h = EDGE_LABEL_SIZE + 3;
		for (double t : new double[] { 0.5, 0.3, 0.7, 0.4, 0.6 }) {
			double lx = x0 + (x1 - x0) * t - w / 2;
			double ly = y0 + (y1 - y0) * t - h - 1;
			if (space.free(lx, ly, w, h)) {
				space.add(lx, ly, w, h);
				return new Drawing.Text("edge-label", lx, ly + h - 3, fitted, EDGE_LABEL_SIZE, false, MUTED, false);
			}
		}
		return null;
	}

	private static void nodes(List<Drawing.Shape> shapes, DependencyGraph graph, Layout layout) {
		for (int i = 0; i < graph.nodes().size(); i++) {
			DependencyGraph.Node node = graph.nodes().get(i);
			Layout.Box box = layout.nodes()[i];
			String colour = Palette.colour(node.family());
			List<Drawing.Shape> parts = new ArrayList<>(7);
			parts.add(new Drawing.Rect("box", box.x(), box.y(), box.width(), box.height(), 6, "#FFFFFF", colour, 2, null));
			parts.add(new Drawing.Icon(Palette.icon(node.family()), box.x() + 8, box.y() + 8, 24, colour, 1.8));
			double textX = box.x() + 40;
			double badge = (node.criticalLevel() > 0) ? 30 : 0;
			double room = box.width() - 48;
			parts.add(new Drawing.Text("label name", textX, box.y() + 20,
					TextMetrics.fit(node.name(), NAME_SIZE, room - badge), NAME_SIZE, true, TEXT, false));
			String kind = node.family() + (node.environment().isEmpty() ? "" : " · " + node.environment());
			parts.add(small(textX, box.y() + 37, TextMetrics.fit(kind, SMALL_SIZE, room)));
			int servers = node.servers().size();
			String details = servers + (servers == 1 ? " server" : " servers") + " · critical " + node.criticalLevel();
			parts.add(small(textX, box.y() + 54, TextMetrics.fit(details, SMALL_SIZE, room)));
			if (badge > 0) {
				String level = (node.criticalLevel() > 999) ? "999+" : Integer.toString(node.criticalLevel());
				double bx = box.x() + box.width() - 30;
				parts.add(new Drawing.Rect("critical", bx, box.y() + 6, 24, 16, 8,
						Palette.criticalFill(node.criticalLevel()), TEXT, 0.8, null));
				parts.add(new Drawing.Text(null, bx + 12, box.y() + 18, level, level.length() > 2 ? 8 : 10, true, TEXT,
						true));
			}
			shapes.add(new Drawing.Group(attributes("class", "node", "id", "node-" + i, "data-id", node.id(), "data-name",
					node.name(), "data-family", node.family(), "data-critical", Integer.toString(node.criticalLevel())),
					tooltip(node), 0, parts));
		}
	}

	private static Drawing.Text small(double x, double y, String text) {
		return new Drawing.Text("label small", x, y, text, SMALL_SIZE, false, TEXT, false);
	}

	private static String tooltip(DependencyGraph.Node node) {
		StringBuilder text = new StringBuilder(node.name()).append(" — ").append(node.family());
		if (!node.environment().isEmpty()) {
			text.append(", ").append(node.environment());
		}
		text.append("\ncritical level ").append(node.criticalLevel())
			.append(" (applications of this map that stop when it stops)");
		if (node.servers().isEmpty()) {
			text.append("\nno servers");
		}
		for (DependencyGraph.Server server : node.servers()) {
			text.append('\n').append(server.hostname().isEmpty() ? server.id() : server.hostname());
			if (!server.os().isEmpty()) {
				text.append(" — ").append(server.os());
			}
			if (!server.datacenter().isEmpty()) {
				text.append(" — ").append(server.datacenter());
			}
			if (!server.healthy()) {
				text.append(" (orphan)");
			}
		}
		return text.toString();
	}

	private static Map<String, String> attributes(String... namesAndValues) {
		Map<String, String> attributes = new LinkedHashMap<>();
		for (int i = 0; i < namesAndValues.length; i += 2) {
			attributes.put(namesAndValues[i], namesAndValues[i + 1]);
		}
		return attributes;
	}

	/** Rectangles already taken, in a grid of buckets, for label placement. */
	private static final class LabelSpace {

		private static final double CELL = 128;

		private final Map<Long, List<double[]>> cells = new HashMap<>();

		void add(double x, double y, double w, double h) {
			double[] rect = { x, y, w, h };
			for (long cell : cells(x, y, w, h)) {
				this.cells.computeIfAbsent(cell, (c) -> new ArrayList<>()).add(rect);
			}
		}

		boolean free(double x, double y, double w, double h) {
			for (long cell : cells(x, y, w, h)) {
				for (double[] r : this.cells.getOrDefault(cell, List.of())) {
					if (x < r[0] + r[2] && r[0] < x + w && y < r[1] + r[3] && r[1] < y + h) {
						return false;
					}
				}
			}
			return true;
		}

		private static List<Long> cells(double x, double y, double w, double h) {
			List<Long> cells = new ArrayList<>(4);
			for (long cx = (long) Math.floor(x / CELL); cx <= (long) Math.floor((x + w) / CELL); cx++) {
				for (long cy = (long) Math.floor(y / CELL); cy <= (long) Math.floor((y + h) / CELL); cy++) {
					cells.add((cx << 32) ^ (cy & 0xffffffffL));
				}
			}
			return cells;
		}

	}

}
