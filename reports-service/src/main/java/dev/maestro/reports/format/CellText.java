package dev.maestro.reports.format;

import java.util.Collection;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Cell values as text, and the defence against spreadsheet formula injection (CSV and XLSX):
 * text that a spreadsheet would read as a formula — starting with {@code =}, {@code +},
 * {@code -}, {@code @}, a tab or a carriage return — gets a leading {@code '}, unless it is a
 * genuine number such as {@code -12.5}.
 */
final class CellText {

	private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");

	private CellText() {
	}

	static String text(Object value) {
		if (value == null) {
			return "";
		}
		if (value instanceof Collection<?> list) {
			return list.stream().map(CellText::text).collect(Collectors.joining(", "));
		}
		return String.valueOf(value);
	}

	/** The value's text, made inert for spreadsheets. */
	static String safe(Object value) {
		String text = text(value);
		if (value instanceof Number || text.isEmpty()) {
			return text;
		}
		char first = text.charAt(0);
		boolean risky = first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r';
		return (risky && !NUMBER.matcher(text).matches()) ? "'" + text : text;
	}

}
