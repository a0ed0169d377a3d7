package dev.maestro.discovery.provider;

import java.util.List;
import java.util.Map;

import dev.maestro.request.security.TeamAccess;
import reactor.core.publisher.Mono;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/providers}: what a UI needs to build a connection form. */
@RestController
class ProvidersController {

	private final Providers providers;

	ProvidersController(Providers providers) {
		this.providers = providers;
	}

	@GetMapping("/api/providers")
	Mono<Map<String, Object>> providers() {
		return TeamAccess.caller().map((caller) -> Map.of("items", this.providers.all().stream().map(ProvidersController::describe).toList()));
	}

	static Map<String, Object> describe(Provider provider) {
		List<Map<String, Object>> tasks = provider.tasks()
			.stream()
			.map((task) -> Map.<String, Object>of("id", task.id(), "collection", task.collection(), "defaultInterval",
					task.defaultInterval().toString(), "global", task.global()))
			.toList();
		return Map.of("id", provider.id(), "name", provider.name(), "regional", provider.regional(),
				"credentialFields", provider.credentialFields(), "tasks", tasks);
	}

}
