package dev.maestro.embedded;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

/**
 * The compact set of an index key's positions behaves as a {@link HashSet} does under any mix of
 * adds and removes, through growing, shrinking and back to a single position — including ids
 * whose hash codes collide, which the table's deletion must shift back correctly.
 */
class PositionsTest {

	/** An id whose hash code is chosen, so that many collide. */
	record Id(int hash, int serial) {
		@Override
		public int hashCode() {
			return this.hash;
		}
	}

	@Test
	void behavesAsAHashSetUnderRandomAddsAndRemoves() {
		Random random = new Random(11);
		for (int round = 0; round < 300; round++) {
			Positions positions = new Positions();
			Set<Object> model = new HashSet<>();
			int universe = 1 + random.nextInt((round % 3 == 0) ? 8 : 2000);
			int hashes = 1 + random.nextInt(universe);
			List<Object> ids = new ArrayList<>();
			for (int i = 0; i < universe; i++) {
				ids.add((round % 2 == 0) ? "r" + i : new Id(random.nextInt(hashes), i));
			}
			for (int step = 0; step < 4 * universe + 20; step++) {
				Object id = ids.get(random.nextInt(ids.size()));
				// Phases that mostly add, then mostly remove, to grow and shrink the table.
				boolean adding = ((step / Math.max(1, universe)) % 2 == 0) ? random.nextInt(4) > 0 : random.nextInt(4) == 0;
				if (adding) {
					assertThat(positions.add(id)).as("add %s", id).isEqualTo(model.add(id));
				}
				else {
					assertThat(positions.remove(id)).as("remove %s", id).isEqualTo(model.remove(id));
				}
				assertThat(positions.size()).isEqualTo(model.size());
				Object probe = ids.get(random.nextInt(ids.size()));
				assertThat(positions.contains(probe)).as("contains %s", probe).isEqualTo(model.contains(probe));
			}
			List<Object> iterated = new ArrayList<>();
			positions.forEach(iterated::add);
			assertThat(iterated).hasSize(model.size()).containsExactlyInAnyOrderElementsOf(model);
		}
	}

	@Test
	void aLonePositionNeedsNoTableAndNullIsRefused() {
		Positions positions = new Positions();
		assertThat(positions.add("r1")).isTrue();
		assertThat(positions.add("r1")).isFalse();
		assertThat(positions).containsExactly("r1");
		assertThat(positions.add("r2")).isTrue();
		assertThat(positions.remove("r1")).isTrue();
		assertThat(positions).containsExactly("r2");
		assertThat(positions.remove("r2")).isTrue();
		assertThat(positions).isEmpty();
		assertThat(positions.remove("r2")).isFalse();
		assertThatNullPointerException().isThrownBy(() -> positions.add(null));
	}

}
