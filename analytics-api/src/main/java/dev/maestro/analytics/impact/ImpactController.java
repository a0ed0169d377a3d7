package dev.maestro.analytics.impact;

import java.util.Map;

import dev.maestro.request.MaestroRequest;
import dev.maestro.request.MaestroRequestException;
import dev.maestro.request.security.TeamAccess;
import dev.maestro.request.security.TeamRole;
import dev.maestro.request.web.ProblemException;
import dev.maestro.request.web.Problems;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Impact of an application, computed on the live inventory: inventory's {@code graph-export}
 * scoped to the application with its dependents ({@code applicationIds=<id>&dependents=true}: the
 * application, everything it depends on and everything that depends on it, transitively), analysed
 * with JGraphT. An application inventory does not know in the team (a 400 on the scope) is a 404
 * here; an inventory that is down answers 503 through MaestroRequest.
 */
@RestController
class ImpactController {

	private static final ParameterizedTypeReference<Map<String, Object>> JSON_OBJECT = new ParameterizedTypeReference<>() {
	};

	private final MaestroRequest request;

	private final String inventory;

	ImpactController(MaestroRequest request,
			@Value("${maestro.analytics.inventory-service:inventory-service}") String inventory) {
		this.request = request;
		this.inventory = inventory;
	}

	@GetMapping("/api/teams/{teamId}/impact/{applicationId}")
	Mono<Map<String, Object>> impact(@PathVariable String teamId, @PathVariable String applicationId) {
		return TeamAccess.require(teamId, TeamRole.VIEWER)
			.then(this.request.to(this.inventory)
				.get("/api/teams/{teamId}/graph-export?applicationIds={applicationId}&dependents=true", JSON_OBJECT,
						teamId, applicationId))
			.onErrorMap(MaestroRequestException.BadRequest.class,
					(ex) -> new ProblemException(Problems.notFound("Application", applicationId)))
			.publishOn(Schedulers.parallel())
			.map((export) -> {
				ImpactAnalysis analysis = new ImpactAnalysis(export);
				if (!analysis.contains(applicationId)) {
					throw new ProblemException(Problems.notFound("Application", applicationId));
				}
				return analysis.impact(applicationId);
			});
	}

}
