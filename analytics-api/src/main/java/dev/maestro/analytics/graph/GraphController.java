package dev.maestro.analytics.graph;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.maestro.request.messaging.EventEnvelope;
import dev.maestro.request.messaging.EventPublisher;
import dev.maestro.request.messaging.MessageTypes;
import dev.maestro.request.security.TeamAccess;
import dev.maestro.request.security.TeamRole;
import dev.maestro.request.web.FieldError;
import dev.maestro.request.web.ProblemException;
import dev.maestro.request.web.Problems;
import org.bson.Document;
import org.bson.types.Binary;
import reactor.core.publisher.Mono;

import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.ReactiveMongoOperations;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Graph requests and their results. A request is stored PENDING and its job submitted through the
 * outbox in the same call (202); analytics-worker draws it. Results are served only when READY:
 * before that (or after a failure) the renderings answer 409 with the graph's status, so a client
 * can tell "not yet" from "no such graph" (404). Public links carry a 256-bit random token of which
 * only the SHA-256 is stored; revoking deletes it.
 */
@RestController
class GraphController {

	static final String GRAPHS = "graphs";

	static final String RENDERINGS = "graph_renderings";

	private static final SecureRandom RANDOM = new SecureRandom();

	private static final List<String> SCOPE_FIELDS = List.of("applicationIds", "systemIds", "clientIds");

	private final ReactiveMongoOperations mongo;

	private final EventPublisher publisher;

	GraphController(ReactiveMongoOperations mongo, EventPublisher publisher) {
		this.mongo = mongo;
		this.publisher = publisher;
	}

	@PostMapping("/api/teams/{teamId}/graphs")
	@ResponseStatus(HttpStatus.ACCEPTED)
	Mono<Map<String, Object>> create(@PathVariable String teamId, @RequestBody Map<String, Object> body,
			@RequestHeader(name = "X-Request-Id", required = false) String requestId) {
		return TeamAccess.require(teamId, TeamRole.EDITOR).flatMap((caller) -> {
			Document scope = validate(body);
			String id = UUID.randomUUID().toString();
			Document graph = new Document("_id", id).append("teamId", teamId)
				.append("name", body.get("name"))
				.append("status", "PENDING")
				.append("scope", scope)
				.append("createdBy", caller.userId())
				.append("createdAt", Instant.now());
			return this.mongo.insert(graph, GRAPHS)
				.then(this.publisher.submitJob(
						EventEnvelope.of(MessageTypes.GRAPH_REQUESTED, teamId, requestId, Map.of("graphId", id))))
				.thenReturn(Map.<String, Object>of("id", id, "status", "PENDING"));
		});
	}

	@GetMapping("/api/teams/{teamId}/graphs")
	Mono<Map<String, Object>> list(@PathVariable String teamId, @RequestParam(defaultValue = "50") String limit,
			@RequestParam(required = false) String cursor) {
		int size = limit(limit);
		return TeamAccess.require(teamId, TeamRole.VIEWER).flatMap((caller) -> {
			Criteria criteria = Criteria.where("teamId").is(teamId);
			if (cursor != null && !cursor.isBlank()) {
				criteria = criteria.and("_id").lt(cursor);
			}
			Query query = Query.query(criteria).with(Sort.by(Sort.Direction.DESC, "_id")).limit(size + 1);
			query.fields().exclude("publicLink");
			return this.mongo.find(query, Document.class, GRAPHS).map(GraphController::view).collectList().map((items) -> {
				Map<String, Object> page = new LinkedHashMap<>();
				boolean more = items.size() > size;
				List<Map<String, Object>> shown = more ? items.subList(0, size) : items;
				page.put("items", shown);
				page.put("nextCursor", more ? shown.get(shown.size() - 1).get("id") : null);
				return page;
			});
		});
	}

	@GetMapping("/api/teams/{teamId}/graphs/{id}")
	Mono<Map<String, Object>> get(@PathVariable String teamId, @PathVariable String id) {
		return TeamAccess.require(teamId, TeamRole.VIEWER).then(graph(teamId, id)).map(GraphController::view);
	}

	@DeleteMapping("/api/teams/{teamId}/graphs/{id}")
	Mono<ResponseEntity<Void>> delete(@PathVariable String teamId, @PathVariable String id) {
		return TeamAccess.require(teamId, TeamRole.EDITOR)
			.then(graph(teamId, id))
			.flatMap((graph) -> this.mongo.remove(Query.query(Criteria.where("graphId").is(id)), RENDERINGS)
				.then(this.mongo.remove(Query.query(Criteria.where("_id").is(id).and("teamId").is(teamId)), GRAPHS)))
			.thenReturn(ResponseEntity.noContent().build());
	}

	@GetMapping("/api/teams/{teamId}/graphs/{id}/{format:svg|png|html}")
	Mono<ResponseEntity<byte[]>> rendering(@PathVariable String teamId, @PathVariable String id,
			@PathVariable String format, @RequestParam(defaultValue = "1") String scale) {
		String stored = stored(format, scale);
		return TeamAccess.require(teamId, TeamRole.VIEWER).then(graph(teamId, id)).flatMap((graph) -> rendering(graph, stored));
	}

	@PostMapping("/api/teams/{teamId}/graphs/{id}/public-link")
	Mono<ResponseEntity<Map<String, Object>>> publish(@PathVariable String teamId, @PathVariable String id,
			@RequestHeader(name = HttpHeaders.HOST, required = false) String host) {
		return TeamAccess.require(teamId, TeamRole.EDITOR).then(graph(teamId, id)).flatMap((graph) -> {
			byte[] secret = new byte[32];
			RANDOM.nextBytes(secret);
			String token = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
			Update update = new Update().set("publicLink",
					new Document("tokenHash", hash(token)).append("createdAt", Instant.now()));
			return this.mongo.updateFirst(Query.query(Criteria.where("_id").is(id)), update, GRAPHS)
				.thenReturn(ResponseEntity.status(HttpStatus.CREATED)
					.body(Map.<String, Object>of("url", "/public/graphs/" + token, "token", token)));
		});
	}

	@DeleteMapping("/api/teams/{teamId}/graphs/{id}/public-link")
	Mono<ResponseEntity<Void>> unpublish(@PathVariable String teamId, @PathVariable String id) {
		return TeamAccess.require(teamId, TeamRole.EDITOR)
			.then(graph(teamId, id))
			.flatMap((graph) -> this.mongo.updateFirst(Query.query(Criteria.where("_id").is(id)),
					new Update().unset("publicLink"), GRAPHS))
			.thenReturn(ResponseEntity.noContent().build());
	}

	/** The published map: its HTML viewer, or {@code /svg}, {@code /png}. */
	@GetMapping({ "/public/graphs/{token}", "/public/graphs/{token}/{format:svg|png|html}" })
	Mono<ResponseEntity<byte[]>> published(@PathVariable String token, @PathVariable(required = false) String format,
			@RequestParam(defaultValue = "1") String scale) {
		String stored = stored((format != null) ? format : "html", scale);
		return this.mongo.findOne(Query.query(Criteria.where("publicLink.tokenHash").is(hash(token))), Document.class, GRAPHS)
			.switchIfEmpty(Mono.error(() -> new ProblemException(Problems.notFound("Published graph", "link"))))
			.flatMap((graph) -> rendering(graph, stored))
			.map((answer) -> ResponseEntity.status(answer.getStatusCode())
				.headers(answer.getHeaders())
				.header("Cache-Control", "no-cache")
				.header("Content-Security-Policy", "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; script-src 'unsafe-inline'")
				.body(answer.getBody()));
	}

	private Mono<ResponseEntity<byte[]>> rendering(Document graph, String format) {
		if (!"READY".equals(graph.getString("status"))) {
			ProblemException notReady = new ProblemException(
					Problems.conflict("Graph " + graph.getString("_id") + " is " + graph.getString("status") + ", not READY"));
			return Mono.error(notReady);
		}
		return this.mongo.findById(graph.getString("_id") + ":" + format, Document.class, RENDERINGS)
			.switchIfEmpty(Mono.error(() -> new ProblemException(Problems.notFound("Rendering", format))))
			.map((document) -> ResponseEntity.ok()
				.contentType(MediaType.parseMediaType(document.getString("contentType")
						+ (document.getString("contentType").startsWith("image/png") ? "" : ";charset=UTF-8")))
				.body(((Binary) document.get("data")).getData()));
	}

	private Mono<Document> graph(String teamId, String id) {
		return this.mongo.findOne(Query.query(Criteria.where("_id").is(id).and("teamId").is(teamId)), Document.class, GRAPHS)
			.switchIfEmpty(Mono.error(() -> new ProblemException(Problems.notFound("Graph", id))));
	}

	static Map<String, Object> view(Document graph) {
		Map<String, Object> view = new LinkedHashMap<>();
		view.put("id", graph.getString("_id"));
		view.put("name", graph.get("name"));
		view.put("status", graph.get("status"));
		view.put("scope", graph.get("scope"));
		view.put("stats", graph.get("stats"));
		if (graph.get("error") != null) {
			view.put("error", graph.get("error"));
		}
		view.put("published", graph.get("publicLink") != null);
		view.put("createdAt", graph.get("createdAt"));
		view.put("readyAt", graph.get("readyAt"));
		return view;
	}

	private static Document validate(Map<String, Object> body) {
		List<FieldError> errors = new ArrayList<>();
		if (!(body.get("name") instanceof String name) || name.isBlank()) {
			errors.add(new FieldError("name", "a name is required"));
		}
		else if (name.length() > 200) {
			errors.add(new FieldError("name", "at most 200 characters"));
		}
		Document scope = new Document();
		int ids = 0;
		for (String field : SCOPE_FIELDS) {
			Object value = body.get(field);
			if (value == null) {
				continue;
			}
			if (!(value instanceof List<?> list) || list.stream().anyMatch((id) -> !(id instanceof String s) || s.isBlank())) {
				errors.add(new FieldError(field, "must be a list of ids (non-empty strings)"));
				continue;
			}
			ids += list.size();
			scope.append(field, list);
		}
		if (ids == 0 && errors.stream().noneMatch((e) -> SCOPE_FIELDS.contains(e.field()))) {
			errors.add(new FieldError("applicationIds", "name at least one application, system or client"));
		}
		Object dependents = body.getOrDefault("dependents", false);
		if (!(dependents instanceof Boolean)) {
			errors.add(new FieldError("dependents", "must be true or false"));
		}
		Object direction = body.getOrDefault("direction", "LR");
		if (!"LR".equals(direction) && !"TB".equals(direction)) {
			errors.add(new FieldError("direction", "must be LR (left to right) or TB (top to bottom)"));
		}
		for (String field : body.keySet()) {
			if (!List.of("name", "applicationIds", "systemIds", "clientIds", "dependents", "direction").contains(field)) {
				errors.add(new FieldError(field, "unknown field"));
			}
		}
		if (!errors.isEmpty()) {
			throw new ProblemException(Problems.invalid("The graph request is invalid", errors));
		}
		return scope.append("dependents", dependents).append("direction", direction);
	}

	private static int limit(String limit) {
		try {
			int value = Integer.parseInt(limit);
			if (value >= 1 && value <= 500) {
				return value;
			}
		}
		catch (NumberFormatException ex) {
			// answered below
		}
		throw new ProblemException(Problems.invalid("limit", "must be a whole number from 1 to 500"));
	}

	private static String stored(String format, String scale) {
		if (!"1".equals(scale) && !"2".equals(scale)) {
			throw new ProblemException(Problems.invalid("scale", "must be 1 or 2"));
		}
		return ("png".equals(format) && "2".equals(scale)) ? "png2x" : format;
	}

	static String hash(String token) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
