package dev.maestro.inventory.catalogue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.maestro.inventory.entity.EntityService;
import dev.maestro.inventory.team.TeamSetup;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/** Gives every new team a catalogue of the software operations teams meet most. */
@Component
class CatalogueSeed implements TeamSetup {

	static final List<Map<String, Object>> COMMON = List.of(
			entry("Oracle Database", "database", "Oracle", "ORACLE"), entry("MySQL", "database", "Oracle", "MYSQL"),
			entry("MariaDB", "database", "MariaDB Foundation", "MARIADB"),
			entry("Percona Server", "database", "Percona", "PERCONA"),
			entry("PostgreSQL", "database", "PostgreSQL Global Development Group", "POSTGRESQL"),
			entry("Microsoft SQL Server", "database", "Microsoft", "SQLSERVER"),
			entry("MongoDB", "database", "MongoDB", "MONGODB"), entry("Redis", "cache", "Redis", "REDIS"),
			entry("Apache Cassandra", "database", "Apache", "CASSANDRA"),
			entry("Elasticsearch", "search", "Elastic", "ELASTICSEARCH"), entry("Memcached", "cache", "Memcached", null),
			entry("RabbitMQ", "broker", "Broadcom", null), entry("Apache Kafka", "broker", "Apache", null),
			entry("nginx", "web server", "F5", null), entry("Apache HTTP Server", "web server", "Apache", null),
			entry("HAProxy", "load balancer", "HAProxy Technologies", null),
			entry("Apache Tomcat", "application server", "Apache", null),
			entry("WildFly", "application server", "Red Hat", null), entry("Node.js", "runtime", "OpenJS Foundation", null),
			entry("PHP-FPM", "runtime", "PHP Group", null), entry("Docker Engine", "container runtime", "Docker", null),
			entry("containerd", "container runtime", "CNCF", null), entry("kubelet", "orchestration", "CNCF", null),
			entry("OpenSSH", "remote access", "OpenBSD", null), entry("Prometheus Node Exporter", "monitoring", "CNCF", null),
			entry("Zabbix Agent", "monitoring", "Zabbix", null), entry("Postfix", "mail", "Postfix", null),
			entry("BIND", "dns", "ISC", null), entry("OpenVPN", "vpn", "OpenVPN", null));

	private final EntityService entities;

	CatalogueSeed(EntityService entities) {
		this.entities = entities;
	}

	@Override
	public Mono<Void> prepare(String teamId) {
		return this.entities.createAll(teamId, "services", COMMON, "catalogue");
	}

	private static Map<String, Object> entry(String name, String category, String vendor, String engine) {
		Map<String, Object> entry = new LinkedHashMap<>();
		entry.put("name", name);
		entry.put("category", category);
		entry.put("vendor", vendor);
		if (engine != null) {
			entry.put("engine", engine);
		}
		return entry;
	}

}
