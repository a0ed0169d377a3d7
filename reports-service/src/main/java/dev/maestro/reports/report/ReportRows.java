package dev.maestro.reports.report;

import java.util.ArrayList;
import java.util.List;

import org.bson.Document;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.ReactiveMongoOperations;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/**
 * The stored rows of report results ({@code report_rows}): one document per chunk of rows, in
 * order, so that generation writes rows as they stream and every format reads them back as a
 * stream. A row is the list of its column values (column names are stored once, on the run),
 * which also keeps MongoDB from seeing dotted field names.
 */
@Component
public class ReportRows {

	static final String COLLECTION = "report_rows";

	/** Chunks fetched per round trip while streaming a result: bounded memory, few round trips. */
	private static final int BATCH = 4;

	private final ReactiveMongoOperations mongo;

	ReportRows(ReactiveMongoOperations mongo) {
		this.mongo = mongo;
	}

	/** Creates the index that reads a run's chunks in order. */
	public Mono<Void> createIndexes() {
		return this.mongo.indexOps(COLLECTION)
			.createIndex(new Index().on("runId", Sort.Direction.ASC).on("chunk", Sort.Direction.ASC).named("run_chunk"))
			.then();
	}

	/**
	 * One result row.
	 *
	 * @param values the column values, in the run's column order
	 * @param host for a server, {@code [name, address, environment, provider, region]} (what an
	 * Ansible inventory needs whatever the columns); {@code null} otherwise
	 */
	public record Row(List<Object> values, List<Object> host) {
	}

	public Mono<Void> saveChunk(String teamId, String reportId, String runId, long chunk, List<Row> rows) {
		List<Object> values = new ArrayList<>(rows.size());
		List<Object> hosts = new ArrayList<>(rows.size());
		for (Row row : rows) {
			values.add(row.values());
			hosts.add(row.host());
		}
		Document document = new Document("_id", runId + ":" + chunk).append("runId", runId)
			.append("teamId", teamId)
			.append("reportId", reportId)
			.append("chunk", chunk)
			.append("rows", values)
			.append("hosts", hosts);
		return this.mongo.save(document, COLLECTION).then();
	}

	/** Every row of a run, in order. */
	public Flux<Row> rows(String runId) {
		return chunks(Query.query(Criteria.where("runId").is(runId)));
	}

	/** {@code limit} rows of a run from {@code offset}. */
	public Flux<Row> page(String runId, int chunkSize, long offset, int limit) {
		long first = offset / chunkSize;
		long last = (offset + limit - 1) / chunkSize;
		Query query = Query.query(Criteria.where("runId").is(runId).and("chunk").gte(first).lte(last));
		return chunks(query).skip(offset - first * chunkSize).take(limit);
	}

	public Mono<Void> deleteRun(String runId) {
		return this.mongo.remove(Query.query(Criteria.where("runId").is(runId)), COLLECTION).then();
	}

	@SuppressWarnings("unchecked")
	private Flux<Row> chunks(Query query) {
		query.with(Sort.by("chunk")).cursorBatchSize(BATCH);
		return this.mongo.find(query, Document.class, COLLECTION).concatMapIterable((chunk) -> {
			List<List<Object>> values = (List<List<Object>>) chunk.get("rows");
			List<List<Object>> hosts = (List<List<Object>>) chunk.get("hosts");
			List<Row> rows = new ArrayList<>(values.size());
			for (int i = 0; i < values.size(); i++) {
				rows.add(new Row(values.get(i), (hosts != null && i < hosts.size()) ? hosts.get(i) : null));
			}
			return rows;
		}, 1);
	}

}
