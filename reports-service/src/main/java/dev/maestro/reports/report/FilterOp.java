package dev.maestro.reports.report;

import java.util.Arrays;
import java.util.Optional;

/** The operators a report filter may use, by their name in the API. */
public enum FilterOp {

	EQUALS("equals"), NOT_EQUALS("notEquals"), CONTAINS("contains"), NOT_CONTAINS("notContains"),
	GREATER("greater"), LESS("less"), BEFORE("before"), AFTER("after"), IN("in"), EXISTS("exists");

	private final String wireName;

	FilterOp(String wireName) {
		this.wireName = wireName;
	}

	public String wireName() {
		return this.wireName;
	}

	public static Optional<FilterOp> of(String name) {
		return Arrays.stream(values()).filter((op) -> op.wireName.equals(name)).findFirst();
	}

	/** Every name, for the message that answers an unknown one. */
	public static String names() {
		return String.join(", ", Arrays.stream(values()).map(FilterOp::wireName).toList());
	}

}
