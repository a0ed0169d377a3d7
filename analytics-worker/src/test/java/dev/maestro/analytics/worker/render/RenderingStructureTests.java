package dev.maestro.analytics.worker.render;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.xml.parsers.DocumentBuilderFactory;

import dev.maestro.analytics.worker.SampleExports;
import dev.maestro.analytics.worker.graph.DependencyGraph;
import dev.maestro.analytics.worker.layout.LayeredLayout;
import dev.maestro.analytics.worker.layout.Layout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The drawing's structure: every node and edge there, nothing overlapping, text inside its box. */
class RenderingStructureTests {

	@ParameterizedTest
	@EnumSource(LayeredLayout.Direction.class)
	void theShopIsDrawnCompletelyWithoutOverlaps(LayeredLayout.Direction direction) throws Exception {
		DependencyGraph graph = DependencyGraph.fromExport(SampleExports.shop());
		GraphRendering rendering = GraphRendering.of(graph, direction, "Shop", 64_000_000L);
		Document svg = parse(rendering.svg());

		List<Element> nodes = elements(svg, "g", "node");
		assertThat(nodes).hasSize(10);
		assertEveryEdgeDrawn(svg, graph);
		assertNoOverlapsAndTextInside(nodes);
		Element orders = nodes.stream().filter((g) -> g.getAttribute("data-id").equals("orders")).findFirst().orElseThrow();
		String title = orders.getElementsByTagName("title").item(0).getTextContent();
		assertThat(title).contains("app.example.net", "Linux Debian 12", "aws/eu-west-1/eu-west-1a");
		assertThat(elements(svg, "g", "group")).hasSize(2);
		assertThat(elements(svg, "g", "edge cycle")).as("one edge of the orders–billing cycle runs backwards").hasSize(1);
		assertThat(rendering.svg()).contains("id=\"legend\"", "<symbol id=\"icon-Database\"", "font-family=");
		assertThat(rendering.svg()).doesNotContain("http://www.w3.org/1999/xlink\" xlink:href=\"http");
	}

	@Test
	void entryPointsComeFirstAndStorageLast() {
		DependencyGraph graph = DependencyGraph.fromExport(SampleExports.shop());
		Layout layout = LayeredLayout.layout(graph, LayeredLayout.Options.defaults(LayeredLayout.Direction.LEFT_TO_RIGHT));
		double cdn = layout.nodes()[index(graph, "cdn")].x();
		double db = layout.nodes()[index(graph, "db")].x();
		double cache = layout.nodes()[index(graph, "cache")].x();
		for (Layout.Box box : layout.nodes()) {
			assertThat(box.x()).isGreaterThanOrEqualTo(cdn);
			assertThat(box.x()).isLessThanOrEqualTo(db);
		}
		assertThat(cache).isEqualTo(db);
	}

	@Test
	void criticalLevelsCountWhatStopsAndRespectLoadBalancerRedundancy() {
		DependencyGraph graph = DependencyGraph.fromExport(SampleExports.shop());
		// web1 is one of two healthy targets of the load balancer: nothing stops with it.
		assertThat(graph.nodes().get(index(graph, "web1")).criticalLevel()).isZero();
		// orders takes both frontends, hence the balancer, the gateway, the CDN, and billing.
		assertThat(graph.nodes().get(index(graph, "orders")).criticalLevel()).isEqualTo(6);
		assertThat(graph.nodes().get(index(graph, "db")).criticalLevel()).isEqualTo(7);
		assertThat(graph.stats().families()).containsEntry("Application", 4).containsEntry("Database", 1);
		assertThat(graph.stats().servers()).isEqualTo(7);
	}

	@Test
	void theHtmlViewerHoldsTheSvgAndItsTools() {
		DependencyGraph graph = DependencyGraph.fromExport(SampleExports.shop());
		GraphRendering rendering = GraphRendering.of(graph, LayeredLayout.Direction.LEFT_TO_RIGHT, "Shop </script>",
				64_000_000L);
		assertThat(rendering.html()).startsWith("<!DOCTYPE html>")
			.contains("<svg ", "id=\"search\"", "id=\"zoom-in\"", "id=\"details\"", "addEventListener('wheel'")
			.doesNotContain("<?xml", "src=\"http", "href=\"http");
		assertThat(rendering.html().split("</script>", -1)).hasSize(3);
	}

	@ParameterizedTest
	@EnumSource(LayeredLayout.Direction.class)
	void aLargeGraphWithCyclesAndSystemsHasNoOverlaps(LayeredLayout.Direction direction) throws Exception {
		DependencyGraph graph = DependencyGraph.fromExport(SampleExports.random(300, 7));
		Layout layout = LayeredLayout.layout(graph, LayeredLayout.Options.defaults(direction));
		Layout.Box[] boxes = layout.nodes();
		for (int i = 0; i < boxes.length; i++) {
			for (int j = i + 1; j < boxes.length; j++) {
				assertThat(boxes[i].overlaps(boxes[j])).as("nodes %d and %d overlap", i, j).isFalse();
			}
		}
		for (Layout.GroupBox a : layout.groups()) {
			for (Layout.GroupBox b : layout.groups()) {
				if (a != b) {
					assertThat(new Layout.Box(a.x(), a.y(), a.width(), a.height())
						.overlaps(new Layout.Box(b.x(), b.y(), b.width(), b.height()))).isFalse();
				}
			}
		}
		for (int i = 0; i < boxes.length; i++) {
			int group = graph.nodes().get(i).group();
			if (group >= 0) {
				Layout.GroupBox box = layout.groups().stream().filter((g) -> g.group() == group).findFirst().orElseThrow();
				assertThat(boxes[i].x()).isGreaterThanOrEqualTo(box.x());
				assertThat(boxes[i].x() + boxes[i].width()).isLessThanOrEqualTo(box.x() + box.width());
				assertThat(boxes[i].y()).isGreaterThanOrEqualTo(box.y());
				assertThat(boxes[i].y() + boxes[i].height()).isLessThanOrEqualTo(box.y() + box.height());
			}
		}
		// A system's box holds its own applications only.
		for (Layout.GroupBox group : layout.groups()) {
			Layout.Box area = new Layout.Box(group.x(), group.y(), group.width(), group.height());
			for (int i = 0; i < boxes.length; i++) {
				if (graph.nodes().get(i).group() != group.group()) {
					assertThat(boxes[i].overlaps(area)).as("node %d inside system box %d", i, group.group()).isFalse();
				}
			}
		}
		String svg = SvgRenderer.render(graph, layout, "Random");
		Document document = parse(svg);
		assertThat(elements(document, "g", "node")).hasSize(300);
		assertEveryEdgeDrawn(document, graph);
		for (int e = 0; e < graph.edges().size(); e++) {
			double[] p = layout.edges()[e].points();
			Layout.Box from = boxes[graph.edges().get(e).from()];
			Layout.Box to = boxes[graph.edges().get(e).to()];
			assertThat(onBorder(from, p[0], p[1])).as("edge %d starts on its source", e).isTrue();
			assertThat(onBorder(to, p[p.length - 2], p[p.length - 1])).as("edge %d ends on its target", e).isTrue();
		}
	}

	private static boolean onBorder(Layout.Box box, double x, double y) {
		return x >= box.x() - 0.01 && x <= box.x() + box.width() + 0.01 && y >= box.y() - 0.01
				&& y <= box.y() + box.height() + 0.01;
	}

	private static void assertEveryEdgeDrawn(Document svg, DependencyGraph graph) {
		Map<String, Integer> drawn = new HashMap<>();
		for (Element edge : elements(svg, "g", "edge")) {
			drawn.merge(edge.getAttribute("data-from") + ">" + edge.getAttribute("data-to"), 1, Integer::sum);
			assertThat(edge.getElementsByTagName("polyline").getLength()).isEqualTo(1);
		}
		for (Element edge : elements(svg, "g", "edge cycle")) {
			drawn.merge(edge.getAttribute("data-from") + ">" + edge.getAttribute("data-to"), 1, Integer::sum);
		}
		Map<String, Integer> expected = new HashMap<>();
		for (DependencyGraph.Edge edge : graph.edges()) {
			expected.merge(graph.nodes().get(edge.from()).id() + ">" + graph.nodes().get(edge.to()).id(), 1,
					Integer::sum);
		}
		assertThat(drawn).isEqualTo(expected);
	}

	private static void assertNoOverlapsAndTextInside(List<Element> nodes) {
		List<double[]> boxes = new ArrayList<>();
		for (Element node : nodes) {
			Element rect = (Element) node.getElementsByTagName("rect").item(0);
			double[] box = { d(rect, "x"), d(rect, "y"), d(rect, "width"), d(rect, "height") };
			for (double[] other : boxes) {
				boolean overlap = box[0] < other[0] + other[2] && other[0] < box[0] + box[2] && box[1] < other[1] + other[3]
						&& other[1] < box[1] + box[3];
				assertThat(overlap).as("node boxes overlap").isFalse();
			}
			boxes.add(box);
			NodeList texts = node.getElementsByTagName("text");
			int labels = 0;
			for (int i = 0; i < texts.getLength(); i++) {
				Element text = (Element) texts.item(i);
				if (!text.getAttribute("class").startsWith("label")) {
					continue;
				}
				labels++;
				double x = d(text, "x");
				double y = d(text, "y");
				double size = d(text, "font-size");
				assertThat(x).isGreaterThanOrEqualTo(box[0]);
				assertThat(x + TextMetrics.width(text.getTextContent(), size)).as(text.getTextContent())
					.isLessThanOrEqualTo(box[0] + box[2]);
				assertThat(y - size).isGreaterThanOrEqualTo(box[1]);
				assertThat(y).isLessThanOrEqualTo(box[1] + box[3]);
			}
			assertThat(labels).isEqualTo(3);
		}
	}

	private static double d(Element element, String attribute) {
		return Double.parseDouble(element.getAttribute(attribute));
	}

	static List<Element> elements(Document document, String tag, String cssClass) {
		NodeList list = document.getElementsByTagNameNS("http://www.w3.org/2000/svg", tag);
		List<Element> found = new ArrayList<>();
		for (int i = 0; i < list.getLength(); i++) {
			Element element = (Element) list.item(i);
			if (cssClass.equals(element.getAttribute("class"))) {
				found.add(element);
			}
		}
		return found;
	}

	static Document parse(String svg) throws Exception {
		DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
		factory.setNamespaceAware(true);
		return factory.newDocumentBuilder().parse(new InputSource(new StringReader(svg)));
	}

	static int index(DependencyGraph graph, String id) {
		for (int i = 0; i < graph.nodes().size(); i++) {
			if (graph.nodes().get(i).id().equals(id)) {
				return i;
			}
		}
		throw new IllegalArgumentException(id);
	}

}
