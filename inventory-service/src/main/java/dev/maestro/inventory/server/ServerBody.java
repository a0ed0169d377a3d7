package dev.maestro.inventory.server;

import java.util.List;
import java.util.Map;

import dev.maestro.inventory.entity.Environment;
import dev.maestro.inventory.entity.Validation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

/**
 * A server, physical or virtual, on premises or in a cloud.
 *
 * @param hostname its host name (required; a duplicate in the team is accepted with a warning)
 * @param ipv4Private private IPv4 address (a duplicate is accepted with a warning)
 * @param ipv4Public public IPv4 address, for servers reachable from outside
 * @param ipv6 IPv6 address
 * @param os operating system
 * @param cpu number of CPUs (vCPUs)
 * @param memoryMb memory in MB
 * @param environment Production, Development or Stage
 * @param storage disks and mounts
 * @param datacenter where it runs; a cloud instance id identifies the machine for discovery
 * @param services software from the services catalogue running on it
 * @param accessMethods how people reach it (never a secret)
 * @param status ACTIVE, or ORPHAN when discovery no longer sees it
 * @param tags free-form labels
 */
public record ServerBody(@NotBlank @Size(max = 253) String hostname, @Pattern(regexp = Validation.IPV4,
		message = "must be an IPv4 address such as 10.0.0.12") String ipv4Private,
		@Pattern(regexp = Validation.IPV4, message = "must be an IPv4 address such as 203.0.113.7") String ipv4Public,
		@Pattern(regexp = Validation.IPV6, message = "must be an IPv6 address") String ipv6, @Valid Os os,
		@Min(1) @Max(4096) Integer cpu, @Min(1) @Max(67_108_864) Long memoryMb, Environment environment,
		@Valid @Size(max = 256) List<Storage> storage, @Valid Datacenter datacenter,
		@Valid @Size(max = 256) List<RunningService> services, @Valid @Size(max = 32) List<AccessMethod> accessMethods,
		Status status, @Size(max = 64) Map<@Size(max = 128) String, @Size(max = 256) String> tags) {

	/** Whether discovery still sees the server. */
	public enum Status {

		ACTIVE, ORPHAN

	}

	/**
	 * @param base Linux, Windows, ...
	 * @param dist the distribution, for Linux: Ubuntu, CentOS, ...
	 * @param version its version
	 */
	public record Os(@Size(max = 64) String base, @Size(max = 64) String dist, @Size(max = 64) String version) {
	}

	/**
	 * @param mountPath where it is mounted
	 * @param sizeGb its size in GB
	 * @param root whether it is the root device
	 * @param volumeId the cloud volume it is, if any
	 */
	public record Storage(@Size(max = 256) String mountPath, @PositiveOrZero Long sizeGb, Boolean root,
			@Size(max = 128) String volumeId) {
	}

	/**
	 * @param id the datacenter record (optional)
	 * @param provider aws, azure, openstack, on-premises, ...
	 * @param region the region
	 * @param zone the zone
	 * @param instanceId the cloud's id of this machine
	 */
	public record Datacenter(@Pattern(regexp = Validation.ID) String id, @Size(max = 64) String provider,
			@Size(max = 64) String region, @Size(max = 64) String zone, @Size(max = 128) String instanceId) {
	}

	/**
	 * @param serviceId the catalogue entry (e.g. Oracle Database)
	 * @param status running, stopped, ...
	 * @param version the version running
	 */
	public record RunningService(@NotBlank @Pattern(regexp = Validation.ID) String serviceId,
			@Size(max = 32) String status, @Size(max = 64) String version) {
	}

	/**
	 * @param name a label, e.g. "bastion SSH"
	 * @param type ssh, rdp, winrm, console, ...
	 * @param username the account to use; passwords and keys are never stored here
	 */
	public record AccessMethod(@NotBlank @Size(max = 64) String name, @NotBlank @Size(max = 32) String type,
			@Size(max = 64) String username) {
	}

}
