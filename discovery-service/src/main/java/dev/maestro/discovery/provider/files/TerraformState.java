package dev.maestro.discovery.provider.files;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.maestro.discovery.provider.Discovered;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Terraform state, format v4 ({@code version: 4}, {@code resources[] {mode, type, name, module?,
 * instances[] {index_key?, attributes}}}) → inventory records. Managed resources of the mapped
 * types become records; data sources are ignored; other types are counted and skipped.
 */
final class TerraformState {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private TerraformState() {
	}

	static Parsed parse(byte[] content) {
		JsonNode root;
		try {
			root = JSON.readTree(content);
		}
		catch (JacksonException ex) {
			TokenStreamLocation at = ex.getLocation();
			throw new FileFormatException((at != null) ? "line " + at.getLineNr() + ", column " + at.getColumnNr() : "file",
					"not valid JSON: " + ex.getOriginalMessage());
		}
		if (root == null || !root.isObject()) {
			throw new FileFormatException("file", "a Terraform state is a JSON object");
		}
		if (!root.path("version").isInt() || root.path("version").asInt() != 4) {
			throw new FileFormatException("version", "must be 4 (Terraform state format v4), is " + root.path("version"));
		}
		JsonNode resources = root.path("resources");
		if (!resources.isArray()) {
			throw new FileFormatException("resources", "must be an array");
		}
		Parsed parsed = new Parsed();
		for (int r = 0; r < resources.size(); r++) {
			JsonNode resource = resources.get(r);
			String at = "resources[" + r + "]";
			if (!resource.isObject() || !resource.path("type").isString() || !resource.path("name").isString()) {
				throw new FileFormatException(at, "must be an object with type and name");
			}
			if (!resource.path("instances").isArray()) {
				throw new FileFormatException(at + ".instances", "must be an array");
			}
			if ("data".equals(resource.path("mode").asString(""))) {
				continue;
			}
			String type = resource.path("type").asString();
			String address = (resource.hasNonNull("module") ? resource.path("module").asString() + "." : "") + type + "."
					+ resource.path("name").asString();
			JsonNode instances = resource.path("instances");
			for (int i = 0; i < instances.size(); i++) {
				JsonNode instance = instances.get(i);
				JsonNode attributes = instance.path("attributes");
				if (!attributes.isObject()) {
					throw new FileFormatException(at + ".instances[" + i + "].attributes", "must be an object");
				}
				JsonNode key = instance.path("index_key");
				String instanceAddress = address + (key.isMissingNode() || key.isNull() ? ""
						: key.isNumber() ? "[" + key.asInt() + "]" : "[\"" + key.asString() + "\"]");
				translate(type, instanceAddress, attributes, parsed);
			}
		}
		return parsed;
	}

	private static void translate(String type, String address, JsonNode a, Parsed parsed) {
		String id = text(a, "id");
		String providerId = (id != null) ? id : address;
		switch (type) {
			case "aws_instance" -> parsed.add("servers", new Discovered(providerId, awsInstance(a, address)));
			case "aws_ebs_volume" -> {
				Map<String, Object> body = cloud(first(tag(a, "Name"), id), "aws", awsRegion(a), providerId, address);
				put(body, "zone", text(a, "availability_zone"));
				if (a.path("size").isNumber()) {
					body.put("sizeGb", a.path("size").asLong());
				}
				put(body, "type", text(a, "type"));
				parsed.add("volumes", new Discovered(providerId, body));
			}
			case "aws_db_instance", "aws_rds_cluster" -> {
				Map<String, Object> body = new LinkedHashMap<>();
				body.put("name", first(text(a, "identifier"), text(a, "cluster_identifier"), id));
				body.put("family", "Database");
				Map<String, Object> role = new LinkedHashMap<>();
				put(role, "endpoint", first(text(a, "address"), text(a, "endpoint")));
				if (a.path("port").isNumber()) {
					role.put("port", a.path("port").asInt());
				}
				if (!role.isEmpty()) {
					body.put("role", role);
				}
				Map<String, Object> database = new LinkedHashMap<>();
				database.put("engine", engine(text(a, "engine")));
				put(database, "version", text(a, "engine_version"));
				body.put("database", database);
				body.put("tags", terraformTags(a, address));
				parsed.add("applications", new Discovered(first(text(a, "arn"), providerId), body));
			}
			case "aws_lb", "aws_alb", "aws_elb" -> {
				Map<String, Object> body = new LinkedHashMap<>();
				body.put("name", first(text(a, "name"), id));
				body.put("family", "Loadbalance");
				if (text(a, "dns_name") != null) {
					body.put("role", Map.of("endpoint", text(a, "dns_name")));
				}
				body.put("loadBalancer", Map.of("service", "aws_elb".equals(type) ? "aws-elb-classic"
						: "aws-elbv2-" + first(text(a, "load_balancer_type"), "application")));
				body.put("tags", terraformTags(a, address));
				List<String> targets = new ArrayList<>();
				a.path("instances").forEach((instance) -> targets.add(instance.asString()));
				parsed.add("applications", new Discovered(first(text(a, "arn"), providerId), body, targets));
			}
			case "aws_autoscaling_group" -> {
				Map<String, Object> body = new LinkedHashMap<>();
				body.put("name", first(text(a, "name"), id));
				body.put("family", "AutoScaling");
				Map<String, Object> scaling = new LinkedHashMap<>();
				number(scaling, "minSize", a, "min_size");
				number(scaling, "maxSize", a, "max_size");
				number(scaling, "desiredCapacity", a, "desired_capacity");
				body.put("autoScaling", scaling);
				body.put("tags", terraformTags(a, address));
				parsed.add("applications", new Discovered(first(text(a, "arn"), providerId), body));
			}
			case "aws_cloudfront_distribution" -> {
				Map<String, Object> body = new LinkedHashMap<>();
				String domain = text(a, "domain_name");
				body.put("name", first(domain, id));
				body.put("family", "CDN");
				if (domain != null) {
					body.put("role", Map.of("endpoint", domain));
				}
				List<String> origins = new ArrayList<>();
				a.path("origin").forEach((origin) -> {
					if (origin.path("domain_name").isString() && origins.size() < 32) {
						origins.add(origin.path("domain_name").asString());
					}
				});
				body.put("cdn", Map.of("streaming", false, "origins", origins));
				body.put("tags", terraformTags(a, address));
				parsed.add("applications", new Discovered(providerId, body));
			}
			case "aws_vpc", "aws_subnet", "aws_security_group" -> {
				Map<String, Object> body = cloud(first(tag(a, "Name"), text(a, "name"), id), "aws", awsRegion(a),
						providerId, address);
				body.put("kind", switch (type) {
					case "aws_vpc" -> "VPC";
					case "aws_subnet" -> "SUBNET";
					default -> "SECURITY_GROUP";
				});
				put(body, "cidr", text(a, "cidr_block"));
				parsed.add("networks", new Discovered(providerId, body));
			}
			case "google_compute_instance" -> parsed.add("servers", new Discovered(providerId, googleInstance(a, address)));
			case "azurerm_linux_virtual_machine", "azurerm_windows_virtual_machine" ->
				parsed.add("servers", new Discovered(providerId, azureVm(a, address, type.contains("windows"))));
			default -> parsed.skip(type);
		}
	}

	private static Map<String, Object> awsInstance(JsonNode a, String address) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("hostname", first(tag(a, "Name"), text(a, "private_dns"), text(a, "id"), address));
		put(body, "ipv4Private", text(a, "private_ip"));
		put(body, "ipv4Public", text(a, "public_ip"));
		Size size = SIZES.get(String.valueOf(text(a, "instance_type")));
		if (size != null) {
			body.put("cpu", size.cpu());
			body.put("memoryMb", size.memoryMb());
		}
		else if (a.path("cpu_core_count").isNumber()) {
			body.put("cpu", a.path("cpu_core_count").asInt() * Math.max(1, a.path("cpu_threads_per_core").asInt(1)));
		}
		String environment = environment(tag(a, "Environment"), tag(a, "environment"), tag(a, "env"));
		if (environment != null) {
			body.put("environment", environment);
		}
		Map<String, Object> datacenter = new LinkedHashMap<>();
		datacenter.put("provider", "aws");
		put(datacenter, "region", awsRegion(a));
		put(datacenter, "zone", text(a, "availability_zone"));
		put(datacenter, "instanceId", text(a, "id"));
		body.put("datacenter", datacenter);
		body.put("tags", terraformTags(a, address));
		return body;
	}

	private static Map<String, Object> googleInstance(JsonNode a, String address) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("hostname", first(text(a, "hostname"), text(a, "name"), address));
		JsonNode nic = a.path("network_interface").path(0);
		put(body, "ipv4Private", text(nic, "network_ip"));
		put(body, "ipv4Public", text(nic.path("access_config").path(0), "nat_ip"));
		Map<String, Object> datacenter = new LinkedHashMap<>();
		datacenter.put("provider", "gcp");
		String zone = text(a, "zone");
		put(datacenter, "region", (zone != null && zone.lastIndexOf('-') > 0) ? zone.substring(0, zone.lastIndexOf('-')) : null);
		put(datacenter, "zone", zone);
		put(datacenter, "instanceId", first(text(a, "instance_id"), text(a, "id")));
		body.put("datacenter", datacenter);
		Map<String, String> tags = new LinkedHashMap<>();
		a.path("labels").properties().forEach((e) -> {
			if (tags.size() < 60) {
				tags.put(truncate(e.getKey(), 128), truncate(e.getValue().asString(""), 256));
			}
		});
		tags.put("terraform:address", truncate(address, 256));
		put(tags, "gcp:machineType", text(a, "machine_type"));
		String environment = environment(tags.get("environment"), tags.get("env"));
		if (environment != null) {
			body.put("environment", environment);
		}
		body.put("tags", tags);
		return body;
	}

	private static Map<String, Object> azureVm(JsonNode a, String address, boolean windows) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("hostname", first(text(a, "computer_name"), text(a, "name"), address));
		put(body, "ipv4Private", text(a, "private_ip_address"));
		put(body, "ipv4Public", text(a, "public_ip_address"));
		body.put("os", Map.of("base", windows ? "Windows" : "Linux"));
		String environment = environment(tag(a, "Environment"), tag(a, "environment"), tag(a, "env"));
		if (environment != null) {
			body.put("environment", environment);
		}
		Map<String, Object> datacenter = new LinkedHashMap<>();
		datacenter.put("provider", "azure");
		put(datacenter, "region", text(a, "location"));
		put(datacenter, "zone", text(a, "zone"));
		put(datacenter, "instanceId", first(text(a, "virtual_machine_id"), text(a, "id")));
		body.put("datacenter", datacenter);
		Map<String, String> tags = terraformTags(a, address);
		put(tags, "azure:size", text(a, "size"));
		body.put("tags", tags);
		return body;
	}

	private static Map<String, Object> cloud(String name, String provider, String region, String providerId,
			String address) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("name", truncate(name, 200));
		body.put("provider", provider);
		put(body, "region", region);
		body.put("providerId", providerId);
		body.put("tags", Map.of("terraform:address", truncate(address, 256)));
		return body;
	}

	/** The resource's {@code tags} (at most 63) and its Terraform address. */
	private static Map<String, String> terraformTags(JsonNode a, String address) {
		Map<String, String> tags = new LinkedHashMap<>();
		a.path("tags").properties().forEach((e) -> {
			if (tags.size() < 62 && e.getValue().isString()) {
				tags.put(truncate(e.getKey(), 128), truncate(e.getValue().asString(), 256));
			}
		});
		tags.put("terraform:address", truncate(address, 256));
		return tags;
	}

	/** The region of an {@code arn}, else the availability zone without its letter. */
	private static String awsRegion(JsonNode a) {
		String arn = text(a, "arn");
		if (arn != null && arn.split(":").length > 3 && !arn.split(":")[3].isEmpty()) {
			return arn.split(":")[3];
		}
		String zone = text(a, "availability_zone");
		return (zone != null && zone.length() > 1) ? zone.substring(0, zone.length() - 1) : null;
	}

	static String engine(String engine) {
		String e = (engine != null) ? engine.toLowerCase(Locale.ROOT) : "";
		if (e.startsWith("aurora-postgresql") || e.startsWith("postgres")) {
			return "POSTGRESQL";
		}
		if (e.startsWith("aurora")) {
			return "AURORA";
		}
		if (e.startsWith("mysql")) {
			return "MYSQL";
		}
		if (e.startsWith("mariadb")) {
			return "MARIADB";
		}
		if (e.startsWith("oracle")) {
			return "ORACLE";
		}
		if (e.startsWith("sqlserver")) {
			return "SQLSERVER";
		}
		return "OTHER";
	}

	static String environment(String... values) {
		String value = first(values);
		if (value == null) {
			return null;
		}
		String v = value.toLowerCase(Locale.ROOT);
		if (v.startsWith("prod")) {
			return "Production";
		}
		if (v.startsWith("dev")) {
			return "Development";
		}
		if (v.startsWith("stag") || v.equals("uat")) {
			return "Stage";
		}
		return null;
	}

	private record Size(int cpu, long memoryMb) {
	}

	/** Common instance types; others fall back to {@code cpu_core_count}. */
	private static final Map<String, Size> SIZES = Map.ofEntries(Map.entry("t3.micro", new Size(2, 1024)),
			Map.entry("t3.small", new Size(2, 2048)), Map.entry("t3.medium", new Size(2, 4096)),
			Map.entry("t3.large", new Size(2, 8192)), Map.entry("m5.large", new Size(2, 8192)),
			Map.entry("m5.xlarge", new Size(4, 16384)), Map.entry("m5.2xlarge", new Size(8, 32768)),
			Map.entry("c5.large", new Size(2, 4096)), Map.entry("c5.xlarge", new Size(4, 8192)),
			Map.entry("r5.large", new Size(2, 16384)), Map.entry("r5.xlarge", new Size(4, 32768)));

	private static String tag(JsonNode a, String key) {
		return text(a.path("tags"), key);
	}

	private static String text(JsonNode node, String field) {
		JsonNode value = node.path(field);
		return (value.isString() && !value.asString().isBlank()) ? value.asString() : null;
	}

	private static void number(Map<String, Object> body, String field, JsonNode a, String attribute) {
		if (a.path(attribute).isNumber()) {
			body.put(field, a.path(attribute).asInt());
		}
	}

	private static void put(Map<String, ? super String> body, String field, String value) {
		if (value != null && !value.isBlank()) {
			body.put(field, value);
		}
	}

	@SafeVarargs
	private static <T> T first(T... values) {
		for (T value : values) {
			if (value != null) {
				return value;
			}
		}
		return null;
	}

	private static String truncate(String value, int max) {
		return (value == null || value.length() <= max) ? value : value.substring(0, max);
	}

}
