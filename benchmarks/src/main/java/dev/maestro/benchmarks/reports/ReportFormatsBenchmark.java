package dev.maestro.benchmarks.reports;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;

/**
 * Measures reports-service's result formatters on 100,000 server rows: CSV (Commons CSV, the
 * batches the service streams) and XLSX (POI SXSSF, window 100, to a temporary file as the
 * service does), under whatever heap ceiling the JVM is given. Rows are generated lazily, so
 * the heap holds only what the formatters hold.
 *
 * <p>The benchmarks module compiles with the JDK only, so the formatters are looked up on the
 * class path at run time; run it with reports-service's classes and dependencies:
 *
 * <pre>
 * ./mvnw -q -pl reports-service package -DskipTests
 * ./mvnw -q -pl reports-service dependency:build-classpath -Dmdep.outputFile=/tmp/reports.cp
 * java -Xmx256m -cp reports-service/target/classes:$(cat /tmp/reports.cp) \
 *     benchmarks/src/main/java/dev/maestro/benchmarks/reports/ReportFormatsBenchmark.java --rows 100000
 * </pre>
 *
 * Prints a Markdown table.
 */
public final class ReportFormatsBenchmark {

	private static final List<String> COLUMNS = List.of("id", "hostname", "ipv4Private", "ipv4Public", "os.base",
			"os.dist", "os.version", "cpu", "memoryMb", "environment", "datacenter.provider", "datacenter.region",
			"status");

	private static final String[] ENVIRONMENTS = { "Production", "Development", "Stage" };

	private static final String[] REGIONS = { "eu-west-1", "us-east-1", "ap-southeast-2", "europe-west1" };

	private ReportFormatsBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		int rows = Integer.parseInt(option(args, "--rows", "100000"));
		int rounds = Integer.parseInt(option(args, "--rounds", "3"));
		Class<?> rowType = Class.forName("dev.maestro.reports.report.ReportRows$Row");
		Constructor<?> newRow = rowType.getConstructor(List.class, List.class);
		Method csv = Class.forName("dev.maestro.reports.format.CsvResult").getMethod("format", List.class,
				boolean.class);
		Method xlsx = Class.forName("dev.maestro.reports.format.XlsxResult").getMethod("write", String.class,
				List.class, Iterable.class, int.class, OutputStream.class);
		System.out.printf(Locale.ROOT, "Heap ceiling: %d MB, rows: %,d%n%n", Runtime.getRuntime().maxMemory() >> 20,
				rows);
		System.out.println("| format | round | time | rows/s | output | peak heap used |");
		System.out.println("|---|---|---|---|---|---|");
		for (int round = 1; round <= rounds; round++) {
			System.gc();
			long start = System.nanoTime();
			long bytes = 0;
			Path file = Files.createTempFile("bench-", ".csv");
			try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 65536)) {
				byte[] header = (byte[]) csv.invoke(null, List.of(COLUMNS), true);
				out.write(header);
				bytes += header.length;
				List<List<Object>> batch = new ArrayList<>(256);
				for (int i = 0; i < rows; i++) {
					batch.add(values(i));
					if (batch.size() == 256 || i == rows - 1) {
						byte[] chunk = (byte[]) csv.invoke(null, batch, false);
						out.write(chunk);
						bytes += chunk.length;
						batch.clear();
					}
				}
			}
			report("CSV", round, rows, System.nanoTime() - start, bytes);
			Files.delete(file);

			System.gc();
			start = System.nanoTime();
			file = Files.createTempFile("bench-", ".xlsx");
			try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 65536)) {
				xlsx.invoke(null, "Servers", COLUMNS, rows(rows, newRow), 100, out);
			}
			report("XLSX", round, rows, System.nanoTime() - start, Files.size(file));
			Files.delete(file);
		}
	}

	private static void report(String format, int round, int rows, long nanos, long bytes) {
		Runtime runtime = Runtime.getRuntime();
		long used = (runtime.totalMemory() - runtime.freeMemory()) >> 20;
		double seconds = nanos / 1e9;
		System.out.printf(Locale.ROOT, "| %s | %d | %.2f s | %,.0f | %.1f MB | %d MB |%n", format, round, seconds,
				rows / seconds, bytes / 1e6, used);
	}

	/** A server row as the service stores it: column values in order. */
	private static List<Object> values(int i) {
		List<Object> values = new ArrayList<>(COLUMNS.size());
		values.add(String.format(Locale.ROOT, "%024x", i));
		values.add("srv-" + i + ".example.internal");
		values.add("10." + ((i >> 16) & 255) + "." + ((i >> 8) & 255) + "." + (i & 255));
		values.add((i % 3 == 0) ? "52.1." + ((i >> 8) & 255) + "." + (i & 255) : null);
		values.add((i % 5 == 0) ? "Windows" : "Linux");
		values.add((i % 5 == 0) ? "Server 2022" : "Ubuntu");
		values.add("22.04");
		values.add(2 << (i % 4));
		values.add(4096 << (i % 4));
		values.add(ENVIRONMENTS[i % ENVIRONMENTS.length]);
		values.add((i % 4 == 3) ? "gcp" : "aws");
		values.add(REGIONS[i % REGIONS.length]);
		values.add("ACTIVE");
		return values;
	}

	/** Rows made as they are read, as the service reads them from its store. */
	private static Iterable<Object> rows(int count, Constructor<?> newRow) {
		return () -> new Iterator<>() {
			private int next;

			@Override
			public boolean hasNext() {
				return this.next < count;
			}

			@Override
			public Object next() {
				if (this.next >= count) {
					throw new NoSuchElementException();
				}
				try {
					return newRow.newInstance(values(this.next++), null);
				}
				catch (ReflectiveOperationException ex) {
					throw new IllegalStateException(ex);
				}
			}
		};
	}

	private static String option(String[] args, String name, String fallback) {
		for (int i = 0; i < args.length - 1; i++) {
			if (args[i].equals(name)) {
				return args[i + 1];
			}
		}
		return fallback;
	}

}
