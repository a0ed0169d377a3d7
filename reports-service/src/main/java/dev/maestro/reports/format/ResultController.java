package dev.maestro.reports.format;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.maestro.reports.ReportsProperties;
import dev.maestro.reports.report.Filter;
import dev.maestro.reports.report.Report;
import dev.maestro.reports.report.ReportRows;
import dev.maestro.reports.report.ReportRun;
import dev.maestro.reports.report.ReportService;
import dev.maestro.request.security.TeamAccess;
import dev.maestro.request.security.TeamRole;
import dev.maestro.request.web.FieldError;
import dev.maestro.request.web.ProblemException;
import dev.maestro.request.web.Problems;
import org.bson.types.ObjectId;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/teams/{teamId}/reports/{id}/result}: the latest successful result, in the
 * format of {@code ?format=} or else of the {@code Accept} header. JSON is paged
 * ({@code limit}, {@code cursor}); CSV and Ansible stream from the stored rows; XLSX and PDF are
 * written to a temporary file off the event loop, streamed, then deleted. Every download names
 * its file in {@code Content-Disposition}.
 */
@RestController
class ResultController {

	private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmm").withZone(ZoneOffset.UTC);

	private static final int READ_BUFFER = 64 * 1024;

	private final ReportService reports;

	private final ReportRows rows;

	private final ReportsProperties properties;

	private final DefaultDataBufferFactory buffers = DefaultDataBufferFactory.sharedInstance;

	private final JsonMapper json;

	ResultController(ReportService reports, ReportRows rows, ReportsProperties properties, JsonMapper json) {
		this.json = json;
		this.reports = reports;
		this.rows = rows;
		this.properties = properties;
	}

	@GetMapping("/api/teams/{teamId}/reports/{id}/result")
	Mono<Void> result(@PathVariable String teamId, @PathVariable String id,
			@RequestParam(required = false) String format, @RequestParam(required = false) String limit,
			@RequestParam(required = false) String cursor,
			@RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept, ServerHttpResponse response) {
		ResultFormat chosen = format(format, accept);
		return TeamAccess.require(teamId, TeamRole.VIEWER)
			.then(this.reports.find(teamId, id))
			.flatMap((report) -> {
				if (report.resultRunId() == null) {
					return Mono.error(new ProblemException(Problems.conflict(
							"Report " + id + " has no result yet (status " + report.status() + ")")));
				}
				return this.reports.findRun(teamId, report.resultRunId())
					.switchIfEmpty(Mono.error(() -> new ProblemException(Problems.conflict(
							"Report " + id + " has no result yet (status " + report.status() + ")"))))
					.flatMap((run) -> respond(chosen, report, run, limit, cursor));
			})
			.flatMap((answer) -> {
				response.setStatusCode(answer.getStatusCode());
				response.getHeaders().putAll(answer.getHeaders());
				return response.writeWith(answer.getBody());
			});
	}

	private Mono<ResponseEntity<Flux<DataBuffer>>> respond(ResultFormat format, Report report, ReportRun run, String limit,
			String cursor) {
		return switch (format) {
			case JSON -> json(report, run, limit, cursor);
			case CSV -> Mono.just(download(format, report, null)
				.body(CsvResult.write(run.columns(), this.rows.rows(run.id()), this.buffers)));
			case ANSIBLE -> ansible(report, run);
			case XLSX -> viaFile(format, report, (out, rows) -> XlsxResult.write(report.name(), run.columns(), rows,
					this.properties.xlsxWindow(), out), run);
			case PDF -> viaFile(format, report, (out, rows) -> PdfResult.write(report.name(), describe(report),
					report.generatedAt(), run.columns(), rows, run.rows(), this.properties.pdfMaxRows(), out), run);
		};
	}

	private Mono<ResponseEntity<Flux<DataBuffer>>> ansible(Report report, ReportRun run) {
		boolean servers = report.isPivot() ? report.levels().containsKey("servers") : "servers".equals(report.entity());
		if (!servers) {
			return Mono.error(new ProblemException(Problems.invalid("format",
					"ansible needs a report of servers (a general servers report, or a pivot with a servers level)")));
		}
		return Mono.just(download(ResultFormat.ANSIBLE, report, null)
			.body(AnsibleResult.write(() -> this.rows.rows(run.id()), this.buffers)));
	}

	private Mono<ResponseEntity<Flux<DataBuffer>>> json(Report report, ReportRun run, String limit, String cursor) {
		int size = pageSize(limit);
		long offset = offset(cursor, run.id());
		return this.rows.page(run.id(), run.chunkSize(), offset, size).map((row) -> {
			Map<String, Object> item = new LinkedHashMap<>();
			for (int c = 0; c < run.columns().size() && c < row.values().size(); c++) {
				item.put(run.columns().get(c), row.values().get(c));
			}
			return item;
		}).collectList().map((items) -> {
			long next = offset + items.size();
			Map<String, Object> page = new LinkedHashMap<>();
			page.put("reportId", report.id());
			page.put("runId", run.id());
			page.put("generatedAt", report.generatedAt());
			page.put("rows", run.rows());
			page.put("columns", run.columns());
			page.put("items", items);
			page.put("nextCursor", (next < run.rows()) ? encode(run.id(), next) : null);
			return download(ResultFormat.JSON, report, "inline")
				.body(Flux.just(this.buffers.wrap(this.json.writeValueAsBytes(page))));
		});
	}

	/** Writes the whole result to a temporary file on a worker thread, then streams and deletes it. */
	private Mono<ResponseEntity<Flux<DataBuffer>>> viaFile(ResultFormat format, Report report, FileWriter writer, ReportRun run) {
		return Mono.fromCallable(() -> {
			Path file = Files.createTempFile("maestro-report-", "." + format.extension());
			try (OutputStream out = Files.newOutputStream(file)) {
				writer.write(out, this.rows.rows(run.id()).toIterable(256));
				return file;
			}
			catch (IOException | RuntimeException ex) {
				Files.deleteIfExists(file);
				throw ex;
			}
		}).subscribeOn(Schedulers.boundedElastic()).map((file) -> {
			Flux<DataBuffer> body = DataBufferUtils.read(file, this.buffers, READ_BUFFER)
				.doFinally((signal) -> deleteQuietly(file));
			long length;
			try {
				length = Files.size(file);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			return download(format, report, null).contentLength(length).body(body);
		});
	}

	@FunctionalInterface
	private interface FileWriter {

		void write(OutputStream out, Iterable<ReportRows.Row> rows) throws IOException;

	}

	private static void deleteQuietly(Path file) {
		try {
			Files.deleteIfExists(file);
		}
		catch (IOException ex) {
			file.toFile().deleteOnExit();
		}
	}

	private ResponseEntity.BodyBuilder download(ResultFormat format, Report report, String disposition) {
		String filename = slug(report.name()) + "-"
				+ ((report.generatedAt() != null) ? STAMP.format(report.generatedAt()) : "result") + "."
				+ format.extension();
		ContentDisposition header = ("inline".equals(disposition) ? ContentDisposition.inline()
				: ContentDisposition.attachment()).filename(filename, StandardCharsets.UTF_8).build();
		return ResponseEntity.status(HttpStatus.OK)
			.contentType(format.mediaType())
			.header(HttpHeaders.CONTENT_DISPOSITION, header.toString());
	}

	private static String slug(String name) {
		String slug = (name == null) ? "" : name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-")
			.replaceAll("(^-+|-+$)", "");
		return slug.isEmpty() ? "report" : (slug.length() > 60 ? slug.substring(0, 60) : slug);
	}

	/** The report's filters in words, for the PDF. */
	private static List<String> describe(Report report) {
		List<String> described = new ArrayList<>();
		if (report.isPivot()) {
			report.levels().forEach((level, definition) -> definition.filters()
				.forEach((filter) -> described.add(level + ": " + describe(filter))));
		}
		else if (report.filters() != null) {
			report.filters().forEach((filter) -> described.add(describe(filter)));
		}
		return described;
	}

	private static String describe(Filter filter) {
		return filter.field() + " " + filter.op() + " " + filter.value();
	}

	private static ResultFormat format(String format, String accept) {
		if (format != null) {
			return ResultFormat.named(format)
				.orElseThrow(() -> new ProblemException(Problems.invalid("format", "must be one of: " + ResultFormat.names())));
		}
		if (accept == null || accept.isBlank()) {
			return ResultFormat.JSON;
		}
		List<MediaType> accepted;
		try {
			accepted = MediaType.parseMediaTypes(accept);
		}
		catch (RuntimeException ex) {
			throw new ProblemException(Problems.invalid("Accept", "is not a list of media types"));
		}
		return ResultFormat.accepting(accepted)
			.orElseThrow(() -> new ProblemException(Problems.of(HttpStatus.NOT_ACCEPTABLE,
					"A result is served as JSON, CSV, XLSX, PDF or an Ansible inventory (text/plain)")));
	}

	private int pageSize(String limit) {
		if (limit == null) {
			return this.properties.defaultPageSize();
		}
		try {
			int size = Integer.parseInt(limit);
			if (size >= 1 && size <= this.properties.maxPageSize()) {
				return size;
			}
		}
		catch (NumberFormatException ex) {
			// answered below
		}
		throw new ProblemException(Problems.invalid("Invalid result parameters",
				List.of(new FieldError("limit", "must be a number between 1 and " + this.properties.maxPageSize()))));
	}

	private static String encode(String runId, long offset) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString((runId + ":" + offset).getBytes(StandardCharsets.UTF_8));
	}

	/** The row offset a cursor points at; a cursor of an earlier result is refused. */
	private static long offset(String cursor, String runId) {
		if (cursor == null || cursor.isBlank()) {
			return 0;
		}
		try {
			String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split(":");
			if (parts.length == 2 && ObjectId.isValid(parts[0])) {
				if (!parts[0].equals(runId)) {
					throw new ProblemException(Problems.invalid("cursor",
							"belongs to an earlier result of this report; start again without a cursor"));
				}
				long offset = Long.parseLong(parts[1]);
				if (offset >= 0) {
					return offset;
				}
			}
		}
		catch (IllegalArgumentException ex) {
			// answered below
		}
		throw new ProblemException(Problems.invalid("cursor", "is not a cursor this API gave out"));
	}

}
