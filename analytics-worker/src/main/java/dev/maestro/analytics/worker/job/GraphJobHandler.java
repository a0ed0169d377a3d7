package dev.maestro.analytics.worker.job;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.maestro.analytics.worker.graph.DependencyGraph;
import dev.maestro.analytics.worker.layout.LayeredLayout;
import dev.maestro.analytics.worker.render.GraphRendering;
import dev.maestro.request.MaestroRequest;
import dev.maestro.request.MaestroRequestException;
import dev.maestro.request.messaging.EventEnvelope;
import dev.maestro.request.messaging.EventPublisher;
import dev.maestro.request.messaging.JobHandler;
import dev.maestro.request.messaging.MessageTypes;
import org.bson.Document;
import org.bson.types.Binary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.ReactiveMongoOperations;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * Builds one graph: marks it RUNNING, reads the scope's {@code graph-export} from inventory,
 * lays it out and renders SVG, PNG 1× and 2× and the HTML viewer (off the event loop), stores
 * each rendering under a fixed id, marks the graph READY with its stats and announces
 * {@code analytics.graph.ready}. Running it again (a redelivery after a crash) overwrites the same
 * documents and announces with the same event id, which the outbox and consumers de-duplicate.
 * A refusal by inventory (the scope names records that are gone) fails the job at once;
 * inventory being away is retried by {@code JobListeners}, and when it gives up {@link #failed}
 * marks the graph FAILED with the reason and announces {@code analytics.graph.failed}.
 */
@Component
class GraphJobHandler implements JobHandler {

	private static final Logger log = LoggerFactory.getLogger(GraphJobHandler.class);

	private static final ParameterizedTypeReference<Map<String, Object>> JSON_OBJECT = new ParameterizedTypeReference<>() {
	};

	private final ReactiveMongoOperations mongo;

	private final MaestroRequest request;

	private final EventPublisher publisher;

	private final AnalyticsWorkerProperties properties;

	GraphJobHandler(ReactiveMongoOperations mongo, MaestroRequest request, EventPublisher publisher,
			AnalyticsWorkerProperties properties) {
		this.mongo = mongo;
		this.request = request;
		this.publisher = publisher;
		this.properties = properties;
	}

	@Override
	public String jobType() {
		return MessageTypes.GRAPH_REQUESTED;
	}

	@Override
	public Mono<Void> handle(EventEnvelope job) {
		if (!(job.data().get("graphId") instanceof String graphId) || job.teamId() == null) {
			return Mono.error(new JobFailure("the job names no graphId or team"));
		}
		return markRunning(graphId, job.teamId()).flatMap((graph) -> {
			Map<String, Object> scope = (graph.get("scope") instanceof Map<?, ?> map) ? castMap(map) : Map.of();
			String name = (graph.getString("name") != null) ? graph.getString("name") : "Dependency map";
			LayeredLayout.Direction direction = "TB".equals(scope.get("direction"))
					? LayeredLayout.Direction.TOP_TO_BOTTOM : LayeredLayout.Direction.LEFT_TO_RIGHT;
			return export(job.teamId(), scope)
				.publishOn(Schedulers.boundedElastic())
				.map((export) -> GraphRendering.of(DependencyGraph.fromExport(export), direction, name,
						this.properties.pngMaxPixels()))
				.flatMap((rendering) -> store(graphId, job.teamId(), rendering).then(ready(job, graphId, rendering)));
		}).switchIfEmpty(Mono.fromRunnable(() -> log.info("Graph {} of job {} no longer exists; nothing to draw",
				graphId, job.id()))).then();
	}

	@Override
	public Mono<Void> failed(EventEnvelope job, String reason) {
		if (!(job.data().get("graphId") instanceof String graphId) || job.teamId() == null) {
			return Mono.empty();
		}
		Query query = graphQuery(graphId, job.teamId());
		Update update = new Update().set("status", GraphDocuments.FAILED)
			.set("error", reason)
			.set("failedAt", Instant.now());
		return this.mongo.updateFirst(query, update, GraphDocuments.GRAPHS).flatMap((result) -> {
			if (result.getMatchedCount() == 0) {
				return Mono.empty();
			}
			Map<String, Object> data = new LinkedHashMap<>();
			data.put("graphId", graphId);
			data.put("error", reason);
			return this.publisher.publishEvent(event(job, MessageTypes.GRAPH_FAILED, data));
		});
	}

	private Mono<Document> markRunning(String graphId, String teamId) {
		Update update = new Update().set("status", GraphDocuments.RUNNING)
			.set("startedAt", Instant.now())
			.unset("error")
			.inc("attempts", 1);
		return this.mongo.findAndModify(graphQuery(graphId, teamId), update,
				FindAndModifyOptions.options().returnNew(true), Document.class, GraphDocuments.GRAPHS);
	}

	/**
	 * The scope's graph-export: inventory walks the scope (applications, systems, clients, each a
	 * comma-separated list as inventory reads it) and what it depends on, and with
	 * {@code dependents} what depends on it. Only the lists the scope has are sent; each value is
	 * encoded by MaestroRequest where it lands in the query. A scope inventory refuses (unknown
	 * ids: 400) fails the job at once with inventory's reason; an inventory that is down is retried.
	 */
	private Mono<Map<String, Object>> export(String teamId, Map<String, Object> scope) {
		StringBuilder path = new StringBuilder("/api/teams/{teamId}/graph-export?dependents={dependents}");
		List<Object> variables = new ArrayList<>(List.of(teamId, Boolean.TRUE.equals(scope.get("dependents"))));
		for (String key : List.of("applicationIds", "systemIds", "clientIds")) {
			List<String> ids = ids(scope, key);
			if (!ids.isEmpty()) {
				path.append('&').append(key).append("={").append(key).append('}');
				variables.add(String.join(",", ids));
			}
		}
		return this.request.to(this.properties.inventoryService())
			.get(path.toString(), JSON_OBJECT, variables.toArray())
			.onErrorMap((ex) -> ex instanceof MaestroRequestException && !(ex instanceof MaestroRequestException.Unavailable),
					(ex) -> new JobFailure("inventory refused the graph's scope: " + describe((MaestroRequestException) ex), ex));
	}

	private static List<String> ids(Map<String, Object> scope, String key) {
		return (scope.get(key) instanceof List<?> ids) ? ids.stream().map(String::valueOf).toList() : List.of();
	}

	private static String describe(MaestroRequestException ex) {
		String detail = (ex.problem() != null) ? ex.problem().getDetail() : null;
		return ex.status().value() + ((detail != null) ? " " + detail : "");
	}

	private Mono<Void> store(String graphId, String teamId, GraphRendering rendering) {
		Instant now = Instant.now();
		return Flux
			.just(rendering("svg", "image/svg+xml", rendering.svgBytes()), rendering("png", "image/png", rendering.png()),
					rendering("png2x", "image/png", rendering.png2x()),
					rendering("html", "text/html", rendering.htmlBytes()))
			.concatMap((r) -> {
				Document document = new Document("_id", graphId + ":" + r[0]).append("graphId", graphId)
					.append("teamId", teamId)
					.append("format", r[0])
					.append("contentType", r[1])
					.append("size", ((byte[]) r[2]).length)
					.append("data", new Binary((byte[]) r[2]))
					.append("renderedAt", now);
				return this.mongo.save(document, GraphDocuments.RENDERINGS);
			})
			.then();
	}

	private static Object[] rendering(String format, String contentType, byte[] bytes) {
		return new Object[] { format, contentType, bytes };
	}

	private Mono<Void> ready(EventEnvelope job, String graphId, GraphRendering rendering) {
		Map<String, Object> stats = rendering.stats().toMap(rendering.layout().crossings());
		Update update = new Update().set("status", GraphDocuments.READY)
			.set("stats", stats)
			.set("readyAt", Instant.now())
			.set("width", rendering.layout().width())
			.set("height", rendering.layout().height())
			.unset("error");
		return this.mongo.updateFirst(graphQuery(graphId, job.teamId()), update, GraphDocuments.GRAPHS)
			.flatMap((result) -> {
				if (result.getMatchedCount() == 0) {
					// Deleted while it was drawn: its renderings must not outlive it.
					return this.mongo.remove(Query.query(Criteria.where("graphId").is(graphId)), GraphDocuments.RENDERINGS)
						.then();
				}
				Map<String, Object> data = new LinkedHashMap<>();
				data.put("graphId", graphId);
				data.put("stats", stats);
				log.info("Graph {} ready: {} nodes, {} edges, {} crossings ({} bytes of SVG)", graphId,
						rendering.stats().nodes(), rendering.stats().edges(), rendering.layout().crossings(),
						rendering.svg().getBytes(StandardCharsets.UTF_8).length);
				return this.publisher.publishEvent(event(job, MessageTypes.GRAPH_READY, data));
			});
	}

	/** The same event for every run of the same job, so that a rerun announces nothing twice. */
	private static EventEnvelope event(EventEnvelope job, String type, Map<String, Object> data) {
		UUID id = UUID.nameUUIDFromBytes((job.id() + ":" + type).getBytes(StandardCharsets.UTF_8));
		return new EventEnvelope(id, type, job.teamId(), Instant.now(), job.correlationId(), data);
	}

	private static Query graphQuery(String graphId, String teamId) {
		return Query.query(Criteria.where("_id").is(graphId).and("teamId").is(teamId));
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> castMap(Map<?, ?> map) {
		return (Map<String, Object>) map;
	}

}
