package dev.maestro.discovery.connection;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.maestro.discovery.provider.Provider;
import dev.maestro.discovery.provider.ProviderContext;
import dev.maestro.discovery.provider.files.Uploads;
import dev.maestro.discovery.sync.SyncService;
import dev.maestro.request.security.TeamAccess;
import dev.maestro.request.security.TeamRole;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * A team's connections. VIEWERs read them, ADMINs manage them (they hold the team's cloud
 * credentials), EDITORs may test them. No answer ever carries credentials: only which
 * credential fields are set.
 */
@RestController
@RequestMapping("/api/teams/{teamId}/connections")
class ConnectionController {

	private final ConnectionService connections;

	private final SyncService syncs;

	private final Uploads uploads;

	ConnectionController(ConnectionService connections, SyncService syncs, Uploads uploads) {
		this.connections = connections;
		this.syncs = syncs;
		this.uploads = uploads;
	}

	@PostMapping
	@ResponseStatus(HttpStatus.CREATED)
	Mono<Map<String, Object>> create(@PathVariable String teamId, @RequestBody Map<String, Object> body) {
		return TeamAccess.require(teamId, TeamRole.ADMIN).then(this.connections.create(teamId, body)).map(this::view);
	}

	@GetMapping
	Mono<Map<String, Object>> list(@PathVariable String teamId) {
		return TeamAccess.require(teamId, TeamRole.VIEWER)
			.thenMany(this.connections.list(teamId))
			.map(this::view)
			.collectList()
			.map((items) -> Map.of("items", items));
	}

	@GetMapping("/{id}")
	Mono<Map<String, Object>> get(@PathVariable String teamId, @PathVariable String id) {
		return TeamAccess.require(teamId, TeamRole.VIEWER).then(this.connections.get(teamId, id)).map(this::view);
	}

	@PatchMapping("/{id}")
	Mono<Map<String, Object>> patch(@PathVariable String teamId, @PathVariable String id,
			@RequestBody Map<String, Object> body) {
		return TeamAccess.require(teamId, TeamRole.ADMIN)
			.then(this.connections.patch(teamId, id, body))
			.map(this::view);
	}

	@DeleteMapping("/{id}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	Mono<Void> delete(@PathVariable String teamId, @PathVariable String id) {
		return TeamAccess.require(teamId, TeamRole.ADMIN)
			.then(this.connections.delete(teamId, id))
			.then(this.syncs.forget(id))
			.then(this.uploads.forget(id));
	}

	/** Tries the stored credentials against the provider: {@code {ok, message}}. */
	@PostMapping("/{id}/test")
	Mono<Provider.TestResult> test(@PathVariable String teamId, @PathVariable String id) {
		return TeamAccess.require(teamId, TeamRole.EDITOR).then(this.connections.get(teamId, id)).flatMap((connection) -> {
			Provider provider = this.connections.provider(connection);
			return Mono.fromCallable(() -> this.connections.context(connection))
				.subscribeOn(Schedulers.boundedElastic())
				.flatMap((ProviderContext context) -> provider.test(context));
		});
	}

	private Map<String, Object> view(Connection connection) {
		Provider provider = this.connections.provider(connection);
		Map<String, Object> view = new LinkedHashMap<>();
		view.put("id", connection.id());
		view.put("teamId", connection.teamId());
		view.put("name", connection.name());
		view.put("provider", connection.provider());
		view.put("regions", connection.regions());
		view.put("endpoint", connection.endpoint());
		view.put("schedule", connection.schedule());
		view.put("effectiveSchedule", (provider != null) ? connection.effectiveSchedule(provider) : Map.of());
		view.put("credentialFields", (provider != null) ? provider.credentialFields()
			.stream()
			.map(Provider.CredentialField::name)
			.toList() : List.of());
		view.put("createdAt", connection.createdAt());
		view.put("updatedAt", connection.updatedAt());
		return view;
	}

}
