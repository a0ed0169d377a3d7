package dev.maestro.inventory.server;

import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.maestro.inventory.entity.EntityType;
import dev.maestro.inventory.entity.Warning;
import reactor.core.publisher.Flux;

import org.springframework.stereotype.Component;

/** Servers: hostnames and private addresses may repeat in a team, with a warning. */
@Component
class ServerType implements EntityType {

	@Override
	public String collection() {
		return "servers";
	}

	@Override
	public String label() {
		return "Server";
	}

	@Override
	public Class<?> bodyType() {
		return ServerBody.class;
	}

	@Override
	public List<String> searchFields() {
		return List.of("hostname", "ipv4Private", "ipv4Public", "datacenter.instanceId");
	}

	@Override
	public Set<String> indexedFields() {
		return Set.of("hostname", "ipv4Private", "ipv4Public", "environment", "status", "cpu", "memoryMb", "os.base",
				"os.dist", "datacenter.id", "datacenter.provider", "datacenter.region", "datacenter.instanceId");
	}

	@Override
	public Map<String, List<String>> relations() {
		return Map.of("datacenter.id", List.of("datacenters"), "services[].serviceId", List.of("services"));
	}

	@Override
	public Flux<Warning> warnings(Map<String, Object> body, String selfId, RecordLookup records) {
		return Flux.concat(duplicate(body, records, "hostname", "DUPLICATE_HOSTNAME", "hostname"),
				duplicate(body, records, "ipv4Private", "DUPLICATE_IPV4_PRIVATE", "private IPv4 address"));
	}

	private static Flux<Warning> duplicate(Map<String, Object> body, RecordLookup records, String field, String code,
			String what) {
		Object value = body.get(field);
		if (value == null) {
			return Flux.empty();
		}
		return records.idsWhere(field, value)
			.collectList()
			.filter((ids) -> !ids.isEmpty())
			.map((ids) -> new Warning(code, "Another server in this team has the " + what + " " + value, field, ids))
			.flux();
	}

}
