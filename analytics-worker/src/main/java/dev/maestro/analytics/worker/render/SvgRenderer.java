package dev.maestro.analytics.worker.render;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import dev.maestro.analytics.worker.graph.DependencyGraph;
import dev.maestro.analytics.worker.layout.Layout;

/**
 * Draws a laid-out graph as one standalone SVG 1.1 document: no external references (icons are
 * inline symbols, styles inline, fonts declared as a family list every system has one of), a
 * legend on top, systems as boxes, nodes with icon, name, family, environment, server count and
 * critical level, and a {@code <title>} on every node (servers' hostname, OS and datacenter) and
 * edge (protocol and endpoint) that viewers show on hover. Batik renders the same document to
 * PNG, so it sticks to what Batik supports (presentation attributes, CSS 2 classes, xlink:href).
 */
public final class SvgRenderer {

	/** Room the legend takes above the drawing. */
	static final double LEGEND_ROW = 26;

	private static final double NAME_SIZE = 13;

	private static final double SMALL_SIZE = 11;

	private static final double EDGE_LABEL_SIZE = 10;

	private SvgRenderer() {
	}

	/** The SVG document, XML declaration included. */
	public static String render(DependencyGraph graph, Layout layout, String title) {
		StringBuilder svg = new StringBuilder(4096 + graph.nodes().size() * 1200 + graph.edges().size() * 300);
		Set<String> families = new LinkedHashSet<>();
		graph.nodes().forEach((node) -> families.add(node.family()));
		double width = Math.max(layout.width(), 640);
		List<String[]> legend = legendEntries(families);
		int perRow = Math.max(1, (int) ((width - 20) / 150));
		int rows = (legend.size() + perRow - 1) / perRow + 1;
		double top = 34 + rows * LEGEND_ROW + 10;
		double height = layout.height() + top;
		svg.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
		svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" version=\"1.1\"")
			.append(" width=\"").append(num(width)).append("\" height=\"").append(num(height))
			.append("\" viewBox=\"0 0 ").append(num(width)).append(' ').append(num(height))
			.append("\" font-family=\"").append(Palette.FONT).append("\">\n");
		svg.append("<title>").append(escape(title)).append("</title>\n");
		svg.append("<desc>Dependency map drawn by Maestro: ").append(graph.nodes().size()).append(" applications, ")
			.append(graph.edges().size()).append(" dependencies.</desc>\n");
		defs(svg, families);
		svg.append("<rect x=\"0\" y=\"0\" width=\"").append(num(width)).append("\" height=\"").append(num(height))
			.append("\" fill=\"#FFFFFF\"/>\n");
		legend(svg, title, legend, perRow);
		svg.append("<g id=\"graph\" transform=\"translate(0,").append(num(top)).append(")\">\n");
		groups(svg, graph, layout);
		edges(svg, graph, layout);
		nodes(svg, graph, layout);
		svg.append("</g>\n</svg>\n");
		return svg.toString();
	}

	/** Where the drawing starts below the legend, for a layout of that width and graph. */
	public static double top(DependencyGraph graph, Layout layout) {
		Set<String> families = new LinkedHashSet<>();
		graph.nodes().forEach((node) -> families.add(node.family()));
		int perRow = Math.max(1, (int) ((Math.max(layout.width(), 640) - 20) / 150));
		int rows = (legendEntries(families).size() + perRow - 1) / perRow + 1;
		return 34 + rows * LEGEND_ROW + 10;
	}

	private static void defs(StringBuilder svg, Set<String> families) {
		svg.append("<defs>\n<style type=\"text/css\"><![CDATA[\n")
			.append("text { font-family: ").append(Palette.FONT).append("; fill: #1A1A1A; }\n")
			.append(".name { font-size: 13px; font-weight: bold; }\n")
			.append(".small { font-size: 11px; }\n")
			.append(".edge-label { font-size: 10px; fill: #333333; }\n")
			.append(".group-name { font-size: 12px; font-weight: bold; fill: #333333; }\n")
			.append(".legend { font-size: 11px; }\n")
			.append("]]></style>\n");
		svg.append("<marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"8\" markerHeight=\"8\" orient=\"auto\">")
			.append("<path d=\"M0,0 L10,5 L0,10 z\" fill=\"#333333\"/></marker>\n");
		svg.append("<marker id=\"arrow-target\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"8\" markerHeight=\"8\" orient=\"auto\">")
			.append("<path d=\"M0,0 L10,5 L0,10 z\" fill=\"").append(Palette.ENTRY).append("\"/></marker>\n");
		svg.append("<marker id=\"arrow-cycle\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"8\" markerHeight=\"8\" orient=\"auto\">")
			.append("<path d=\"M0,0 L10,5 L0,10 z\" fill=\"").append(Palette.CYCLE).append("\"/></marker>\n");
		Set<String> icons = new LinkedHashSet<>();
		families.forEach((family) -> icons.add(Palette.icon(family)));
		for (String icon : icons) {
			svg.append("<symbol id=\"icon-").append(icon).append("\" viewBox=\"0 0 24 24\">")
				.append(Palette.ICONS.get(icon).replace('\'', '"')).append("</symbol>\n");
		}
		svg.append("</defs>\n");
	}

	private static List<String[]> legendEntries(Set<String> families) {
		List<String[]> entries = new ArrayList<>();
		families.stream().sorted().forEach((family) -> entries.add(new String[] { "family", family }));
		return entries;
	}

	private static void legend(StringBuilder svg, String title, List<String[]> entries, int perRow) {
		svg.append("<g id=\"legend\">\n");
		svg.append("<text x=\"20\" y=\"24\" class=\"name\" font-size=\"16\" font-weight=\"bold\">")
			.append(escape(TextMetrics.fit(title, 16, 900))).append("</text>\n");
		double y = 34;
		for (int i = 0; i < entries.size(); i++) {
			String family = entries.get(i)[1];
			double x = 20 + (i % perRow) * 150;
			double rowY = y + (i / perRow) * LEGEND_ROW;
			svg.append("<use xlink:href=\"#icon-").append(Palette.icon(family)).append("\" x=\"").append(num(x))
				.append("\" y=\"").append(num(rowY + 2)).append("\" width=\"18\" height=\"18\" fill=\"none\" stroke=\"")
				.append(Palette.colour(family)).append("\" stroke-width=\"2\"/>");
			svg.append("<text x=\"").append(num(x + 24)).append("\" y=\"").append(num(rowY + 16))
				.append("\" class=\"legend\" font-size=\"11\">").append(escape(TextMetrics.fit(family, 11, 120)))
				.append("</text>\n");
		}
		double rowY = y + ((entries.size() + perRow - 1) / perRow) * LEGEND_ROW;
		String[][] lines = { { "#333333", "none", "arrow", "depends on (protocol endpoint)" },
				{ Palette.ENTRY, "6 3", "arrow-target", "sends traffic to (load balancer target)" },
				{ Palette.CYCLE, "2 3", "arrow-cycle", "closes a cycle" } };
		double x = 20;
		for (String[] line : lines) {
			svg.append("<line x1=\"").append(num(x)).append("\" y1=\"").append(num(rowY + 11)).append("\" x2=\"")
				.append(num(x + 34)).append("\" y2=\"").append(num(rowY + 11)).append("\" stroke=\"").append(line[0])
				.append("\" stroke-width=\"1.5\"");
			if (!"none".equals(line[1])) {
				svg.append(" stroke-dasharray=\"").append(line[1]).append('"');
			}
			svg.append(" marker-end=\"url(#").append(line[2]).append(")\"/>");
			svg.append("<text x=\"").append(num(x + 40)).append("\" y=\"").append(num(rowY + 15))
				.append("\" class=\"legend\" font-size=\"11\">").append(line[3]).append("</text>\n");
			x += 60 + TextMetrics.width(line[3], 11);
		}
		svg.append("<text x=\"").append(num(x)).append("\" y=\"").append(num(rowY + 15))
			.append("\" class=\"legend\" font-size=\"11\">badge: critical level (applications that stop with it)</text>\n");
		svg.append("</g>\n");
	}

	private static void groups(StringBuilder svg, DependencyGraph graph, Layout layout) {
		for (Layout.GroupBox box : layout.groups()) {
			DependencyGraph.Group group = graph.groups().get(box.group());
			svg.append("<g class=\"group\" data-id=\"").append(escape(group.id())).append("\"><title>System ")
				.append(escape(group.name())).append("</title>");
			svg.append("<rect x=\"").append(num(box.x())).append("\" y=\"").append(num(box.y())).append("\" width=\"")
				.append(num(box.width())).append("\" height=\"").append(num(box.height()))
				.append("\" rx=\"8\" fill=\"#F2F2F2\" stroke=\"#999999\" stroke-width=\"1\" stroke-dasharray=\"5 3\"/>");
			svg.append("<text x=\"").append(num(box.x() + 8)).append("\" y=\"").append(num(box.y() + 16))
				.append("\" class=\"group-name\" font-size=\"12\" font-weight=\"bold\">")
				.append(escape(TextMetrics.fit(group.name(), 12, box.width() - 16))).append("</text></g>\n");
		}
	}

	private static void edges(StringBuilder svg, DependencyGraph graph, Layout layout) {
		LabelSpace space = new LabelSpace();
		for (Layout.Box box : layout.nodes()) {
			space.add(box.x(), box.y(), box.width(), box.height());
		}
		for (int e = 0; e < graph.edges().size(); e++) {
			DependencyGraph.Edge edge = graph.edges().get(e);
			Layout.Route route = layout.edges()[e];
			DependencyGraph.Node from = graph.nodes().get(edge.from());
			DependencyGraph.Node to = graph.nodes().get(edge.to());
			String colour = route.reversed() ? Palette.CYCLE : edge.isTarget() ? Palette.ENTRY : "#333333";
			String marker = route.reversed() ? "arrow-cycle" : edge.isTarget() ? "arrow-target" : "arrow";
			svg.append("<g class=\"edge").append(route.reversed() ? " cycle" : "").append("\" data-from=\"")
				.append(escape(from.id())).append("\" data-to=\"").append(escape(to.id())).append("\"><title>")
				.append(escape(from.name())).append(edge.isTarget() ? " sends traffic to " : " depends on ")
				.append(escape(to.name()));
			if (!edge.label().isEmpty()) {
				svg.append(" (").append(escape(edge.label())).append(')');
			}
			svg.append("</title><polyline fill=\"none\" stroke=\"").append(colour).append("\" stroke-width=\"1.3\"");
			if (route.reversed()) {
				svg.append(" stroke-dasharray=\"2 3\"");
			}
			else if (edge.isTarget()) {
				svg.append(" stroke-dasharray=\"6 3\"");
			}
			svg.append(" marker-end=\"url(#").append(marker).append(")\" points=\"");
			double[] p = route.points();
			for (int i = 0; i < p.length; i += 2) {
				if (i > 0) {
					svg.append(' ');
				}
				svg.append(num(p[i])).append(',').append(num(p[i + 1]));
			}
			svg.append("\"/>");
			if (!edge.label().isEmpty()) {
				label(svg, space, edge.label(), p, layout);
			}
			svg.append("</g>\n");
		}
	}

	/**
	 * An edge's label goes on its first segment, at the first of a few spots where it overlaps
	 * no node and no other label; when there is none it is left to the edge's tooltip.
	 */
	private static void label(StringBuilder svg, LabelSpace space, String text, double[] p, Layout layout) {
		double x0 = p[0];
		double y0 = p[1];
		double x1 = p[2];
		double y1 = p[3];
		boolean horizontal = Math.abs(x1 - x0) >= Math.abs(y1 - y0);
		double room = horizontal ? Math.abs(x1 - x0) - 16 : 200;
		String fitted = TextMetrics.fit(text, EDGE_LABEL_SIZE, room);
		if (fitted.isEmpty()) {
			return;
		}
		double w = TextMetrics.width(fitted, EDGE_LABEL_SIZE);
		double h = EDGE_LABEL_SIZE + 3;
		for (double t : new double[] { 0.5, 0.3, 0.7, 0.4, 0.6 }) {
			double cx = x0 + (x1 - x0) * t;
			double cy = y0 + (y1 - y0) * t;
			double lx = cx - w / 2;
			double ly = cy - h - 1;
			if (space.free(lx, ly, w, h)) {
				space.add(lx, ly, w, h);
				svg.append("<text class=\"edge-label\" font-size=\"10\" x=\"").append(num(lx)).append("\" y=\"")
					.append(num(ly + h - 3)).append("\">").append(escape(fitted)).append("</text>");
				return;
			}
		}
	}

	private static void nodes(StringBuilder svg, DependencyGraph graph, Layout layout) {
		for (int i = 0; i < graph.nodes().size(); i++) {
			DependencyGraph.Node node = graph.nodes().get(i);
			Layout.Box box = layout.nodes()[i];
			String colour = Palette.colour(node.family());
			svg.append("<g class=\"node\" id=\"node-").append(i).append("\" data-id=\"").append(escape(node.id()))
				.append("\" data-name=\"").append(escape(node.name())).append("\" data-family=\"")
				.append(escape(node.family())).append("\" data-critical=\"").append(node.criticalLevel()).append("\">");
			svg.append("<title>").append(escape(tooltip(node))).append("</title>");
			svg.append("<rect class=\"box\" x=\"").append(num(box.x())).append("\" y=\"").append(num(box.y()))
				.append("\" width=\"").append(num(box.width())).append("\" height=\"").append(num(box.height()))
				.append("\" rx=\"6\" fill=\"#FFFFFF\" stroke=\"").append(colour).append("\" stroke-width=\"2\"/>");
			svg.append("<use xlink:href=\"#icon-").append(Palette.icon(node.family())).append("\" x=\"")
				.append(num(box.x() + 8)).append("\" y=\"").append(num(box.y() + 8))
				.append("\" width=\"24\" height=\"24\" fill=\"none\" stroke=\"").append(colour)
				.append("\" stroke-width=\"1.8\"/>");
			double textX = box.x() + 40;
			double badge = (node.criticalLevel() > 0) ? 30 : 0;
			double room = box.width() - 48;
			text(svg, "label name", NAME_SIZE, textX, box.y() + 20, TextMetrics.fit(node.name(), NAME_SIZE, room - badge));
			String kind = node.family() + (node.environment().isEmpty() ? "" : " · " + node.environment());
			text(svg, "label small", SMALL_SIZE, textX, box.y() + 37, TextMetrics.fit(kind, SMALL_SIZE, room));
			int servers = node.servers().size();
			String details = servers + (servers == 1 ? " server" : " servers") + " · critical " + node.criticalLevel();
			text(svg, "label small", SMALL_SIZE, textX, box.y() + 54, TextMetrics.fit(details, SMALL_SIZE, room));
			if (badge > 0) {
				String level = (node.criticalLevel() > 999) ? "999+" : Integer.toString(node.criticalLevel());
				double bx = box.x() + box.width() - 30;
				svg.append("<rect class=\"critical\" x=\"").append(num(bx)).append("\" y=\"").append(num(box.y() + 6))
					.append("\" width=\"24\" height=\"16\" rx=\"8\" fill=\"").append(Palette.criticalFill(node.criticalLevel()))
					.append("\" stroke=\"#1A1A1A\" stroke-width=\"0.8\"/>");
				svg.append("<text x=\"").append(num(bx + 12)).append("\" y=\"").append(num(box.y() + 18))
					.append("\" font-size=\"").append(level.length() > 2 ? 8 : 10)
					.append("\" text-anchor=\"middle\" font-weight=\"bold\">").append(level).append("</text>");
			}
			svg.append("</g>\n");
		}
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

	private static void text(StringBuilder svg, String cssClass, double size, double x, double y, String text) {
		svg.append("<text class=\"").append(cssClass).append("\" font-size=\"").append(num(size)).append("\" x=\"")
			.append(num(x)).append("\" y=\"").append(num(y)).append("\">").append(escape(text)).append("</text>");
	}

	static String num(double value) {
		long rounded = Math.round(value * 10);
		return (rounded % 10 == 0) ? Long.toString(rounded / 10) : String.format(Locale.ROOT, "%.1f", rounded / 10.0);
	}

	static String escape(String text) {
		StringBuilder out = new StringBuilder(text.length() + 8);
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			switch (c) {
				case '<' -> out.append("&lt;");
				case '>' -> out.append("&gt;");
				case '&' -> out.append("&amp;");
				case '"' -> out.append("&quot;");
				case '\'' -> out.append("&#39;");
				default -> {
					// Characters XML 1.0 does not allow would make the document invalid.
					if (c >= 0x20 || c == '\n' || c == '\t' || c == '\r') {
						out.append(c);
					}
				}
			}
		}
		return out.toString();
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
