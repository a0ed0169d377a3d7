package dev.maestro.reports.report;

/**
 * One condition on the records of a report.
 *
 * @param field a dot path into the record ({@code os.base}, {@code storage.sizeGb}); where the
 * path crosses an array, the condition holds when any element matches
 * @param op one of {@link FilterOp}'s names
 * @param value what to compare with: a string, number or boolean; a list for {@code in}; a
 * boolean for {@code exists}; an ISO-8601 date or instant for {@code before}/{@code after}
 */
public record Filter(String field, String op, Object value) {
}
