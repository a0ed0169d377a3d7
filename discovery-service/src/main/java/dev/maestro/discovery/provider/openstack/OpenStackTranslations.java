package dev.maestro.discovery.provider.openstack;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.maestro.discovery.provider.Discovered;
import dev.maestro.discovery.provider.rest.Bodies;
import dev.maestro.discovery.provider.rest.RestApi;

/** OpenStack API objects (plain JSON maps) → inventory bodies. Pure functions. */
final class OpenStackTranslations {

	static final String PROVIDER = "openstack";

	private OpenStackTranslations() {
	}

	/**
	 * Nova servers ({@code /servers/detail}) → servers. The flavor is either embedded (microversion
	 * 2.47+: {@code vcpus}, {@code ram}) or an id looked up in {@code flavors} (id → flavor).
	 * Deleted servers are not reported, so they orphan.
	 */
	static List<Discovered> servers(List<Map<String, Object>> servers, Map<String, Map<String, Object>> flavors,
			String region) {
		List<Discovered> records = new ArrayList<>();
		for (Map<String, Object> server : servers) {
			String id = RestApi.text(server, "id");
			String status = RestApi.text(server, "status");
			if (id == null || "DELETED".equals(status) || "SOFT_DELETED".equals(status)) {
				continue;
			}
			records.add(new Discovered(id, server(server, flavors, region)));
		}
		return records;
	}

	static Map<String, Object> server(Map<String, Object> server, Map<String, Map<String, Object>> flavors, String region) {
		String id = RestApi.text(server, "id");
		Map<String, String> metadata = RestApi.strings(server, "metadata");
		Map<String, Object> body = new LinkedHashMap<>();
		String name = RestApi.text(server, "name");
		body.put("hostname", Bodies.truncate((name != null) ? name : id, 253));
		addresses(server, body);
		Map<String, Object> os = os(metadata);
		if (!os.isEmpty()) {
			body.put("os", os);
		}
		Map<String, Object> flavor = RestApi.object(server, "flavor");
		if (RestApi.number(flavor, "vcpus") == null && RestApi.text(flavor, "id") != null) {
			flavor = flavors.getOrDefault(RestApi.text(flavor, "id"), Map.of());
		}
		Long cpus = RestApi.number(flavor, "vcpus");
		Long ram = RestApi.number(flavor, "ram");
		if (cpus != null && cpus > 0) {
			body.put("cpu", cpus.intValue());
		}
		if (ram != null && ram > 0) {
			body.put("memoryMb", ram);
		}
		Bodies.put(body, "environment", Bodies.environment(metadata));
		List<Map<String, Object>> storage = new ArrayList<>();
		for (Map<String, Object> volume : RestApi.objects(server, "os-extended-volumes:volumes_attached")) {
			Map<String, Object> disk = new LinkedHashMap<>();
			Bodies.put(disk, "volumeId", RestApi.text(volume, "id"));
			if (!disk.isEmpty()) {
				storage.add(disk);
			}
		}
		if (!storage.isEmpty()) {
			body.put("storage", storage);
		}
		Map<String, Object> datacenter = new LinkedHashMap<>();
		datacenter.put("provider", PROVIDER);
		datacenter.put("region", region);
		Bodies.put(datacenter, "zone", Bodies.truncate(RestApi.text(server, "OS-EXT-AZ:availability_zone"), 64));
		datacenter.put("instanceId", id);
		body.put("datacenter", datacenter);
		Map<String, String> tags = Bodies.tags(metadata);
		if (!tags.isEmpty()) {
			body.put("tags", tags);
		}
		return body;
	}

	/**
	 * {@code addresses {network: [{addr, version, OS-EXT-IPS:type}]}}: a {@code floating} IPv4 (or
	 * {@code accessIPv4}, or a fixed address outside private ranges) is public, the first private
	 * fixed IPv4 is private, the first IPv6 is {@code ipv6}.
	 */
	private static void addresses(Map<String, Object> server, Map<String, Object> body) {
		String privateIp = null;
		String publicIp = Bodies.ipv4(RestApi.text(server, "accessIPv4")) ? RestApi.text(server, "accessIPv4") : null;
		String ipv6 = null;
		for (Object network : RestApi.object(server, "addresses").values()) {
			if (!(network instanceof List<?> list)) {
				continue;
			}
			for (Object item : list) {
				String address = RestApi.text(item, "addr");
				if (address == null) {
					continue;
				}
				if ("6".equals(RestApi.text(item, "version")) || address.contains(":")) {
					ipv6 = (ipv6 != null) ? ipv6 : address;
				}
				else if (Bodies.ipv4(address)) {
					boolean floating = "floating".equals(RestApi.text(item, "OS-EXT-IPS:type"));
					if (floating || !Bodies.privateIpv4(address)) {
						publicIp = (publicIp != null) ? publicIp : address;
					}
					else {
						privateIp = (privateIp != null) ? privateIp : address;
					}
				}
			}
		}
		Bodies.put(body, "ipv4Private", privateIp);
		Bodies.put(body, "ipv4Public", publicIp);
		Bodies.put(body, "ipv6", ipv6);
	}

	/** Glance-style {@code os_type} / {@code os_distro} / {@code os_version} metadata → os. */
	static Map<String, Object> os(Map<String, String> metadata) {
		Map<String, Object> os = new LinkedHashMap<>();
		String type = metadata.get("os_type");
		String distro = metadata.get("os_distro");
		if (type != null) {
			os.put("base", type.toLowerCase(Locale.ROOT).startsWith("win") ? "Windows" : "Linux");
		}
		else if (distro != null) {
			os.put("base", distro.toLowerCase(Locale.ROOT).startsWith("win") ? "Windows" : "Linux");
		}
		Bodies.put(os, "dist", Bodies.truncate(distro, 64));
		Bodies.put(os, "version", Bodies.truncate(metadata.get("os_version"), 64));
		return os;
	}

	/** Cinder volumes ({@code /volumes/detail}) → volumes. */
	static List<Discovered> volumes(List<Map<String, Object>> volumes, String region) {
		return volumes.stream().filter((v) -> RestApi.text(v, "id") != null).map((volume) -> {
			String id = RestApi.text(volume, "id");
			String name = RestApi.text(volume, "name");
			Map<String, Object> body = Bodies.cloud((name != null) ? name : id, PROVIDER, region, id);
			Bodies.put(body, "zone", Bodies.truncate(RestApi.text(volume, "availability_zone"), 64));
			Bodies.put(body, "sizeGb", RestApi.number(volume, "size"));
			Bodies.put(body, "type", Bodies.truncate(RestApi.text(volume, "volume_type"), 32));
			Bodies.put(body, "status", Bodies.truncate(RestApi.text(volume, "status"), 32));
			return new Discovered(id, body);
		}).toList();
	}

	/** Neutron networks → networks of kind {@code NETWORK}. */
	static List<Discovered> networks(List<Map<String, Object>> networks, String region) {
		return networks.stream()
			.filter((n) -> RestApi.text(n, "id") != null)
			.map((network) -> network(RestApi.text(network, "id"), RestApi.text(network, "name"), region, "NETWORK", null))
			.toList();
	}

	/** Neutron subnets → networks of kind {@code SUBNET} with their CIDR. */
	static List<Discovered> subnets(List<Map<String, Object>> subnets, String region) {
		return subnets.stream()
			.filter((s) -> RestApi.text(s, "id") != null)
			.map((subnet) -> network(RestApi.text(subnet, "id"), RestApi.text(subnet, "name"), region, "SUBNET",
					RestApi.text(subnet, "cidr")))
			.toList();
	}

	private static Discovered network(String id, String name, String region, String kind, String cidr) {
		Map<String, Object> body = Bodies.cloud((name != null) ? name : id, PROVIDER, region, id);
		body.put("kind", kind);
		Bodies.put(body, "cidr", Bodies.truncate(cidr, 64));
		return new Discovered(id, body);
	}

	/**
	 * An Octavia load balancer → {@code Loadbalance}: endpoint = its VIP, port = its first
	 * listener's, targets = the Nova server ids of its pools' members (the sync core turns them
	 * into inventory ids).
	 */
	static Discovered loadBalancer(Map<String, Object> lb, Long port, List<String> serverIds, String region) {
		String id = RestApi.text(lb, "id");
		String name = RestApi.text(lb, "name");
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("name", Bodies.truncate((name != null) ? name : id, 200));
		body.put("family", "Loadbalance");
		Map<String, Object> role = new LinkedHashMap<>();
		Bodies.put(role, "endpoint", RestApi.text(lb, "vip_address"));
		Bodies.put(role, "port", (port != null) ? port.intValue() : null);
		if (!role.isEmpty()) {
			body.put("role", role);
		}
		String driver = RestApi.text(lb, "provider");
		body.put("loadBalancer", Map.of("service", "openstack-octavia" + ((driver != null) ? "-" + driver : "")));
		Map<String, String> tags = new LinkedHashMap<>();
		tags.put("openstack:region", region);
		tags.put("openstack:id", id);
		if (RestApi.text(lb, "operating_status") != null) {
			tags.put("openstack:operatingStatus", RestApi.text(lb, "operating_status"));
		}
		body.put("tags", Bodies.tags(tags));
		return new Discovered(id, body, serverIds);
	}

}
