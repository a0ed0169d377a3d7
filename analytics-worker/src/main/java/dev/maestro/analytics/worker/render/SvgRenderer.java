package dev.maestro.analytics.worker.render;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.maestro.analytics.worker.graph.DependencyGraph;
import dev.maestro.analytics.worker.layout.Layout;

/**
 * Writes a {@link Drawing} as one standalone SVG 1.1 document: no external references (icons are
 * inline symbols, arrow heads markers), every style a presentation attribute (so that nothing in
 * the SVG differs from what {@link PngRenderer} paints from the same drawing), fonts declared as
 * a family list every system has one of, and a {@code <title>} on nodes, edges and systems that
 * viewers show on hover. Elements keep the classes and ids the HTML viewer and tests look for
 * ({@code g.node}, {@code rect.box}, {@code g.edge}, {@code data-*}).
 */
public final class SvgRenderer {

	private SvgRenderer() {
	}

	/** The SVG document of a map, XML declaration included. */
	public static String render(DependencyGraph graph, Layout layout, String title) {
		return render(Drawing.of(graph, layout, title));
	}

	/** The SVG document of a drawing, XML declaration included. */
	public static String render(Drawing drawing) {
		int shapes = count(drawing.shapes());
		StringBuilder svg = new StringBuilder(4096 + shapes * 160);
		svg.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
		svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" version=\"1.1\"")
			.append(" width=\"").append(num(drawing.width())).append("\" height=\"").append(num(drawing.height()))
			.append("\" viewBox=\"0 0 ").append(num(drawing.width())).append(' ').append(num(drawing.height()))
			.append("\" font-family=\"").append(Palette.FONT).append("\">\n");
		svg.append("<title>").append(escape(drawing.title())).append("</title>\n");
		svg.append("<desc>").append(escape(drawing.description())).append("</desc>\n");
		Set<String> arrows = new LinkedHashSet<>();
		Set<String> icons = new LinkedHashSet<>();
		collect(drawing.shapes(), arrows, icons);
		defs(svg, arrows, icons);
		for (Drawing.Shape shape : drawing.shapes()) {
			shape(svg, shape);
			svg.append('\n');
		}
		svg.append("</svg>\n");
		return svg.toString();
	}

	private static int count(List<Drawing.Shape> shapes) {
		int count = 0;
		for (Drawing.Shape shape : shapes) {
			count += (shape instanceof Drawing.Group group) ? count(group.shapes()) + 1 : 1;
		}
		return count;
	}

	/** Colours of the arrow heads and the icons the drawing uses, in drawing order. */
	private static void collect(List<Drawing.Shape> shapes, Set<String> arrows, Set<String> icons) {
		for (Drawing.Shape shape : shapes) {
			if (shape instanceof Drawing.Line line && line.arrow()) {
				arrows.add(line.stroke());
			}
			else if (shape instanceof Drawing.Icon icon) {
				icons.add(icon.icon());
			}
			else if (shape instanceof Drawing.Group group) {
				collect(group.shapes(), arrows, icons);
			}
		}
	}

	/**
	 * An arrow head is a marker sized in stroke widths (8 long, the tip on the line's end), one
	 * per colour; an icon is a symbol of {@link Palette#ICONS}.
	 */
	private static void defs(StringBuilder svg, Set<String> arrows, Set<String> icons) {
		svg.append("<defs>\n");
		for (String colour : arrows) {
			svg.append("<marker id=\"").append(markerId(colour))
				.append("\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"8\" markerHeight=\"8\" orient=\"auto\">")
				.append("<path d=\"M0,0 L10,5 L0,10 z\" fill=\"").append(colour).append("\"/></marker>\n");
		}
		for (String icon : icons) {
			svg.append("<symbol id=\"icon-").append(icon).append("\" viewBox=\"0 0 24 24\">")
				.append(Palette.ICONS.get(icon).replace('\'', '"')).append("</symbol>\n");
		}
		svg.append("</defs>\n");
	}

	private static String markerId(String colour) {
		return "arrow-" + colour.substring(1);
	}

	private static void shape(StringBuilder svg, Drawing.Shape shape) {
		if (shape instanceof Drawing.Rect rect) {
			rect(svg, rect);
		}
		else if (shape instanceof Drawing.Line line) {
			line(svg, line);
		}
		else if (shape instanceof Drawing.Text text) {
			text(svg, text);
		}
		else if (shape instanceof Drawing.Icon icon) {
			svg.append("<use xlink:href=\"#icon-").append(icon.icon()).append("\" x=\"").append(num(icon.x()))
				.append("\" y=\"").append(num(icon.y())).append("\" width=\"").append(num(icon.size()))
				.append("\" height=\"").append(num(icon.size())).append("\" fill=\"none\" stroke=\"")
				.append(icon.stroke()).append("\" stroke-width=\"").append(num(icon.strokeWidth())).append("\"/>");
		}
		else if (shape instanceof Drawing.Group group) {
			group(svg, group);
		}
	}

	private static void group(StringBuilder svg, Drawing.Group group) {
		svg.append("<g");
		for (Map.Entry<String, String> attribute : group.attributes().entrySet()) {
			svg.append(' ').append(attribute.getKey()).append("=\"").append(escape(attribute.getValue())).append('"');
		}
		if (group.dy() != 0) {
			svg.append(" transform=\"translate(0,").append(num(group.dy())).append(")\"");
		}
		svg.append('>');
		if (group.title() != null) {
			svg.append("<title>").append(escape(group.title())).append("</title>");
		}
		for (Drawing.Shape shape : group.shapes()) {
			shape(svg, shape);
			if (shape instanceof Drawing.Group) {
				svg.append('\n');
			}
		}
		svg.append("</g>");
	}

	private static void rect(StringBuilder svg, Drawing.Rect rect) {
		svg.append("<rect");
		cssClass(svg, rect.cssClass());
		svg.append(" x=\"").append(num(rect.x())).append("\" y=\"").append(num(rect.y())).append("\" width=\"")
			.append(num(rect.width())).append("\" height=\"").append(num(rect.height())).append('"');
		if (rect.radius() > 0) {
			svg.append(" rx=\"").append(num(rect.radius())).append('"');
		}
		svg.append(" fill=\"").append((rect.fill() != null) ? rect.fill() : "none").append('"');
		stroke(svg, rect.stroke(), rect.strokeWidth(), rect.dash());
		svg.append("/>");
	}

	private static void line(StringBuilder svg, Drawing.Line line) {
		svg.append("<polyline fill=\"none\"");
		stroke(svg, line.stroke(), line.strokeWidth(), line.dash());
		if (line.arrow()) {
			svg.append(" marker-end=\"url(#").append(markerId(line.stroke())).append(")\"");
		}
		svg.append(" points=\"");
		double[] p = line.points();
		for (int i = 0; i < p.length; i += 2) {
			if (i > 0) {
				svg.append(' ');
			}
			svg.append(num(p[i])).append(',').append(num(p[i + 1]));
		}
		svg.append("\"/>");
	}

	private static void stroke(StringBuilder svg, String colour, double width, float[] dash) {
		if (colour == null) {
			return;
		}
		svg.append(" stroke=\"").append(colour).append("\" stroke-width=\"").append(num(width)).append('"');
		if (dash != null) {
			svg.append(" stroke-dasharray=\"");
			for (int i = 0; i < dash.length; i++) {
				svg.append((i > 0) ? " " : "").append(num(dash[i]));
			}
			svg.append('"');
		}
	}

	private static void text(StringBuilder svg, Drawing.Text text) {
		svg.append("<text");
		cssClass(svg, text.cssClass());
		svg.append(" x=\"").append(num(text.x())).append("\" y=\"").append(num(text.y())).append("\" font-size=\"")
			.append(num(text.size())).append('"');
		if (text.bold()) {
			svg.append(" font-weight=\"bold\"");
		}
		if (text.centred()) {
			svg.append(" text-anchor=\"middle\"");
		}
		svg.append(" fill=\"").append(text.fill()).append("\">").append(escape(text.text())).append("</text>");
	}

	private static void cssClass(StringBuilder svg, String cssClass) {
		if (cssClass != null) {
			svg.append(" class=\"").append(cssClass).append('"');
		}
	}

	/** A number to one decimal, without a trailing ".0" (not String.format: thousands per map). */
	static String num(double value) {
		long rounded = Math.round(value * 10);
		if (rounded % 10 == 0) {
			return Long.toString(rounded / 10);
		}
		long abs = Math.abs(rounded);
		return ((rounded < 0) ? "-" : "") + (abs / 10) + "." + (abs % 10);
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

}
