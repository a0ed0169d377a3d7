package dev.maestro.discovery.provider;

import java.util.List;

/** One page of a provider's answer, already translated. */
public record Page(List<Discovered> records) {

	public Page {
		records = List.copyOf(records);
	}

}
