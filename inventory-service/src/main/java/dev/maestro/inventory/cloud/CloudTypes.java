package dev.maestro.inventory.cloud;

import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.maestro.inventory.entity.DescribedType;
import dev.maestro.inventory.entity.Validation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The cloud-side records discovery fills in: volumes, snapshots, images, networks and flavors.
 * Each names its provider, region and the provider's own id.
 */
@Configuration(proxyBeanMethods = false)
class CloudTypes {

	private static final Set<String> COMMON = Set.of("name", "provider", "region", "providerId");

	private static Set<String> indexed(String... more) {
		java.util.HashSet<String> fields = new java.util.HashSet<>(COMMON);
		fields.addAll(List.of(more));
		return Set.copyOf(fields);
	}

	@Bean
	DescribedType volumes() {
		return new DescribedType("volumes", "Volume", Volume.class, List.of("name", "providerId"),
				indexed("serverId", "status", "type"), Map.of("serverId", List.of("servers"))) {
		};
	}

	@Bean
	DescribedType snapshots() {
		return new DescribedType("snapshots", "Snapshot", Snapshot.class, List.of("name", "providerId"),
				indexed("volumeId"), Map.of("volumeId", List.of("volumes"))) {
		};
	}

	@Bean
	DescribedType images() {
		return new DescribedType("images", "Image", Image.class, List.of("name", "providerId"), indexed("os.base"),
				Map.of()) {
		};
	}

	@Bean
	DescribedType networks() {
		return new DescribedType("networks", "Network", Network.class, List.of("name", "providerId", "cidr"),
				indexed("kind", "parentId", "cidr"), Map.of("parentId", List.of("networks"))) {
		};
	}

	@Bean
	DescribedType flavors() {
		return new DescribedType("flavors", "Flavor", Flavor.class, List.of("name", "providerId"),
				indexed("cpu", "memoryMb"), Map.of()) {
		};
	}

	record Volume(@NotBlank @Size(max = 200) String name, @Size(max = 64) String provider, @Size(max = 64) String region,
			@Size(max = 64) String zone, @Size(max = 128) String providerId, @PositiveOrZero Long sizeGb,
			@Size(max = 32) String type, @Pattern(regexp = Validation.ID) String serverId, @Size(max = 32) String status) {
	}

	record Snapshot(@NotBlank @Size(max = 200) String name, @Size(max = 64) String provider,
			@Size(max = 64) String region, @Size(max = 128) String providerId,
			@Pattern(regexp = Validation.ID) String volumeId, @PositiveOrZero Long sizeGb,
			@Size(max = 64) String takenAt) {
	}

	record Image(@NotBlank @Size(max = 200) String name, @Size(max = 64) String provider, @Size(max = 64) String region,
			@Size(max = 128) String providerId, @Valid Os os, @Size(max = 32) String architecture) {
	}

	record Os(@Size(max = 64) String base, @Size(max = 64) String dist, @Size(max = 64) String version) {
	}

	record Network(@NotBlank @Size(max = 200) String name, @Size(max = 64) String provider,
			@Size(max = 64) String region, @Size(max = 128) String providerId, Kind kind,
			@Size(max = 64) String cidr, @Pattern(regexp = Validation.ID) String parentId) {
	}

	enum Kind {

		VPC, SUBNET, SECURITY_GROUP, NETWORK

	}

	record Flavor(@NotBlank @Size(max = 200) String name, @Size(max = 64) String provider,
			@Size(max = 128) String providerId, @Min(1) @Max(4096) Integer cpu, @Min(1) Long memoryMb,
			@PositiveOrZero Long diskGb) {
	}

}
