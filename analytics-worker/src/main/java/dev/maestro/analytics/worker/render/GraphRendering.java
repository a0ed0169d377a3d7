package dev.maestro.analytics.worker.render;

import java.nio.charset.StandardCharsets;

import dev.maestro.analytics.worker.graph.DependencyGraph;
import dev.maestro.analytics.worker.graph.GraphStats;
import dev.maestro.analytics.worker.layout.LayeredLayout;
import dev.maestro.analytics.worker.layout.Layout;

/**
 * Everything a graph job produces: the layout, the SVG, PNG at 1× and 2×, the HTML viewer and
 * the stats. {@link #of} is CPU work only; callers run it off the event loop.
 */
public record GraphRendering(Layout layout, String svg, byte[] png, byte[] png2x, String html, GraphStats stats) {

	public static GraphRendering of(DependencyGraph graph, LayeredLayout.Direction direction, String title,
			long maxPngPixels) {
		Layout layout = LayeredLayout.layout(graph, LayeredLayout.Options.defaults(direction));
		// One drawing for every format, so that the SVG and the PNGs show the same thing.
		Drawing drawing = Drawing.of(graph, layout, title);
		String svg = SvgRenderer.render(drawing);
		byte[] png = PngRenderer.render(drawing, 1, maxPngPixels);
		byte[] png2x = PngRenderer.render(drawing, 2, maxPngPixels);
		return new GraphRendering(layout, svg, png, png2x, HtmlViewer.render(graph, svg, title), graph.stats());
	}

	public byte[] svgBytes() {
		return this.svg.getBytes(StandardCharsets.UTF_8);
	}

	public byte[] htmlBytes() {
		return this.html.getBytes(StandardCharsets.UTF_8);
	}

}
