package dev.maestro.analytics.worker.layout;

import java.util.List;

/**
 * Where everything of a graph is drawn, in pixels from the top-left corner.
 *
 * @param nodes one box per node of the graph, by node index
 * @param edges one route per edge of the graph, by edge index
 * @param groups one box per system that has nodes in the drawing
 * @param crossings edge crossings of the drawing (counted between adjacent layers)
 * @param layers how many layers the drawing has
 */
public record Layout(double width, double height, Box[] nodes, Route[] edges, List<GroupBox> groups, int crossings,
		int layers, LayeredLayout.Direction direction) {

	public record Box(double x, double y, double width, double height) {

		public boolean overlaps(Box other) {
			return this.x < other.x + other.width && other.x < this.x + this.width && this.y < other.y + other.height
					&& other.y < this.y + this.height;
		}

	}

	/**
	 * A polyline from the edge's source to its target.
	 *
	 * @param points x0, y0, x1, y1, … — the last point is where the arrow head goes
	 * @param reversed whether the edge runs against the layering (it closes a cycle)
	 */
	public record Route(double[] points, boolean reversed) {
	}

	/** A system drawn as a box around its applications; its name goes in the top-left corner. */
	public record GroupBox(int group, double x, double y, double width, double height) {
	}

}
