package dev.maestro.analytics.worker.render;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import dev.maestro.analytics.worker.SampleExports;
import dev.maestro.analytics.worker.graph.DependencyGraph;
import dev.maestro.analytics.worker.layout.LayeredLayout;
import dev.maestro.analytics.worker.layout.Layout;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Percentage.withPercentage;

/** The PNG: painted from the same drawing as the SVG, at the right size, with nodes where the layout puts them. */
class RasterRenderingTests {

	private static final long BUDGET = 64_000_000L;

	@Test
	void pngDecodesAtOneAndTwiceTheSvgSize() throws Exception {
		GraphRendering rendering = GraphRendering.of(shop(), LayeredLayout.Direction.LEFT_TO_RIGHT, "Shop", BUDGET);
		Element root = RenderingStructureTests.parse(rendering.svg()).getDocumentElement();
		double width = Double.parseDouble(root.getAttribute("width"));
		double height = Double.parseDouble(root.getAttribute("height"));
		BufferedImage png = decode(rendering.png());
		BufferedImage png2x = decode(rendering.png2x());
		assertThat(png.getWidth()).isEqualTo((int) Math.round(width));
		assertThat(png.getHeight()).isEqualTo((int) Math.round(height));
		assertThat(png2x.getWidth()).isEqualTo((int) Math.round(width * 2));
		assertThat(png2x.getHeight()).isEqualTo((int) Math.round(height * 2));
	}

	@Test
	void aMapOverThePixelBudgetIsScaledDownWhole() throws Exception {
		DependencyGraph graph = DependencyGraph.fromExport(SampleExports.random(300, 7));
		Drawing drawing = Drawing.of(graph, layout(graph), "Random");
		long budget = 2_000_000L;
		assertThat(drawing.width() * drawing.height()).isGreaterThan(budget);
		for (double scale : new double[] { 1, 2 }) {
			BufferedImage png = decode(PngRenderer.render(drawing, scale, budget));
			assertThat((long) png.getWidth() * png.getHeight()).isLessThanOrEqualTo(budget)
				.isGreaterThan(budget * 99 / 100);
			assertThat((double) png.getWidth() / png.getHeight())
				.isCloseTo(drawing.width() / drawing.height(), withPercentage(1));
		}
	}

	@Test
	void nodeBoxesArePaintedWhereTheLayoutPutsThem() throws Exception {
		DependencyGraph graph = shop();
		Layout layout = layout(graph);
		Drawing drawing = Drawing.of(graph, layout, "Shop");
		double top = drawing.height() - layout.height();
		for (double scale : new double[] { 1, 2 }) {
			BufferedImage png = decode(PngRenderer.render(drawing, scale, BUDGET));
			for (int i = 0; i < graph.nodes().size(); i++) {
				Layout.Box box = layout.nodes()[i];
				Color family = Color.decode(Palette.colour(graph.nodes().get(i).family()));
				// The left border, below where edges arrive (the middle of the side).
				Color border = pixel(png, scale, box.x() + 0.5, top + box.y() + box.height() * 0.8);
				assertThat(distance(border, family)).as("border of node %d", i).isLessThan(60);
				// Inside, below the text and left of the badge: the node's white fill.
				Color inside = pixel(png, scale, box.x() + box.width() - 8, top + box.y() + box.height() - 6);
				assertThat(inside).as("inside node %d", i).isEqualTo(Color.WHITE);
			}
			// Inside a system's box, away from its applications: the system's grey.
			for (Layout.GroupBox group : layout.groups()) {
				Color fill = pixel(png, scale, group.x() + 5, top + group.y() + group.height() - 5);
				assertThat(fill).as("inside system %d", group.group()).isEqualTo(new Color(0xF2F2F2));
			}
			assertThat(pixel(png, scale, drawing.width() - 3, 3)).as("background").isEqualTo(Color.WHITE);
		}
	}

	@Test
	void theSvgAndThePngArePaintedFromTheSameDrawing() throws Exception {
		DependencyGraph graph = shop();
		Layout layout = layout(graph);
		Drawing drawing = Drawing.of(graph, layout, "Shop");
		List<Drawing.Group> nodes = nodeGroups(drawing.shapes());
		assertThat(nodes).hasSize(graph.nodes().size());
		Document svg = RenderingStructureTests.parse(SvgRenderer.render(drawing));
		List<Element> svgNodes = RenderingStructureTests.elements(svg, "g", "node");
		assertThat(svgNodes).hasSize(graph.nodes().size());
		for (int i = 0; i < nodes.size(); i++) {
			Drawing.Rect box = (Drawing.Rect) nodes.get(i).shapes().get(0);
			Element rect = (Element) svgNodes.get(i).getElementsByTagName("rect").item(0);
			assertThat(rect.getAttribute("x")).isEqualTo(SvgRenderer.num(box.x()));
			assertThat(rect.getAttribute("y")).isEqualTo(SvgRenderer.num(box.y()));
			assertThat(box.x()).isEqualTo(layout.nodes()[i].x());
		}
		// What the worker stores comes from one drawing: the same bytes as painting it again.
		GraphRendering rendering = GraphRendering.of(graph, LayeredLayout.Direction.LEFT_TO_RIGHT, "Shop", BUDGET);
		assertThat(rendering.svg()).isEqualTo(SvgRenderer.render(drawing));
		assertThat(rendering.png()).isEqualTo(PngRenderer.render(drawing, 1, BUDGET));
		assertThat(rendering.png2x()).isEqualTo(PngRenderer.render(drawing, 2, BUDGET));
	}

	@Test
	void anEmptyMapAndASingleApplicationAreDrawn() throws Exception {
		Map<String, Object> empty = Map.of("applications", List.of(), "edges", List.of(), "servers", List.of(),
				"systems", List.of());
		Map<String, Object> single = Map.of("applications",
				List.of(Map.of("id", "a", "name", "Lonely", "family", "Cache", "systemIds", List.of())), "edges",
				List.of(), "servers", List.of(), "systems", List.of());
		for (Map<String, Object> export : List.of(empty, single)) {
			DependencyGraph graph = DependencyGraph.fromExport(export);
			GraphRendering rendering = GraphRendering.of(graph, LayeredLayout.Direction.TOP_TO_BOTTOM, "Small", BUDGET);
			Document svg = RenderingStructureTests.parse(rendering.svg());
			assertThat(RenderingStructureTests.elements(svg, "g", "node")).hasSize(graph.nodes().size());
			BufferedImage png = decode(rendering.png());
			assertThat(png.getWidth()).isEqualTo(640);
			assertThat(decode(rendering.png2x()).getWidth()).isEqualTo(1280);
			assertThat(rendering.layout().crossings()).isZero();
		}
	}

	private static DependencyGraph shop() {
		return DependencyGraph.fromExport(SampleExports.shop());
	}

	private static Layout layout(DependencyGraph graph) {
		return LayeredLayout.layout(graph, LayeredLayout.Options.defaults(LayeredLayout.Direction.LEFT_TO_RIGHT));
	}

	private static List<Drawing.Group> nodeGroups(List<Drawing.Shape> shapes) {
		return shapes.stream()
			.filter(Drawing.Group.class::isInstance)
			.map(Drawing.Group.class::cast)
			.flatMap((group) -> "node".equals(group.attributes().get("class")) ? Stream.of(group)
					: nodeGroups(group.shapes()).stream())
			.toList();
	}

	private static BufferedImage decode(byte[] png) throws IOException {
		BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
		assertThat(image).as("a PNG ImageIO reads").isNotNull();
		return image;
	}

	private static Color pixel(BufferedImage png, double scale, double x, double y) {
		return new Color(png.getRGB((int) Math.floor(x * scale), (int) Math.floor(y * scale)));
	}

	private static int distance(Color a, Color b) {
		return Math.abs(a.getRed() - b.getRed()) + Math.abs(a.getGreen() - b.getGreen())
				+ Math.abs(a.getBlue() - b.getBlue());
	}

}
