package dev.maestro.analytics.worker.layout;

import java.util.Arrays;

import dev.maestro.analytics.worker.SampleExports;
import dev.maestro.analytics.worker.graph.DependencyGraph;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Ordering from several starts: never worse than one start, and the same drawing every time. */
class LayeredLayoutTests {

	private static final LayeredLayout.Options OPTIONS = LayeredLayout.Options
		.defaults(LayeredLayout.Direction.LEFT_TO_RIGHT);

	@Test
	void severalStartsNeverGiveMoreCrossingsThanOne() {
		int better = 0;
		for (long seed = 1; seed <= 8; seed++) {
			DependencyGraph graph = DependencyGraph.fromExport(SampleExports.random(60 + (int) seed * 15, seed));
			Layout single = LayeredLayout.layout(graph, OPTIONS.withStarts(1));
			Layout multi = LayeredLayout.layout(graph, OPTIONS);
			assertThat(multi.crossings()).as("seed %d", seed).isLessThanOrEqualTo(single.crossings());
			if (multi.crossings() < single.crossings()) {
				better++;
			}
		}
		assertThat(better).as("graphs where more starts found fewer crossings").isPositive();
	}

	@Test
	void theSameGraphGetsTheSameDrawing() {
		DependencyGraph graph = DependencyGraph.fromExport(SampleExports.random(120, 5));
		Layout first = LayeredLayout.layout(graph, OPTIONS);
		Layout second = LayeredLayout.layout(DependencyGraph.fromExport(SampleExports.random(120, 5)), OPTIONS);
		assertSame(first, second);
	}

	@Test
	void aBigGraphKeepsOneStart() {
		DependencyGraph graph = DependencyGraph.fromExport(SampleExports.random(900, 3));
		assertThat((long) graph.nodes().size() * graph.edges().size() * 2).isGreaterThan(LayeredLayout.WORK_PER_LAYOUT);
		assertSame(LayeredLayout.layout(graph, OPTIONS), LayeredLayout.layout(graph, OPTIONS.withStarts(1)));
	}

	private static void assertSame(Layout a, Layout b) {
		assertThat(a.crossings()).isEqualTo(b.crossings());
		assertThat(a.nodes()).containsExactly(b.nodes());
		assertThat(a.groups()).isEqualTo(b.groups());
		for (int e = 0; e < a.edges().length; e++) {
			assertThat(Arrays.equals(a.edges()[e].points(), b.edges()[e].points())).as("route of edge %d", e).isTrue();
		}
	}

}
