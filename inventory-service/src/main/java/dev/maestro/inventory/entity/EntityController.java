package dev.maestro.inventory.entity;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.maestro.inventory.team.TeamService;
import dev.maestro.request.security.TeamAccess;
import dev.maestro.request.security.TeamRole;
import dev.maestro.request.web.ProblemException;
import dev.maestro.request.web.Problems;
import dev.maestro.request.web.RequestId;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The API of every inventory collection under {@code /api/teams/{teamId}/}: list, create, read,
 * replace, patch, delete, restore, and history. VIEWER reads; EDITOR writes.
 */
@RestController
@RequestMapping("/api/teams/{teamId}")
class EntityController {

	/** Lets a Maestro service say that a change comes from a discovery connection. */
	static final String SOURCE_HEADER = "X-Maestro-Source";

	/** How many operations of one bulk call run at the same time. */
	static final int BULK_CONCURRENCY = 4;

	private final EntityService entities;

	private final TeamService teams;

	private final EntityTypes types;

	private final JsonMapper json;

	private final DiscoveryUpserts upserts;

	EntityController(EntityService entities, TeamService teams, EntityTypes types, JsonMapper json,
			DiscoveryUpserts upserts) {
		this.upserts = upserts;
		this.entities = entities;
		this.teams = teams;
		this.types = types;
		this.json = json;
	}

	@GetMapping("/{collection}")
	Mono<Map<String, Object>> list(@PathVariable String teamId, @PathVariable String collection,
			@RequestParam MultiValueMap<String, String> params) {
		EntityType type = this.types.get(collection);
		ListQuery query = ListQuery.parse(params, type, this.json);
		return access(teamId, TeamRole.VIEWER, null).then(this.entities.list(teamId, collection, query));
	}

	@PostMapping("/{collection}")
	Mono<ResponseEntity<Map<String, Object>>> create(@PathVariable String teamId, @PathVariable String collection,
			@RequestBody Map<String, Object> body, @RequestHeader(name = SOURCE_HEADER, required = false) String source) {
		this.types.get(collection);
		return access(teamId, TeamRole.EDITOR, source)
			.flatMap((actor) -> this.entities.create(teamId, collection, body, actor))
			.map((saved) -> ResponseEntity
				.created(URI.create("/api/teams/" + teamId + "/" + collection + "/" + saved.entity().get("id")))
				.eTag(etag(saved.version()))
				.body(withWarnings(saved)));
	}

	/**
	 * Several creates, replacements, patches and deletes in one call. Each operation succeeds or
	 * fails on its own; the answer lists every outcome with the status it would have had alone.
	 */
	@PostMapping("/{collection}/bulk")
	Mono<Map<String, Object>> bulk(@PathVariable String teamId, @PathVariable String collection,
			@RequestBody BulkRequest request) {
		this.types.get(collection);
		if (request.operations() == null || request.operations().isEmpty()
				|| request.operations().size() > DiscoveryUpserts.MAX_ITEMS) {
			throw new ProblemException(Problems.invalid("operations",
					"must hold between 1 and " + DiscoveryUpserts.MAX_ITEMS + " operations"));
		}
		return access(teamId, TeamRole.EDITOR, null).flatMap((actor) -> {
			// A few operations at a time, so that one's round trips to the store overlap another's
			// work; operations on the same record still run one after the other, in their order.
			Map<String, Mono<Map<String, Object>>> lastOnRecord = new java.util.HashMap<>();
			List<Mono<Map<String, Object>>> runs = new java.util.ArrayList<>();
			for (int index = 0; index < request.operations().size(); index++) {
				BulkOperation op = request.operations().get(index);
				Mono<Map<String, Object>> run = bulkOperation(teamId, collection, index, op, actor);
				Mono<Map<String, Object>> before = (op.id() != null) ? lastOnRecord.get(op.id()) : null;
				run = ((before != null) ? before.then(run) : run).cache();
				if (op.id() != null) {
					lastOnRecord.put(op.id(), run);
				}
				runs.add(run);
			}
			return Flux.fromIterable(runs)
				.flatMapSequential(java.util.function.Function.identity(), BULK_CONCURRENCY)
				.collectList()
				.map((results) -> Map.of("results", results));
		});
	}

	private Mono<Map<String, Object>> bulkOperation(String teamId, String collection, int index, BulkOperation op,
			Actor actor) {
		return Mono.defer(() -> bulkWork(teamId, collection, index, op, actor))
			.onErrorResume(ErrorResponse.class::isInstance, (ex) -> {
				ErrorResponse error = (ErrorResponse) ex;
				return Mono
					.just(Map.of("index", index, "status", error.getStatusCode().value(), "problem", error.getBody()));
			});
	}

	private Mono<Map<String, Object>> bulkWork(String teamId, String collection, int index, BulkOperation op,
			Actor actor) {
		return switch ((op.op() != null) ? op.op() : "") {
			case "create" -> this.entities.create(teamId, collection, required(op.body()), actor)
				.map((saved) -> outcome(index, 201, saved));
			case "replace", "patch" -> this.entities
				.update(teamId, collection, requiredId(op.id()), required(op.body()), "patch".equals(op.op()),
						version(op.ifMatch()), actor)
				.map((saved) -> outcome(index, 200, saved));
			case "delete" -> this.entities.delete(teamId, collection, requiredId(op.id()), version(op.ifMatch()), actor)
				.thenReturn(Map.of("index", index, "status", 204, "id", op.id()));
			default -> Mono.error(new ProblemException(
					Problems.invalid("op", "must be one of create, replace, patch, delete")));
		};
	}

	private static Map<String, Object> outcome(int index, int status, EntityService.Saved saved) {
		Map<String, Object> outcome = new LinkedHashMap<>();
		outcome.put("index", index);
		outcome.put("status", status);
		outcome.put("id", saved.entity().get("id"));
		outcome.put("version", saved.version());
		outcome.put("warnings", saved.warnings());
		return outcome;
	}

	private static Map<String, Object> required(Map<String, Object> body) {
		if (body == null) {
			throw new ProblemException(Problems.invalid("body", "is required for this operation"));
		}
		return body;
	}

	private static String requiredId(String id) {
		if (id == null || id.isBlank()) {
			throw new ProblemException(Problems.invalid("id", "is required for this operation"));
		}
		return id;
	}

	/** Discovery's bulk upsert, keyed by the provider's id; only Maestro services may call it. */
	@PostMapping("/{collection}/discovered")
	Mono<Map<String, Object>> discovered(@PathVariable String teamId, @PathVariable String collection,
			@RequestBody DiscoveredRequest request) {
		this.types.get(collection);
		List<DiscoveryUpserts.Item> items = DiscoveryUpserts.items(request.items());
		validConnectionId(request.connectionId());
		if (items == null || items.isEmpty() || items.size() > DiscoveryUpserts.MAX_ITEMS) {
			throw new ProblemException(Problems.invalid("items", "must hold between 1 and " + DiscoveryUpserts.MAX_ITEMS
					+ " items of {providerId, body}"));
		}
		return discoveryActor(teamId, request.connectionId())
			.flatMap((actor) -> this.upserts.upsert(teamId, collection, request.connectionId(), items, actor));
	}

	/** Discovery: the connection's records its provider no longer reports become orphans. */
	@PostMapping("/{collection}/discovered/orphans")
	Mono<Map<String, Object>> orphans(@PathVariable String teamId, @PathVariable String collection,
			@RequestBody DiscoveredKeys request) {
		this.types.get(collection);
		return discoveryActor(teamId, request.validated())
			.flatMap((actor) -> this.upserts.orphan(teamId, collection, request.connectionId(), request.providerIds(),
					actor));
	}

	/** Discovery: orphans past their grace period are soft-deleted (and come back if they reappear). */
	@PostMapping("/{collection}/discovered/tombstones")
	Mono<Map<String, Object>> tombstones(@PathVariable String teamId, @PathVariable String collection,
			@RequestBody DiscoveredKeys request) {
		this.types.get(collection);
		return discoveryActor(teamId, request.validated())
			.flatMap((actor) -> this.upserts.tombstone(teamId, collection, request.connectionId(),
					request.providerIds(), actor));
	}

	/** The acting discovery connection; only a service (discovery) may report what providers see. */
	private Mono<Actor> discoveryActor(String teamId, String connectionId) {
		return TeamAccess.caller()
			.flatMap((caller) -> caller.isService() ? Mono.just(caller) : Mono.error(new ProblemException(
					Problems.of(HttpStatus.FORBIDDEN, "Only Maestro's discovery may report discovered records"))))
			.flatMap((caller) -> this.teams.require(teamId, caller, TeamRole.EDITOR)
				.then(RequestId.current().defaultIfEmpty(""))
				.map((requestId) -> new Actor(caller.userId(), "discovery:" + connectionId, requestId)));
	}

	/** Provider ids of one connection's records. */
	record DiscoveredKeys(String connectionId, List<String> providerIds) {

		String validated() {
			validConnectionId(this.connectionId);
			if (this.providerIds == null || this.providerIds.isEmpty()
					|| this.providerIds.size() > DiscoveryUpserts.MAX_ITEMS
					|| this.providerIds.stream().anyMatch((id) -> id == null || id.isBlank() || id.length() > 512)) {
				throw new ProblemException(Problems.invalid("providerIds",
						"must hold between 1 and " + DiscoveryUpserts.MAX_ITEMS + " provider ids"));
			}
			return this.connectionId;
		}

	}

	private static void validConnectionId(String connectionId) {
		if (connectionId == null || !connectionId.matches("[A-Za-z0-9_-]{1,64}")) {
			throw new ProblemException(Problems.invalid("connectionId", "must be the connection's id"));
		}
	}

	/** Every live record (matching the filters) as newline-delimited JSON, streamed, for reports. */
	@GetMapping(path = "/{collection}/export", produces = "application/x-ndjson")
	Flux<Map<String, Object>> export(@PathVariable String teamId, @PathVariable String collection,
			@RequestParam MultiValueMap<String, String> params) {
		EntityType type = this.types.get(collection);
		ListQuery query = ListQuery.parse(params, type, this.json);
		return access(teamId, TeamRole.VIEWER, null).thenMany(this.entities.export(teamId, collection, query));
	}

	record BulkRequest(List<BulkOperation> operations) {
	}

	record BulkOperation(String op, String id, String ifMatch, Map<String, Object> body) {
	}

	record DiscoveredRequest(String connectionId, List<Object> items) {
	}

	@GetMapping("/{collection}/{id}")
	Mono<ResponseEntity<Map<String, Object>>> get(@PathVariable String teamId, @PathVariable String collection,
			@PathVariable String id) {
		this.types.get(collection);
		return access(teamId, TeamRole.VIEWER, null).then(this.entities.get(teamId, collection, id))
			.map((saved) -> ResponseEntity.ok().eTag(etag(saved.version())).body(saved.entity()));
	}

	@PutMapping("/{collection}/{id}")
	Mono<ResponseEntity<Map<String, Object>>> replace(@PathVariable String teamId, @PathVariable String collection,
			@PathVariable String id, @RequestBody Map<String, Object> body,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
			@RequestHeader(name = SOURCE_HEADER, required = false) String source) {
		return update(teamId, collection, id, body, false, ifMatch, source);
	}

	@PatchMapping(path = "/{collection}/{id}", consumes = { "application/json", "application/merge-patch+json" })
	Mono<ResponseEntity<Map<String, Object>>> patch(@PathVariable String teamId, @PathVariable String collection,
			@PathVariable String id, @RequestBody Map<String, Object> body,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
			@RequestHeader(name = SOURCE_HEADER, required = false) String source) {
		return update(teamId, collection, id, body, true, ifMatch, source);
	}

	private Mono<ResponseEntity<Map<String, Object>>> update(String teamId, String collection, String id,
			Map<String, Object> body, boolean merge, String ifMatch, String source) {
		this.types.get(collection);
		Long expected = version(ifMatch);
		return access(teamId, TeamRole.EDITOR, source)
			.flatMap((actor) -> this.entities.update(teamId, collection, id, body, merge, expected, actor))
			.map((saved) -> ResponseEntity.ok().eTag(etag(saved.version())).body(withWarnings(saved)));
	}

	@DeleteMapping("/{collection}/{id}")
	Mono<ResponseEntity<Void>> delete(@PathVariable String teamId, @PathVariable String collection,
			@PathVariable String id, @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
			@RequestHeader(name = SOURCE_HEADER, required = false) String source) {
		this.types.get(collection);
		Long expected = version(ifMatch);
		return access(teamId, TeamRole.EDITOR, source)
			.flatMap((actor) -> this.entities.delete(teamId, collection, id, expected, actor))
			.thenReturn(ResponseEntity.noContent().build());
	}

	@PostMapping("/{collection}/{id}/restore")
	Mono<ResponseEntity<Map<String, Object>>> restore(@PathVariable String teamId, @PathVariable String collection,
			@PathVariable String id) {
		this.types.get(collection);
		return access(teamId, TeamRole.EDITOR, null)
			.flatMap((actor) -> this.entities.restore(teamId, collection, id, actor))
			.map((saved) -> ResponseEntity.ok().eTag(etag(saved.version())).body(saved.entity()));
	}

	@GetMapping("/{collection}/{id}/history")
	Mono<Map<String, Object>> history(@PathVariable String teamId, @PathVariable String collection,
			@PathVariable String id, @RequestParam(defaultValue = "50") int limit,
			@RequestParam(required = false) String cursor) {
		this.types.get(collection);
		return access(teamId, TeamRole.VIEWER, null)
			.then(this.entities.history(teamId, collection, id, checkLimit(limit), cursor));
	}

	@GetMapping("/history")
	Mono<Map<String, Object>> teamHistory(@PathVariable String teamId, @RequestParam(defaultValue = "50") int limit,
			@RequestParam(required = false) String cursor) {
		return access(teamId, TeamRole.VIEWER, null).then(this.entities.teamHistory(teamId, checkLimit(limit), cursor));
	}

	/** The caller, with the role needed, as the change history will name them. */
	private Mono<Actor> access(String teamId, TeamRole minimum, String claimedSource) {
		return TeamAccess.caller()
			.flatMap((caller) -> this.teams.require(teamId, caller, minimum).then(RequestId.current()
				.defaultIfEmpty("")
				.map((requestId) -> new Actor(caller.userId(), source(caller, claimedSource), requestId))));
	}

	// Only Maestro services may attribute a change to a discovery connection.
	private static String source(TeamAccess.Caller caller, String claimed) {
		if (caller.isService() && claimed != null && claimed.matches("discovery:[A-Za-z0-9_-]{1,64}")) {
			return claimed;
		}
		return caller.isService() ? "service:" + caller.service() : "user";
	}

	private static int checkLimit(int limit) {
		if (limit < 1 || limit > ListQuery.MAX_LIMIT) {
			throw new ProblemException(Problems.invalid("limit", "must be between 1 and " + ListQuery.MAX_LIMIT));
		}
		return limit;
	}

	private static String etag(long version) {
		return "\"" + version + "\"";
	}

	/** The version an {@code If-Match} names; {@code null} for none or {@code *}. */
	private static Long version(String ifMatch) {
		if (ifMatch == null || ifMatch.isBlank() || ifMatch.trim().equals("*")) {
			return null;
		}
		String value = ifMatch.trim();
		if (value.startsWith("W/")) {
			value = value.substring(2);
		}
		value = value.replace("\"", "");
		try {
			return Long.parseLong(value);
		}
		catch (NumberFormatException ex) {
			// An ETag this API never gave out matches nothing.
			throw new ProblemException(Problems.of(HttpStatus.PRECONDITION_FAILED,
					"If-Match " + ifMatch + " is not an ETag of this record"));
		}
	}

	private static Map<String, Object> withWarnings(EntityService.Saved saved) {
		Map<String, Object> body = new LinkedHashMap<>(saved.entity());
		body.put("warnings", saved.warnings());
		return body;
	}

}
