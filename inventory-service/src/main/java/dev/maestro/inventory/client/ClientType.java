package dev.maestro.inventory.client;

import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.maestro.inventory.entity.DescribedType;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.springframework.stereotype.Component;

/** Clients: the owners of service levels, and how to reach them. */
@Component
class ClientType extends DescribedType {

	ClientType() {
		super("clients", "Client", ClientBody.class, List.of("name"), Set.of("name", "sla"), Map.of());
	}

	/**
	 * @param name who
	 * @param sla the service level agreed, e.g. "99.9% / 4h"
	 * @param contacts how to reach them
	 */
	record ClientBody(@NotBlank @Size(max = 200) String name, @Size(max = 200) String sla,
			@Valid @Size(max = 32) List<Contact> contacts) {
	}

	/**
	 * @param channel email, phone, slack, ...
	 * @param value the address, number or handle
	 * @param name whom it reaches
	 */
	record Contact(@NotNull Channel channel, @NotBlank @Size(max = 256) String value, @Size(max = 200) String name) {
	}

	enum Channel {

		EMAIL, PHONE, SLACK, TEAMS, PAGERDUTY, OTHER

	}

}
