package dev.maestro.reports.format;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import dev.maestro.reports.report.ReportRows;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import reactor.core.publisher.Flux;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;

/**
 * RFC 4180 CSV (UTF-8, CRLF, a header row, quoting by Commons CSV), streamed: rows are formatted
 * in small batches as they are read, so the file never exists whole in memory.
 */
public final class CsvResult {

	private static final int BATCH = 256;

	private static final CSVFormat FORMAT = CSVFormat.RFC4180;

	private CsvResult() {
	}

	static Flux<DataBuffer> write(List<String> columns, Flux<ReportRows.Row> rows, DataBufferFactory buffers) {
		Flux<DataBuffer> header = Flux.defer(() -> Flux.just(buffers.wrap(format(List.of(columns), true))));
		Flux<DataBuffer> body = rows.map(ReportRows.Row::values)
			.buffer(BATCH)
			.map((batch) -> buffers.wrap(format(batch, false)));
		return header.concatWith(body);
	}

	/** Formats rows to bytes; the header is written as it is, values are made formula-safe. */
	public static byte[] format(List<? extends List<?>> rows, boolean header) {
		StringBuilder out = new StringBuilder(rows.size() * 128);
		try (CSVPrinter printer = new CSVPrinter(out, FORMAT)) {
			for (List<?> row : rows) {
				for (Object value : row) {
					printer.print(header ? String.valueOf(value) : CellText.safe(value));
				}
				printer.println();
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return out.toString().getBytes(StandardCharsets.UTF_8);
	}

}
