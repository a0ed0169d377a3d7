package dev.maestro.discovery.provider.files;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.maestro.discovery.DiscoveryProperties;
import dev.maestro.discovery.connection.Connection;
import dev.maestro.discovery.connection.ConnectionService;
import dev.maestro.request.security.TeamAccess;
import dev.maestro.request.security.TeamRole;
import dev.maestro.request.web.FieldError;
import dev.maestro.request.web.ProblemException;
import dev.maestro.request.web.Problems;
import org.bson.Document;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.codec.multipart.FilePart;
import org.springframework.http.codec.multipart.Part;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

/**
 * Uploads of a {@code files} connection: the raw body or a multipart {@code file} part;
 * {@code application/json} is a Terraform state (or Ansible facts, told apart by their shape or
 * {@code ?kind=facts}), {@code text/plain} an INI and {@code application/yaml} a YAML Ansible
 * inventory. At most {@code maestro.discovery.files.max-upload-size} (10 MB). A file is parsed
 * before it is stored: a malformed one is a 400 that says where, and nothing is stored.
 */
@RestController
@RequestMapping("/api/teams/{teamId}/connections/{id}/uploads")
class UploadController {

	private final ConnectionService connections;

	private final Uploads uploads;

	private final DiscoveryProperties.Files settings;

	UploadController(ConnectionService connections, Uploads uploads, DiscoveryProperties properties) {
		this.connections = connections;
		this.uploads = uploads;
		this.settings = properties.files();
	}

	@PostMapping
	@ResponseStatus(HttpStatus.CREATED)
	Mono<Map<String, Object>> upload(@PathVariable String teamId, @PathVariable String id,
			@RequestParam(required = false) String name, @RequestParam(required = false) String kind,
			ServerWebExchange exchange) {
		return TeamAccess.require(teamId, TeamRole.EDITOR)
			.then(filesConnection(teamId, id))
			.flatMap((connection) -> read(exchange))
			.flatMap((file) -> {
				Kind told = kind(file.contentType(), kind, file.content());
				String stored = (name != null && !name.isBlank()) ? name.strip()
						: (file.filename() != null) ? file.filename() : told.defaultName();
				if (stored.length() > 200) {
					throw new ProblemException(Problems.invalid("name", "must be at most 200 characters"));
				}
				return Mono.fromCallable(() -> FilesProvider.check(told.kind(), told.format(), file.content()))
					.subscribeOn(Schedulers.boundedElastic())
					.onErrorMap(FileFormatException.class, (ex) -> new ProblemException(Problems.invalid(
							"The " + told.description() + " is not valid at " + ex.where(),
							List.of(new FieldError(ex.where(), ex.getMessage().substring(ex.where().length() + 2))))))
					.flatMap((summary) -> this.uploads.store(teamId, id, stored, told.kind(), told.format(),
							file.contentType(), file.content(), summary).map(UploadController::view));
			});
	}

	@GetMapping
	Mono<Map<String, Object>> list(@PathVariable String teamId, @PathVariable String id) {
		return TeamAccess.require(teamId, TeamRole.VIEWER)
			.then(this.connections.get(teamId, id))
			.thenMany(this.uploads.list(id))
			.map(UploadController::view)
			.collectList()
			.map((items) -> Map.of("items", items));
	}

	private Mono<Connection> filesConnection(String teamId, String id) {
		return this.connections.get(teamId, id).map((connection) -> {
			if (!"files".equals(connection.provider())) {
				throw new ProblemException(Problems.invalid("provider",
						"uploads belong to connections of provider files, this one is " + connection.provider()));
			}
			return connection;
		});
	}

	private Mono<File> read(ServerWebExchange exchange) {
		MediaType type = exchange.getRequest().getHeaders().getContentType();
		int max = (int) Math.min(Integer.MAX_VALUE, this.settings.maxUploadSize().toBytes());
		if (type != null && MediaType.MULTIPART_FORM_DATA.isCompatibleWith(type)) {
			return exchange.getMultipartData().flatMap((parts) -> {
				Part part = parts.getFirst("file");
				if (part == null) {
					return Mono.error(new ProblemException(Problems.invalid("file", "a multipart upload needs a file part")));
				}
				MediaType partType = part.headers().getContentType();
				String filename = (part instanceof FilePart file) ? file.filename() : null;
				return join(part.content(), max).map((bytes) -> new File(
						(partType != null) ? partType.getType() + "/" + partType.getSubtype() : null, filename, bytes));
			});
		}
		return join(exchange.getRequest().getBody(), max).map((bytes) -> new File(
				(type != null) ? type.getType() + "/" + type.getSubtype() : null, null, bytes));
	}

	private static Mono<byte[]> join(Flux<DataBuffer> body, int max) {
		return DataBufferUtils.join(body, max).map((buffer) -> {
			byte[] bytes = new byte[buffer.readableByteCount()];
			buffer.read(bytes);
			DataBufferUtils.release(buffer);
			return bytes;
		}).switchIfEmpty(Mono.error(() -> new ProblemException(Problems.invalid("body", "is empty"))))
			.onErrorMap(DataBufferLimitException.class, (ex) -> new ProblemException(
					Problems.of(HttpStatus.PAYLOAD_TOO_LARGE, "An upload is at most " + max / (1024 * 1024) + " MB")));
	}

	/** What the file is, from its content type and {@code ?kind=}. */
	private static Kind kind(String contentType, String kind, byte[] content) {
		String type = (contentType != null) ? contentType.toLowerCase(Locale.ROOT) : "";
		if (kind != null && !List.of(FilesProvider.TERRAFORM, FilesProvider.INVENTORY, FilesProvider.FACTS).contains(kind)) {
			throw new ProblemException(Problems.invalid("kind", "must be terraform, inventory or facts"));
		}
		if (type.equals("application/json")) {
			if (FilesProvider.INVENTORY.equals(kind)) {
				throw new ProblemException(Problems.invalid("kind", "an Ansible inventory is text/plain (INI) or application/yaml"));
			}
			boolean facts = FilesProvider.FACTS.equals(kind) || (kind == null && AnsibleInventory.looksLikeFacts(content));
			return facts ? new Kind(FilesProvider.FACTS, "json", "facts", "Ansible facts file")
					: new Kind(FilesProvider.TERRAFORM, "json", "terraform.tfstate", "Terraform state");
		}
		if (type.equals("text/plain") || type.equals("application/yaml") || type.equals("application/x-yaml")
				|| type.equals("text/yaml")) {
			if (kind != null && !FilesProvider.INVENTORY.equals(kind)) {
				throw new ProblemException(Problems.invalid("kind", kind + " files are application/json"));
			}
			boolean yaml = !type.equals("text/plain");
			return new Kind(FilesProvider.INVENTORY, yaml ? "yaml" : "ini", "inventory",
					yaml ? "YAML Ansible inventory" : "INI Ansible inventory");
		}
		throw new ProblemException(Problems.invalid("The upload's type is not supported", List.of(new FieldError(
				"Content-Type", "must be application/json (Terraform state, Ansible facts), text/plain (INI inventory) "
						+ "or application/yaml (YAML inventory)"))));
	}

	private static Map<String, Object> view(Document upload) {
		Map<String, Object> view = new LinkedHashMap<>();
		view.put("id", upload.getString("_id"));
		view.put("name", upload.getString("name"));
		view.put("kind", upload.getString("kind"));
		view.put("contentType", upload.getString("contentType"));
		view.put("size", upload.get("size"));
		view.put("sha256", upload.getString("sha256"));
		view.put("summary", upload.get("summary"));
		view.put("createdAt", ((java.util.Date) upload.get("createdAt")).toInstant());
		return view;
	}

	private record File(String contentType, String filename, byte[] content) {
	}

	private record Kind(String kind, String format, String defaultName, String description) {
	}

}
