package dev.maestro.discovery.provider.files;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.maestro.discovery.provider.Discovered;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Ansible inventories (INI and YAML: groups, {@code :children}/{@code children}, host variables
 * such as {@code ansible_host}, numeric host ranges {@code web[01:03]}) and facts ({@code {host:
 * {ansible_facts: {...}}}} or the fact cache's {@code {host: {ansible_distribution, ...}}}) →
 * servers whose tags name their groups.
 */
final class AnsibleInventory {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** Group names that say a host's environment. */
	private static final Set<String> ENVIRONMENT_GROUPS = Set.of("prod", "production", "dev", "development", "stage",
			"staging", "uat");

	private static final Pattern RANGE = Pattern.compile("\\[(\\d+):(\\d+)]");

	private AnsibleInventory() {
	}

	/** A host: its variables and the groups it is in (directly or through children). */
	record Host(Map<String, String> vars, Set<String> groups) {
	}

	/** Hosts of an inventory in the INI format. */
	static Map<String, Host> ini(byte[] content) {
		Map<String, Map<String, String>> hosts = new LinkedHashMap<>();
		Map<String, Set<String>> groupHosts = new LinkedHashMap<>();
		Map<String, Set<String>> children = new LinkedHashMap<>();
		String group = "ungrouped";
		String section = "hosts";
		String[] lines = new String(content, StandardCharsets.UTF_8).split("\r?\n", -1);
		for (int n = 0; n < lines.length; n++) {
			String line = lines[n].strip();
			String where = "line " + (n + 1);
			if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
				continue;
			}
			if (line.startsWith("[")) {
				if (!line.endsWith("]") || line.length() < 3) {
					throw new FileFormatException(where, "a group header is [name], [name:children] or [name:vars]");
				}
				String header = line.substring(1, line.length() - 1).strip();
				String[] parts = header.split(":", 2);
				group = parts[0];
				section = (parts.length == 2) ? parts[1] : "hosts";
				if (!group.matches("[A-Za-z0-9_.-]+") || !List.of("hosts", "children", "vars").contains(section)) {
					throw new FileFormatException(where, "bad group header [" + header + "]");
				}
				groupHosts.computeIfAbsent(group, (g) -> new LinkedHashSet<>());
				continue;
			}
			switch (section) {
				case "children" -> {
					if (!line.matches("[A-Za-z0-9_.-]+")) {
						throw new FileFormatException(where, "a [" + group + ":children] line names one group");
					}
					children.computeIfAbsent(group, (g) -> new LinkedHashSet<>()).add(line);
				}
				case "vars" -> {
					if (!line.contains("=")) {
						throw new FileFormatException(where, "a [" + group + ":vars] line is key=value");
					}
				}
				default -> {
					List<String> tokens = tokens(line, where);
					Map<String, String> vars = new LinkedHashMap<>();
					for (String token : tokens.subList(1, tokens.size())) {
						int eq = token.indexOf('=');
						if (eq <= 0) {
							throw new FileFormatException(where, "host variable '" + token + "' must be key=value");
						}
						vars.put(token.substring(0, eq), unquote(token.substring(eq + 1)));
					}
					for (String name : expand(tokens.get(0), where)) {
						hosts.computeIfAbsent(name, (h) -> new LinkedHashMap<>()).putAll(vars);
						groupHosts.computeIfAbsent(group, (g) -> new LinkedHashSet<>()).add(name);
					}
				}
			}
		}
		return resolve(hosts, groupHosts, children);
	}

	/** Hosts of an inventory in the YAML format ({@code all: {hosts, children, vars}}). */
	static Map<String, Host> yaml(byte[] content) {
		Object root;
		try {
			root = new Yaml(new SafeConstructor(new LoaderOptions())).load(new String(content, StandardCharsets.UTF_8));
		}
		catch (MarkedYAMLException ex) {
			Mark mark = ex.getProblemMark();
			throw new FileFormatException((mark != null) ? "line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1)
					: "file", "not valid YAML: " + ex.getProblem());
		}
		catch (YAMLException ex) {
			throw new FileFormatException("file", "not valid YAML: " + ex.getMessage());
		}
		if (!(root instanceof Map<?, ?> groups)) {
			throw new FileFormatException("file", "a YAML inventory is a mapping of groups (all: {hosts, children})");
		}
		Map<String, Map<String, String>> hosts = new LinkedHashMap<>();
		Map<String, Set<String>> groupHosts = new LinkedHashMap<>();
		Map<String, Set<String>> children = new LinkedHashMap<>();
		groups.forEach((name, group) -> yamlGroup(String.valueOf(name), group, String.valueOf(name), hosts, groupHosts, children));
		return resolve(hosts, groupHosts, children);
	}

	private static void yamlGroup(String name, Object group, String where, Map<String, Map<String, String>> hosts,
			Map<String, Set<String>> groupHosts, Map<String, Set<String>> children) {
		groupHosts.computeIfAbsent(name, (g) -> new LinkedHashSet<>());
		if (group == null) {
			return;
		}
		if (!(group instanceof Map<?, ?> body)) {
			throw new FileFormatException(where, "a group is a mapping with hosts, children or vars");
		}
		for (Object key : body.keySet()) {
			if (!List.of("hosts", "children", "vars").contains(String.valueOf(key))) {
				throw new FileFormatException(where + "." + key, "is not hosts, children or vars");
			}
		}
		Object hostMap = body.get("hosts");
		if (hostMap != null) {
			if (!(hostMap instanceof Map<?, ?> entries)) {
				throw new FileFormatException(where + ".hosts", "must be a mapping of host names");
			}
			entries.forEach((host, vars) -> {
				if (vars != null && !(vars instanceof Map)) {
					throw new FileFormatException(where + ".hosts." + host, "host variables must be a mapping");
				}
				for (String expanded : expand(String.valueOf(host), where + ".hosts." + host)) {
					Map<String, String> known = hosts.computeIfAbsent(expanded, (h) -> new LinkedHashMap<>());
					if (vars instanceof Map<?, ?> map) {
						map.forEach((k, v) -> known.put(String.valueOf(k), String.valueOf(v)));
					}
					groupHosts.get(name).add(expanded);
				}
			});
		}
		Object childMap = body.get("children");
		if (childMap != null) {
			if (!(childMap instanceof Map<?, ?> entries)) {
				throw new FileFormatException(where + ".children", "must be a mapping of groups");
			}
			entries.forEach((child, childGroup) -> {
				children.computeIfAbsent(name, (g) -> new LinkedHashSet<>()).add(String.valueOf(child));
				yamlGroup(String.valueOf(child), childGroup, where + ".children." + child, hosts, groupHosts, children);
			});
		}
	}

	/** Each host with every group it belongs to, through children too ({@code all}/{@code ungrouped} left out). */
	private static Map<String, Host> resolve(Map<String, Map<String, String>> hosts, Map<String, Set<String>> groupHosts,
			Map<String, Set<String>> children) {
		Map<String, Host> resolved = new LinkedHashMap<>();
		hosts.forEach((name, vars) -> resolved.put(name, new Host(vars, new TreeSet<>())));
		for (String group : groupHosts.keySet()) {
			if (group.equals("all") || group.equals("ungrouped")) {
				continue;
			}
			for (String host : members(group, groupHosts, children, new LinkedHashSet<>())) {
				resolved.get(host).groups().add(group);
			}
		}
		return resolved;
	}

	private static Set<String> members(String group, Map<String, Set<String>> groupHosts, Map<String, Set<String>> children,
			Set<String> visiting) {
		Set<String> members = new LinkedHashSet<>();
		if (!visiting.add(group)) {
			return members;
		}
		members.addAll(groupHosts.getOrDefault(group, Set.of()));
		for (String child : children.getOrDefault(group, Set.of())) {
			members.addAll(members(child, groupHosts, children, visiting));
		}
		return members;
	}

	/** Facts per host: {@code {host: {ansible_facts: {...}}}} or the fact cache's flat form. */
	static Map<String, Map<String, JsonNode>> facts(byte[] content) {
		JsonNode root;
		try {
			root = JSON.readTree(content);
		}
		catch (JacksonException ex) {
			var at = ex.getLocation();
			throw new FileFormatException((at != null) ? "line " + at.getLineNr() + ", column " + at.getColumnNr() : "file",
					"not valid JSON: " + ex.getOriginalMessage());
		}
		if (root == null || !root.isObject()) {
			throw new FileFormatException("file", "facts are a JSON object of host → facts");
		}
		Map<String, Map<String, JsonNode>> facts = new LinkedHashMap<>();
		for (var entry : root.properties()) {
			JsonNode host = entry.getValue();
			JsonNode node = host.has("ansible_facts") ? host.path("ansible_facts") : host;
			if (!node.isObject()) {
				throw new FileFormatException(entry.getKey(), "facts must be an object");
			}
			Map<String, JsonNode> flat = new LinkedHashMap<>();
			node.properties().forEach((fact) -> flat.put(fact.getKey().startsWith("ansible_")
					? fact.getKey().substring("ansible_".length()) : fact.getKey(), fact.getValue()));
			facts.put(entry.getKey(), flat);
		}
		return facts;
	}

	/** Whether a JSON document looks like Ansible facts rather than a Terraform state. */
	static boolean looksLikeFacts(byte[] content) {
		try {
			JsonNode root = JSON.readTree(content);
			return root != null && root.isObject() && !root.has("version") && !root.has("resources");
		}
		catch (JacksonException ex) {
			return false;
		}
	}

	/** Servers from hosts (inventory) and facts; a host in either becomes one. */
	static void servers(Map<String, Host> hosts, Map<String, Map<String, JsonNode>> facts, Parsed parsed) {
		Set<String> names = new LinkedHashSet<>(hosts.keySet());
		names.addAll(facts.keySet());
		for (String name : names) {
			Host host = hosts.getOrDefault(name, new Host(Map.of(), Set.of()));
			Map<String, JsonNode> f = facts.getOrDefault(name, Map.of());
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("hostname", truncate(name, 200));
			String address = host.vars().get("ansible_host");
			String defaultIp = f.containsKey("default_ipv4") ? f.get("default_ipv4").path("address").asString(null) : null;
			String ip = (address != null && address.matches("\\d{1,3}(\\.\\d{1,3}){3}")) ? address : defaultIp;
			if (ip != null) {
				body.put("ipv4Private", ip);
			}
			Map<String, Object> os = new LinkedHashMap<>();
			String system = text(f, "system");
			if (system != null) {
				os.put("base", system.equalsIgnoreCase("win32nt") ? "Windows" : system);
			}
			else if (text(f, "distribution") != null) {
				os.put("base", "Linux");
			}
			putText(os, "dist", text(f, "distribution"));
			putText(os, "version", text(f, "distribution_version"));
			if (!os.isEmpty()) {
				body.put("os", os);
			}
			if (f.containsKey("processor_vcpus") && f.get("processor_vcpus").canConvertToInt()) {
				body.put("cpu", f.get("processor_vcpus").asInt());
			}
			if (f.containsKey("memtotal_mb") && f.get("memtotal_mb").isNumber()) {
				body.put("memoryMb", f.get("memtotal_mb").asLong());
			}
			String environment = TerraformState.environment(host.vars().get("environment"), host.vars().get("env"),
					host.groups().stream().filter(ENVIRONMENT_GROUPS::contains).findFirst().orElse(null));
			if (environment != null) {
				body.put("environment", environment);
			}
			Map<String, String> tags = new LinkedHashMap<>();
			for (String group : host.groups()) {
				if (tags.size() < 62) {
					tags.put(truncate("ansible:group:" + group, 128), "true");
				}
			}
			if (address != null && !address.equals(ip)) {
				tags.put("ansible:host", truncate(address, 256));
			}
			if (!tags.isEmpty()) {
				body.put("tags", tags);
			}
			parsed.add("servers", new Discovered(name, body));
		}
	}

	/** {@code web[01:03].example.com} → web01, web02, web03 (leading zeros kept). */
	static List<String> expand(String pattern, String where) {
		Matcher matcher = RANGE.matcher(pattern);
		if (!matcher.find()) {
			return List.of(pattern);
		}
		String from = matcher.group(1);
		String to = matcher.group(2);
		int start = Integer.parseInt(from);
		int end = Integer.parseInt(to);
		if (end < start || end - start > 10_000) {
			throw new FileFormatException(where, "bad host range " + matcher.group());
		}
		List<String> hosts = new ArrayList<>();
		for (int i = start; i <= end; i++) {
			String number = (from.length() > 1 && from.startsWith("0")) ? String.format("%0" + from.length() + "d", i)
					: String.valueOf(i);
			hosts.addAll(expand(pattern.substring(0, matcher.start()) + number + pattern.substring(matcher.end()), where));
		}
		return hosts;
	}

	private static List<String> tokens(String line, String where) {
		List<String> tokens = new ArrayList<>();
		StringBuilder current = new StringBuilder();
		char quote = 0;
		for (char c : line.toCharArray()) {
			if (quote != 0) {
				current.append(c);
				if (c == quote) {
					quote = 0;
				}
			}
			else if (c == '"' || c == '\'') {
				quote = c;
				current.append(c);
			}
			else if (Character.isWhitespace(c)) {
				if (!current.isEmpty()) {
					tokens.add(current.toString());
					current.setLength(0);
				}
			}
			else if (c == '#' && current.isEmpty()) {
				break;
			}
			else {
				current.append(c);
			}
		}
		if (quote != 0) {
			throw new FileFormatException(where, "unterminated quote");
		}
		if (!current.isEmpty()) {
			tokens.add(current.toString());
		}
		return tokens;
	}

	private static String unquote(String value) {
		return (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"")
				|| value.startsWith("'") && value.endsWith("'"))) ? value.substring(1, value.length() - 1) : value;
	}

	private static String text(Map<String, JsonNode> facts, String name) {
		JsonNode value = facts.get(name);
		return (value != null && value.isString() && !value.asString().isBlank()) ? value.asString() : null;
	}

	private static void putText(Map<String, Object> body, String field, String value) {
		if (value != null) {
			body.put(field, value);
		}
	}

	private static String truncate(String value, int max) {
		return (value == null || value.length() <= max) ? value : value.substring(0, max);
	}

}
