package dev.maestro.inventory.datacenter;

import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.maestro.inventory.entity.DescribedType;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.springframework.stereotype.Component;

/** Datacenters: clouds, bare-metal sites and providers, with their regions and zones. */
@Component
class DatacenterType extends DescribedType {

	DatacenterType() {
		super("datacenters", "Datacenter", Datacenter.class, List.of("name", "provider"),
				Set.of("name", "provider", "regions"), Map.of());
	}

	/**
	 * @param name its name
	 * @param provider aws, azure, openstack, equinix, own, ...
	 * @param regions the regions used
	 * @param zones the zones used
	 */
	record Datacenter(@NotBlank @Size(max = 200) String name, @Size(max = 64) String provider,
			@Size(max = 128) List<@Size(max = 64) String> regions, @Size(max = 256) List<@Size(max = 64) String> zones) {
	}

}
