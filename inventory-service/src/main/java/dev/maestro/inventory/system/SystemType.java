package dev.maestro.inventory.system;

import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.maestro.inventory.entity.DescribedType;
import dev.maestro.inventory.entity.Validation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.springframework.stereotype.Component;

/** Systems: groups of applications, databases and load balancers that make up one business system. */
@Component
class SystemType extends DescribedType {

	SystemType() {
		super("systems", "System", SystemBody.class, List.of("name", "owner"), Set.of("name", "owner", "clientIds"),
				Map.of("applicationIds[]", List.of("applications"), "clientIds[]", List.of("clients")));
	}

	/**
	 * @param name its name
	 * @param description what it does
	 * @param owner who answers for it
	 * @param links useful links (runbooks, dashboards, repositories)
	 * @param applicationIds the applications it groups
	 * @param clientIds the clients it serves
	 */
	record SystemBody(@NotBlank @Size(max = 200) String name, @Size(max = 2000) String description,
			@Size(max = 200) String owner, @Valid @Size(max = 64) List<Link> links,
			@Size(max = 1024) List<@Pattern(regexp = Validation.ID) String> applicationIds,
			@Size(max = 256) List<@Pattern(regexp = Validation.ID) String> clientIds) {
	}

	/**
	 * @param name what it is
	 * @param url where
	 */
	record Link(@NotBlank @Size(max = 100) String name,
			@NotBlank @Size(max = 2048) @Pattern(regexp = "^https?://.+", message = "must be an http(s) URL") String url) {
	}

}
