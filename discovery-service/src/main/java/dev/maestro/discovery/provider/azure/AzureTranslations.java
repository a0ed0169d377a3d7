package dev.maestro.discovery.provider.azure;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.maestro.discovery.provider.Discovered;
import dev.maestro.discovery.provider.rest.Bodies;
import dev.maestro.discovery.provider.rest.RestApi;

/**
 * Azure Resource Manager objects (plain JSON maps) → inventory bodies. Pure functions. Resource
 * ids are case-insensitive in Azure (a NIC may name its VM in other case than the VM's own id),
 * so provider ids are the lower-cased resource ids.
 */
final class AzureTranslations {

	static final String PROVIDER = "azure";

	private AzureTranslations() {
	}

	static String key(String resourceId) {
		return (resourceId != null) ? resourceId.toLowerCase(Locale.ROOT) : null;
	}

	/** The resource group named in a resource id. */
	static String resourceGroup(String resourceId) {
		String[] parts = (resourceId != null) ? resourceId.split("/") : new String[0];
		for (int i = 0; i < parts.length - 1; i++) {
			if (parts[i].equalsIgnoreCase("resourceGroups")) {
				return parts[i + 1];
			}
		}
		return null;
	}

	/** The NIC a {@code .../networkInterfaces/<nic>/ipConfigurations/<name>} id belongs to. */
	static String nicOf(String ipConfigurationId) {
		String key = key(ipConfigurationId);
		int at = (key != null) ? key.indexOf("/ipconfigurations/") : -1;
		return (at > 0) ? key.substring(0, at) : key;
	}

	/**
	 * Virtual machines → servers.
	 *
	 * @param nics lower-cased NIC id → its addresses
	 */
	static List<Discovered> virtualMachines(List<Map<String, Object>> vms, Map<String, Addresses> nics) {
		List<Discovered> records = new ArrayList<>();
		for (Map<String, Object> vm : vms) {
			String id = RestApi.text(vm, "id");
			if (id != null) {
				records.add(new Discovered(key(id), server(vm, nics)));
			}
		}
		return records;
	}

	static Map<String, Object> server(Map<String, Object> vm, Map<String, Addresses> nics) {
		Map<String, Object> properties = RestApi.object(vm, "properties");
		Map<String, String> vmTags = RestApi.strings(vm, "tags");
		Map<String, Object> body = new LinkedHashMap<>();
		String computer = RestApi.text(RestApi.object(properties, "osProfile"), "computerName");
		body.put("hostname", Bodies.truncate((computer != null) ? computer : RestApi.text(vm, "name"), 253));
		Addresses addresses = Addresses.NONE;
		List<Map<String, Object>> interfaces = RestApi.objects(RestApi.object(properties, "networkProfile"), "networkInterfaces");
		// The primary NIC first: its addresses are the server's.
		List<Map<String, Object>> ordered = new ArrayList<>(interfaces);
		ordered.sort((a, b) -> Boolean.compare(primary(b), primary(a)));
		for (Map<String, Object> nic : ordered) {
			addresses = addresses.or(nics.getOrDefault(key(RestApi.text(nic, "id")), Addresses.NONE));
		}
		Bodies.put(body, "ipv4Private", addresses.privateIp());
		Bodies.put(body, "ipv4Public", addresses.publicIp());
		Bodies.put(body, "ipv6", addresses.ipv6());
		Map<String, Object> storageProfile = RestApi.object(properties, "storageProfile");
		Map<String, Object> os = os(storageProfile);
		if (!os.isEmpty()) {
			body.put("os", os);
		}
		String vmSize = RestApi.text(RestApi.object(properties, "hardwareProfile"), "vmSize");
		VmSizes.Size size = VmSizes.size(vmSize);
		if (size != null) {
			body.put("cpu", size.cpu());
			body.put("memoryMb", size.memoryMb());
		}
		Bodies.put(body, "environment", Bodies.environment(vmTags));
		List<Map<String, Object>> storage = new ArrayList<>();
		Map<String, Object> osDisk = RestApi.object(storageProfile, "osDisk");
		if (!osDisk.isEmpty()) {
			storage.add(disk(osDisk, true));
		}
		RestApi.objects(storageProfile, "dataDisks").forEach((disk) -> storage.add(disk(disk, false)));
		if (!storage.isEmpty()) {
			body.put("storage", storage);
		}
		Map<String, Object> datacenter = new LinkedHashMap<>();
		datacenter.put("provider", PROVIDER);
		Bodies.put(datacenter, "region", RestApi.text(vm, "location"));
		if (vm.get("zones") instanceof List<?> zones && !zones.isEmpty() && zones.get(0) != null) {
			datacenter.put("zone", Bodies.truncate(zones.get(0).toString(), 64));
		}
		Bodies.put(datacenter, "instanceId", Bodies.truncate(RestApi.text(properties, "vmId"), 128));
		body.put("datacenter", datacenter);
		Map<String, String> tags = new LinkedHashMap<>(vmTags);
		String group = resourceGroup(RestApi.text(vm, "id"));
		if (group != null) {
			tags.putIfAbsent("azure:resourceGroup", group);
		}
		if (vmSize != null) {
			tags.putIfAbsent("azure:vmSize", vmSize);
		}
		body.put("tags", Bodies.tags(tags));
		return body;
	}

	private static boolean primary(Map<String, Object> nic) {
		return "true".equals(RestApi.text(RestApi.object(nic, "properties"), "primary"));
	}

	private static Map<String, Object> disk(Map<String, Object> disk, boolean root) {
		Map<String, Object> out = new LinkedHashMap<>();
		String lun = RestApi.text(disk, "lun");
		Bodies.put(out, "mountPath", Bodies.truncate(root ? "os" : (lun != null) ? "lun" + lun : RestApi.text(disk, "name"), 256));
		Bodies.put(out, "sizeGb", RestApi.number(disk, "diskSizeGB"));
		out.put("root", root);
		Bodies.put(out, "volumeId", Bodies.truncate(RestApi.text(disk, "name"), 128));
		return out;
	}

	/** {@code osDisk.osType} → base; a marketplace image's offer → dist. */
	static Map<String, Object> os(Map<String, Object> storageProfile) {
		Map<String, Object> os = new LinkedHashMap<>();
		String type = RestApi.text(RestApi.object(storageProfile, "osDisk"), "osType");
		if (type != null) {
			os.put("base", type.equalsIgnoreCase("windows") ? "Windows" : "Linux");
		}
		String offer = RestApi.text(RestApi.object(storageProfile, "imageReference"), "offer");
		String o = (offer != null) ? offer.toLowerCase(Locale.ROOT) : "";
		String dist = o.contains("ubuntu") ? "Ubuntu" : o.contains("rhel") ? "RHEL" : o.contains("debian") ? "Debian"
				: o.contains("centos") ? "CentOS" : (o.contains("sles") || o.contains("suse")) ? "SUSE"
						: o.contains("almalinux") ? "AlmaLinux" : o.contains("rocky") ? "Rocky Linux"
								: o.contains("windowsserver") ? "Windows Server" : null;
		Bodies.put(os, "dist", dist);
		return os;
	}

	/** Managed disks → volumes. */
	static List<Discovered> disks(List<Map<String, Object>> disks) {
		return disks.stream().filter((d) -> RestApi.text(d, "id") != null).map((disk) -> {
			Map<String, Object> properties = RestApi.object(disk, "properties");
			String id = RestApi.text(disk, "id");
			String unique = RestApi.text(properties, "uniqueId");
			Map<String, Object> body = Bodies.cloud(RestApi.text(disk, "name"), PROVIDER, RestApi.text(disk, "location"),
					(unique != null) ? unique : id);
			if (disk.get("zones") instanceof List<?> zones && !zones.isEmpty() && zones.get(0) != null) {
				body.put("zone", zones.get(0).toString());
			}
			Bodies.put(body, "sizeGb", RestApi.number(properties, "diskSizeGB"));
			Bodies.put(body, "type", Bodies.truncate(RestApi.text(RestApi.object(disk, "sku"), "name"), 32));
			Bodies.put(body, "status", Bodies.truncate(RestApi.text(properties, "diskState"), 32));
			return new Discovered(key(id), body);
		}).toList();
	}

	/**
	 * A load balancer → {@code Loadbalance}: endpoint = its first frontend's private address or
	 * public IP, port = its first rule's frontend port, health check = its first probe, targets =
	 * the VMs (lower-cased ids) whose NICs its backend pools hold.
	 *
	 * @param vmOfNic lower-cased NIC id → lower-cased VM id
	 * @param publicIps lower-cased public IP resource id → address
	 */
	static Discovered loadBalancer(Map<String, Object> lb, Map<String, String> vmOfNic, Map<String, String> publicIps) {
		Map<String, Object> properties = RestApi.object(lb, "properties");
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("name", Bodies.truncate(RestApi.text(lb, "name"), 200));
		body.put("family", "Loadbalance");
		Map<String, Object> role = new LinkedHashMap<>();
		for (Map<String, Object> frontend : RestApi.objects(properties, "frontendIPConfigurations")) {
			Map<String, Object> config = RestApi.object(frontend, "properties");
			String address = RestApi.text(config, "privateIPAddress");
			if (address == null) {
				address = publicIps.get(key(RestApi.text(RestApi.object(config, "publicIPAddress"), "id")));
			}
			if (address != null) {
				role.put("endpoint", address);
				break;
			}
		}
		for (Map<String, Object> rule : RestApi.objects(properties, "loadBalancingRules")) {
			Long port = RestApi.number(RestApi.object(rule, "properties"), "frontendPort");
			if (port != null) {
				role.put("port", port.intValue());
				break;
			}
		}
		if (!role.isEmpty()) {
			body.put("role", role);
		}
		Map<String, Object> balancer = new LinkedHashMap<>();
		String sku = RestApi.text(RestApi.object(lb, "sku"), "name");
		balancer.put("service", "azure-lb" + ((sku != null) ? "-" + sku.toLowerCase(Locale.ROOT) : ""));
		RestApi.objects(properties, "probes").stream().findFirst().ifPresent((probe) -> {
			Map<String, Object> config = RestApi.object(probe, "properties");
			String check = RestApi.text(config, "protocol") + ":" + RestApi.text(config, "port")
					+ ((RestApi.text(config, "requestPath") != null) ? RestApi.text(config, "requestPath") : "");
			balancer.put("healthCheck", Bodies.truncate(check, 512));
		});
		body.put("loadBalancer", balancer);
		Map<String, String> tags = new LinkedHashMap<>(RestApi.strings(lb, "tags"));
		if (RestApi.text(lb, "location") != null) {
			tags.putIfAbsent("azure:region", RestApi.text(lb, "location"));
		}
		String group = resourceGroup(RestApi.text(lb, "id"));
		if (group != null) {
			tags.putIfAbsent("azure:resourceGroup", group);
		}
		body.put("tags", Bodies.tags(tags));
		List<String> targets = new ArrayList<>();
		for (Map<String, Object> pool : RestApi.objects(properties, "backendAddressPools")) {
			for (Map<String, Object> config : RestApi.objects(RestApi.object(pool, "properties"), "backendIPConfigurations")) {
				String vm = vmOfNic.get(nicOf(RestApi.text(config, "id")));
				if (vm != null && !targets.contains(vm)) {
					targets.add(vm);
				}
			}
		}
		return new Discovered(key(RestApi.text(lb, "id")), body, targets);
	}

	/**
	 * The addresses of a NIC (or of a server, NICs merged in order).
	 *
	 * @param privateIp first private IPv4
	 * @param publicIp first public IPv4 (resolved from its public IP resource)
	 * @param ipv6 first IPv6
	 */
	record Addresses(String privateIp, String publicIp, String ipv6) {

		static final Addresses NONE = new Addresses(null, null, null);

		Addresses or(Addresses other) {
			return new Addresses((this.privateIp != null) ? this.privateIp : other.privateIp,
					(this.publicIp != null) ? this.publicIp : other.publicIp, (this.ipv6 != null) ? this.ipv6 : other.ipv6);
		}

		/** A NIC's {@code ipConfigurations}, primary first. */
		static Addresses of(Map<String, Object> nic, Map<String, String> publicIps) {
			Addresses found = NONE;
			List<Map<String, Object>> configs = new ArrayList<>(
					RestApi.objects(RestApi.object(nic, "properties"), "ipConfigurations"));
			configs.sort((a, b) -> Boolean.compare(primary(b), primary(a)));
			for (Map<String, Object> config : configs) {
				Map<String, Object> properties = RestApi.object(config, "properties");
				String address = RestApi.text(properties, "privateIPAddress");
				boolean v6 = "IPv6".equalsIgnoreCase(RestApi.text(properties, "privateIPAddressVersion"))
						|| (address != null && address.contains(":"));
				String publicIp = publicIps.get(key(RestApi.text(RestApi.object(properties, "publicIPAddress"), "id")));
				found = found.or(new Addresses((!v6 && Bodies.ipv4(address)) ? address : null, Bodies.ipv4(publicIp) ? publicIp : null, v6 ? address : null));
			}
			return found;
		}

	}

}
