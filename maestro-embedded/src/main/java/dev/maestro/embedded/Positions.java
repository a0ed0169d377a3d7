package dev.maestro.embedded;

import java.util.AbstractSet;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The positions (document ids) under one key of an {@link OrderedIndex}, kept compactly: the
 * index holds tens of millions of them for a large team (every server under each of its ~50 search
 * trigrams), and a {@link java.util.LinkedHashSet} spends about 50 bytes on each — a node per
 * position, a table slot, and 190 bytes for a set of one. This set keeps a lone position in a
 * field and more in an open-addressing table (linear probing, deletion by shifting back), about
 * 6 bytes each. Not thread-safe (the index guards it); iteration follows the table, not the order
 * positions were added in.
 */
final class Positions extends AbstractSet<Object> {

	private static final Object[] EMPTY = {};

	/** The only position, while there is one and no table. */
	private Object single;

	/** Open-addressing table (a power of two long), or empty while at most one position. */
	private Object[] table = EMPTY;

	private int size;

	@Override
	public int size() {
		return this.size;
	}

	@Override
	public boolean contains(Object position) {
		if (this.table.length == 0) {
			return this.size == 1 && this.single.equals(position);
		}
		return this.table[slot(position)] != null;
	}

	@Override
	public boolean add(Object position) {
		if (position == null) {
			throw new NullPointerException("a position cannot be null");
		}
		if (this.table.length == 0) {
			if (this.size == 0) {
				this.single = position;
				this.size = 1;
				return true;
			}
			if (this.single.equals(position)) {
				return false;
			}
			this.table = new Object[4];
			place(this.single);
			this.single = null;
		}
		int slot = slot(position);
		if (this.table[slot] != null) {
			return false;
		}
		this.table[slot] = position;
		this.size++;
		if (this.size * 4 > this.table.length * 3) {
			resize(this.table.length * 2);
		}
		return true;
	}

	@Override
	public boolean remove(Object position) {
		if (this.table.length == 0) {
			if (this.size == 1 && this.single.equals(position)) {
				this.single = null;
				this.size = 0;
				return true;
			}
			return false;
		}
		int slot = slot(position);
		if (this.table[slot] == null) {
			return false;
		}
		this.size--;
		// Shift later entries of the probe sequence back, so that no lookup stops short at the hole.
		int mask = this.table.length - 1;
		int hole = slot;
		for (int next = (hole + 1) & mask; this.table[next] != null; next = (next + 1) & mask) {
			int home = home(this.table[next]);
			// The entry may move to the hole when its home is not (cyclically) between the hole and it.
			if (((next - home) & mask) >= ((next - hole) & mask)) {
				this.table[hole] = this.table[next];
				hole = next;
			}
		}
		this.table[hole] = null;
		if (this.size <= 1) {
			Object last = null;
			for (Object entry : this.table) {
				if (entry != null) {
					last = entry;
				}
			}
			this.table = EMPTY;
			this.single = last;
		}
		else if (this.table.length > 16 && this.size * 8 < this.table.length) {
			resize(this.table.length / 2);
		}
		return true;
	}

	@Override
	public Iterator<Object> iterator() {
		if (this.table.length == 0) {
			return (this.size == 0) ? java.util.Collections.emptyIterator()
					: java.util.Collections.singleton(this.single).iterator();
		}
		Object[] entries = this.table;
		return new Iterator<>() {

			private int next = advance(0);

			private int advance(int from) {
				int at = from;
				while (at < entries.length && entries[at] == null) {
					at++;
				}
				return at;
			}

			@Override
			public boolean hasNext() {
				return this.next < entries.length;
			}

			@Override
			public Object next() {
				if (!hasNext()) {
					throw new NoSuchElementException();
				}
				Object position = entries[this.next];
				this.next = advance(this.next + 1);
				return position;
			}

		};
	}

	/** The slot holding the position, or the empty slot where it would go. */
	private int slot(Object position) {
		int mask = this.table.length - 1;
		int at = home(position);
		while (this.table[at] != null && !this.table[at].equals(position)) {
			at = (at + 1) & mask;
		}
		return at;
	}

	private int home(Object position) {
		// Fibonacci hashing spreads ids that differ only in their last characters.
		return (position.hashCode() * 0x9E3779B9) >>> (32 - Integer.numberOfTrailingZeros(this.table.length));
	}

	private void place(Object position) {
		this.table[slot(position)] = position;
	}

	private void resize(int length) {
		Object[] old = this.table;
		this.table = new Object[length];
		for (Object position : old) {
			if (position != null) {
				place(position);
			}
		}
	}

}
