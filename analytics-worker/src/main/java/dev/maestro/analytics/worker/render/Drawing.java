package dev.maestro.analytics.worker.render;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.maestro.analytics.worker.graph.DependencyGraph;
import dev.maestro.analytics.worker.layout.Layout;

/**
 * A map as recorded shapes in drawing coordinates (SVG user units, origin top-left), in painting
 * order: {@link SvgRenderer} writes them as SVG elements and {@link PngRenderer} paints them with
 * Java2D, so the SVG and the PNG always show the same thing. Colours are {@code #RRGGBB}; a
 * {@code null} fill, stroke or dash pattern means none.
 */
public final class Drawing {

	private final String title;

	private final String description;

	private final double width;

	private final double height;

	private final List<Shape> shapes;

	Drawing(String title, String description, double width, double height, List<Shape> shapes) {
		this.title = title;
		this.description = description;
		this.width = width;
		this.height = height;
		this.shapes = List.copyOf(shapes);
	}

	/** What a dependency map shows: legend, systems, edges with their labels, nodes. */
	public static Drawing of(DependencyGraph graph, Layout layout, String title) {
		return MapDrawing.draw(graph, layout, title);
	}

	public double width() {
		return this.width;
	}

	public double height() {
		return this.height;
	}

	String title() {
		return this.title;
	}

	String description() {
		return this.description;
	}

	List<Shape> shapes() {
		return this.shapes;
	}

	sealed interface Shape permits Rect, Line, Text, Icon, Group {
	}

	/** A rectangle, with rounded corners when {@code radius} is positive. */
	record Rect(String cssClass, double x, double y, double width, double height, double radius, String fill,
			String stroke, double strokeWidth, float[] dash) implements Shape {
	}

	/**
	 * A polyline ({@code x0, y0, x1, y1, …}); with {@code arrow}, an arrow head in the line's colour
	 * (8 stroke widths long) has its tip on the last point.
	 */
	record Line(double[] points, String stroke, double strokeWidth, float[] dash, boolean arrow) implements Shape {
	}

	/** Text; (x, y) is the start of its baseline, or its middle when {@code centred}. */
	record Text(String cssClass, double x, double y, String text, double size, boolean bold, String fill,
			boolean centred) implements Shape {
	}

	/** A family's icon ({@link Palette#ICONS}, 24 × 24) stroked in a colour, scaled to {@code size}. */
	record Icon(String icon, double x, double y, double size, String stroke, double strokeWidth) implements Shape {
	}

	/**
	 * Shapes drawn together, moved down by {@code dy}; its attributes (id, class, data-*) and hover
	 * title ({@code null} for none) only matter to the SVG.
	 */
	record Group(Map<String, String> attributes, String title, double dy, List<Shape> shapes) implements Shape {

		Group {
			attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
			shapes = List.copyOf(shapes);
		}

	}

}
