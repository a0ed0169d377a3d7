package dev.maestro.inventory.application;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.maestro.inventory.entity.Environment;
import dev.maestro.inventory.entity.Validation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * Anything with a business responsibility that runs somewhere: an application, and — told apart
 * by {@code family} — databases, load balancers, CDNs, auto-scaling groups, service meshes,
 * brokers, caches and the rest.
 *
 * @param name its name (required)
 * @param family what kind of application it is
 * @param environment Production, Development or Stage
 * @param language node, php, java, ...
 * @param clusterMode how it is clustered, in the team's words
 * @param role endpoint, port, commands and health check (documentation for operators)
 * @param systemIds the systems it belongs to
 * @param serverIds the servers it is deployed on
 * @param deploy the ways it is deployed
 * @param dependencies the applications it depends on
 * @param targets for load balancers: the servers or applications it sends traffic to
 * @param loadBalancer for load balancers: the balanced service and its health check
 * @param cdn for CDNs
 * @param autoScaling for auto-scaling groups and scaling plans
 * @param database for databases: engine, version, mode and the Oracle or MySQL form
 * @param tags free-form labels
 */
public record ApplicationBody(@NotBlank @Size(max = 200) String name, Family family, Environment environment,
		@Size(max = 64) String language, @Size(max = 64) String clusterMode, @Valid Role role,
		@Size(max = 64) List<@Pattern(regexp = Validation.ID) String> systemIds,
		@Size(max = 256) List<@Pattern(regexp = Validation.ID) String> serverIds,
		@Valid @Size(max = 32) List<Deploy> deploy, @Valid @Size(max = 512) List<Dependency> dependencies,
		@Size(max = 512) List<@Pattern(regexp = Validation.ID) String> targets, @Valid LoadBalancer loadBalancer,
		@Valid Cdn cdn, @Valid AutoScaling autoScaling, @Valid Database database,
		@Size(max = 64) Map<@Size(max = 128) String, @Size(max = 256) String> tags) {

	/** The kinds of application; an application without one is an {@code Application}. */
	public enum Family {

		Application, Database, Loadbalance, CDN, AutoScaling, ServiceMesh, Broker, Cache, ApiGateway, Serverless,
		ObjectStorage, ETL, DNS, VPN, Monitoring, Search

	}

	public ApplicationBody {
		if (family == null) {
			family = Family.Application;
		}
	}

	@JsonIgnore
	@AssertTrue(message = "database settings belong to the Database family")
	public boolean isDatabaseOnlyForDatabases() {
		return this.database == null || this.family == Family.Database;
	}

	@JsonIgnore
	@AssertTrue(message = "targets and loadBalancer settings belong to the Loadbalance family")
	public boolean isLoadBalancingOnlyForLoadBalancers() {
		return (this.loadBalancer == null && (this.targets == null || this.targets.isEmpty()))
				|| this.family == Family.Loadbalance;
	}

	/**
	 * @param endpoint where it answers, e.g. https://pay.example.com
	 * @param port its port
	 * @param commands how to start, stop or inspect it
	 * @param healthCheck how to tell it is healthy
	 */
	public record Role(@Size(max = 512) String endpoint, @Min(1) @Max(65535) Integer port,
			@Size(max = 32) List<@Size(max = 512) String> commands, @Size(max = 512) String healthCheck) {
	}

	/**
	 * @param type how (docker, ansible, jenkins, helm, ...)
	 * @param description details
	 */
	public record Deploy(@NotBlank @Size(max = 64) String type, @Size(max = 1024) String description) {
	}

	/**
	 * @param targetId the application depended on
	 * @param protocol http, grpc, jdbc, amqp, ...
	 * @param endpoint where it is reached
	 */
	public record Dependency(@NotBlank @Pattern(regexp = Validation.ID) String targetId, @Size(max = 32) String protocol,
			@Size(max = 512) String endpoint) {
	}

	/**
	 * @param service the service it balances
	 * @param healthCheck the health check it uses on targets
	 */
	public record LoadBalancer(@Size(max = 128) String service, @Size(max = 512) String healthCheck) {
	}

	/**
	 * @param streaming whether it is a streaming distribution (RTMP)
	 * @param origins the origins it serves
	 */
	public record Cdn(Boolean streaming, @Size(max = 32) List<@Size(max = 512) String> origins) {
	}

	/**
	 * @param minSize smallest group size
	 * @param maxSize largest group size
	 * @param desiredCapacity the size it aims for
	 * @param scalingPlan the plan, for scaling plans
	 */
	public record AutoScaling(@Min(0) Integer minSize, @Min(0) Integer maxSize, @Min(0) Integer desiredCapacity,
			@Size(max = 256) String scalingPlan) {

		@JsonIgnore
		@AssertTrue(message = "minSize must not exceed maxSize")
		public boolean isOrdered() {
			return this.minSize == null || this.maxSize == null || this.minSize <= this.maxSize;
		}

	}

	/**
	 * A database. The Oracle and MySQL-family forms go with their engines.
	 *
	 * @param engine the database engine
	 * @param version its version (for Oracle: 10g, 11g, 12c, 19c, ...)
	 * @param mode how it runs, for other engines
	 * @param oracle the Oracle form
	 * @param mysql the MySQL-family form (MySQL, Aurora, MariaDB, Percona)
	 */
	public record Database(@NotNull Engine engine, @Size(max = 32) String version, @Size(max = 64) String mode,
			@Valid Oracle oracle, @Valid MySql mysql) {

		@JsonIgnore
		@AssertTrue(message = "the oracle form needs engine ORACLE")
		public boolean isOracleFormForOracle() {
			return this.oracle == null || this.engine == Engine.ORACLE;
		}

		@JsonIgnore
		@AssertTrue(message = "the mysql form needs engine MYSQL, AURORA, MARIADB or PERCONA")
		public boolean isMySqlFormForMySqlFamily() {
			return this.mysql == null || this.engine.isMySqlFamily();
		}

	}

	/** Database engines Maestro knows; others are OTHER with a mode. */
	public enum Engine {

		ORACLE, MYSQL, AURORA, MARIADB, PERCONA, POSTGRESQL, SQLSERVER, MONGODB, REDIS, CASSANDRA, ELASTICSEARCH, OTHER;

		boolean isMySqlFamily() {
			return this == MYSQL || this == AURORA || this == MARIADB || this == PERCONA;
		}

	}

	/**
	 * @param storage where it keeps data: local disk, network disk or ASM
	 * @param topology a single node, or RAC (on several servers)
	 * @param grid whether it runs under Oracle Grid Infrastructure
	 * @param cdbs its container databases and their pluggable databases
	 * @param backups Data Guard, GoldenGate, RMAN, ...
	 */
	public record Oracle(OracleStorage storage, OracleTopology topology, Boolean grid,
			@Valid @Size(max = 64) List<Cdb> cdbs, @Size(max = 8) List<OracleBackup> backups) {
	}

	public enum OracleStorage {

		LOCAL, NETWORK, ASM

	}

	public enum OracleTopology {

		SINGLE_NODE, RAC

	}

	public enum OracleBackup {

		DATA_GUARD, GOLDEN_GATE, RMAN

	}

	/**
	 * @param name the container database
	 * @param pdbs its pluggable databases
	 */
	public record Cdb(@NotBlank @Size(max = 64) String name, @Size(max = 256) List<@Size(max = 64) String> pdbs) {
	}

	/**
	 * @param topology standalone, master with replicas, or cluster
	 * @param replicas how many replicas
	 * @param backups the backup services it uses
	 */
	public record MySql(MySqlTopology topology, @Min(0) @Max(64) Integer replicas,
			@Size(max = 8) List<@Size(max = 64) String> backups) {
	}

	public enum MySqlTopology {

		STANDALONE, MASTER_REPLICA, CLUSTER

	}

}
