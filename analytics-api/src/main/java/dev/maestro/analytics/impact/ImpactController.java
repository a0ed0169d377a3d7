package dev.maestro.analytics.impact;

import java.util.Map;

import dev.maestro.request.MaestroRequest;
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
 * Impact of an application, computed on the live inventory: inventory's {@code graph-export} of
 * the whole team (its dependents and dependencies can be anywhere in it), analysed with JGraphT.
 * The whole team is asked for because {@code ServiceClient} cannot send query parameters yet; an
 * inventory that is down answers 503 through MaestroRequest.
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
			.then(this.request.to(this.inventory).get("/api/teams/{teamId}/graph-export", JSON_OBJECT, teamId))
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
