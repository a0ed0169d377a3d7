package dev.maestro.reports;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How reports are generated, stored, served and refreshed ({@code maestro.reports.*}). The
 * defaults suit the embedded set-up as much as a real deployment.
 *
 * @param chunkSize result rows stored per document: rows are written in chunks as they stream
 * from the inventory, so generation never holds a whole team in memory
 * @param defaultPageSize rows per page of a JSON result when {@code limit} is not given
 * @param maxPageSize the largest {@code limit} a JSON result page accepts
 * @param maxFilters the most filters a report (or a pivot level) may have
 * @param xlsxWindow rows an XLSX export keeps in memory (POI's SXSSF window); the rest is
 * flushed to a temporary file
 * @param pdfMaxRows the most rows a PDF holds; a PDF of a larger result says it shows the first
 * rows only (a readable table of 100,000 rows is not a document anyone reads)
 * @param aggregationMaxValues distinct values counted per aggregation before the rest are
 * counted under {@code other}, so that a high-cardinality field cannot grow memory
 * @param schedule scheduled refreshes
 */
@ConfigurationProperties("maestro.reports")
public record ReportsProperties(@DefaultValue("500") int chunkSize, @DefaultValue("100") int defaultPageSize,
		@DefaultValue("1000") int maxPageSize, @DefaultValue("50") int maxFilters, @DefaultValue("100") int xlsxWindow,
		@DefaultValue("10000") int pdfMaxRows, @DefaultValue("1000") int aggregationMaxValues,
		@DefaultValue Schedule schedule) {

	/**
	 * @param enabled whether this replica looks for due reports at all
	 * @param tick how often it looks
	 * @param minInterval the shortest interval (and cron period) a report may ask for
	 * @param lockAtMostFor how long the tick's ShedLock is held at most when a replica dies
	 * holding it
	 * @param batchSize due reports claimed per tick
	 */
	public record Schedule(@DefaultValue("true") boolean enabled, @DefaultValue("15s") Duration tick,
			@DefaultValue("1m") Duration minInterval, @DefaultValue("1m") Duration lockAtMostFor,
			@DefaultValue("100") int batchSize) {
	}

}
