package dev.maestro.discovery.provider.aws;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.maestro.discovery.provider.Discovered;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.cloudfront.model.DistributionSummary;
import software.amazon.awssdk.services.cloudfront.model.StreamingDistributionSummary;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ec2.model.Reservation;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.Snapshot;
import software.amazon.awssdk.services.ec2.model.Subnet;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.Volume;
import software.amazon.awssdk.services.ec2.model.Vpc;
import software.amazon.awssdk.services.elasticloadbalancing.model.LoadBalancerDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.rds.model.DBInstance;

/** AWS objects → inventory bodies. Pure functions: what a record looks like is decided here only. */
final class AwsTranslations {

	private AwsTranslations() {
	}

	/** EC2 instances → servers; terminated instances are gone, so they are not reported. */
	static List<Discovered> instances(List<Reservation> reservations, String region) {
		List<Discovered> records = new ArrayList<>();
		for (Reservation reservation : reservations) {
			for (Instance instance : reservation.instances()) {
				if (instance.state() != null && instance.state().name() == InstanceStateName.TERMINATED) {
					continue;
				}
				records.add(new Discovered(instance.instanceId(), server(instance, region)));
			}
		}
		return records;
	}

	static Map<String, Object> server(Instance instance, String region) {
		Map<String, String> tags = tags(instance.tags());
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("hostname", first(tags.get("Name"), blankToNull(instance.privateDnsName()), instance.instanceId()));
		put(body, "ipv4Private", instance.privateIpAddress());
		put(body, "ipv4Public", instance.publicIpAddress());
		instance.networkInterfaces()
			.stream()
			.flatMap((nic) -> nic.ipv6Addresses().stream())
			.findFirst()
			.ifPresent((ipv6) -> body.put("ipv6", ipv6.ipv6Address()));
		Map<String, Object> os = os(instance.platformDetails());
		if (!os.isEmpty()) {
			body.put("os", os);
		}
		String type = instance.instanceTypeAsString();
		InstanceTypes.Size size = InstanceTypes.size(type);
		if (size != null) {
			body.put("cpu", size.cpu());
			body.put("memoryMb", size.memoryMb());
		}
		else if (instance.cpuOptions() != null && instance.cpuOptions().coreCount() != null) {
			body.put("cpu", instance.cpuOptions().coreCount()
					* ((instance.cpuOptions().threadsPerCore() != null) ? instance.cpuOptions().threadsPerCore() : 1));
		}
		String environment = environment(tags);
		if (environment != null) {
			body.put("environment", environment);
		}
		List<Map<String, Object>> storage = new ArrayList<>();
		instance.blockDeviceMappings().forEach((mapping) -> {
			Map<String, Object> disk = new LinkedHashMap<>();
			disk.put("mountPath", mapping.deviceName());
			disk.put("root", mapping.deviceName() != null && mapping.deviceName().equals(instance.rootDeviceName()));
			if (mapping.ebs() != null) {
				put(disk, "volumeId", mapping.ebs().volumeId());
			}
			storage.add(disk);
		});
		if (!storage.isEmpty()) {
			body.put("storage", storage);
		}
		Map<String, Object> datacenter = new LinkedHashMap<>();
		datacenter.put("provider", "aws");
		datacenter.put("region", region);
		if (instance.placement() != null) {
			put(datacenter, "zone", instance.placement().availabilityZone());
		}
		datacenter.put("instanceId", instance.instanceId());
		body.put("datacenter", datacenter);
		if (!tags.isEmpty()) {
			body.put("tags", tags);
		}
		return body;
	}

	/** {@code PlatformDetails} ("Linux/UNIX", "Windows", "Red Hat Enterprise Linux", ...) → os. */
	static Map<String, Object> os(String platform) {
		Map<String, Object> os = new LinkedHashMap<>();
		if (platform == null || platform.isBlank()) {
			return os;
		}
		String text = platform.toLowerCase(Locale.ROOT);
		if (text.startsWith("windows")) {
			os.put("base", "Windows");
			if (text.contains("sql server")) {
				os.put("dist", "Windows Server with SQL Server");
			}
			return os;
		}
		os.put("base", "Linux");
		if (text.contains("red hat")) {
			os.put("dist", "RHEL");
		}
		else if (text.contains("suse")) {
			os.put("dist", "SUSE");
		}
		else if (text.contains("ubuntu")) {
			os.put("dist", "Ubuntu");
		}
		return os;
	}

	static List<Discovered> volumes(List<Volume> volumes, String region) {
		return volumes.stream().map((volume) -> {
			Map<String, String> tags = tags(volume.tags());
			Map<String, Object> body = cloud(first(tags.get("Name"), volume.volumeId()), region, volume.volumeId());
			put(body, "zone", volume.availabilityZone());
			if (volume.size() != null) {
				body.put("sizeGb", volume.size().longValue());
			}
			put(body, "type", volume.volumeTypeAsString());
			put(body, "status", volume.stateAsString());
			return new Discovered(volume.volumeId(), body);
		}).toList();
	}

	static List<Discovered> snapshots(List<Snapshot> snapshots, String region) {
		return snapshots.stream().map((snapshot) -> {
			Map<String, String> tags = tags(snapshot.tags());
			Map<String, Object> body = cloud(first(tags.get("Name"), blankToNull(snapshot.description()), snapshot.snapshotId()),
					region, snapshot.snapshotId());
			if (snapshot.volumeSize() != null) {
				body.put("sizeGb", snapshot.volumeSize().longValue());
			}
			if (snapshot.startTime() != null) {
				body.put("takenAt", snapshot.startTime().toString());
			}
			return new Discovered(snapshot.snapshotId(), body);
		}).toList();
	}

	static List<Discovered> images(List<Image> images, String region) {
		return images.stream().map((image) -> {
			Map<String, Object> body = cloud(first(blankToNull(image.name()), image.imageId()), region, image.imageId());
			Map<String, Object> os = os(image.platformDetails());
			if (!os.isEmpty()) {
				body.put("os", os);
			}
			put(body, "architecture", image.architectureAsString());
			return new Discovered(image.imageId(), body);
		}).toList();
	}

	static List<Discovered> vpcs(List<Vpc> vpcs, String region) {
		return vpcs.stream().map((vpc) -> network(vpc.vpcId(), tags(vpc.tags()).get("Name"), region, "VPC", vpc.cidrBlock())).toList();
	}

	static List<Discovered> subnets(List<Subnet> subnets, String region) {
		return subnets.stream()
			.map((subnet) -> network(subnet.subnetId(), tags(subnet.tags()).get("Name"), region, "SUBNET", subnet.cidrBlock()))
			.toList();
	}

	static List<Discovered> securityGroups(List<SecurityGroup> groups, String region) {
		return groups.stream().map((group) -> network(group.groupId(), group.groupName(), region, "SECURITY_GROUP", null)).toList();
	}

	private static Discovered network(String id, String name, String region, String kind, String cidr) {
		Map<String, Object> body = cloud(first(blankToNull(name), id), region, id);
		body.put("kind", kind);
		put(body, "cidr", cidr);
		return new Discovered(id, body);
	}

	/** An ALB or NLB; its targets are instance ids, resolved to servers by the sync core. */
	static Discovered loadBalancer(LoadBalancer lb, List<String> targets, String region) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("name", lb.loadBalancerName());
		body.put("family", "Loadbalance");
		Map<String, Object> role = new LinkedHashMap<>();
		put(role, "endpoint", lb.dnsName());
		if (!role.isEmpty()) {
			body.put("role", role);
		}
		body.put("loadBalancer", Map.of("service", "aws-elbv2-" + lb.typeAsString()));
		body.put("tags", Map.of("aws:region", region, "aws:arn", truncate(lb.loadBalancerArn(), 256)));
		return new Discovered(lb.loadBalancerArn(), body, targets);
	}

	static List<Discovered> classicLoadBalancers(List<LoadBalancerDescription> lbs, String region) {
		return lbs.stream().map((lb) -> {
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("name", lb.loadBalancerName());
			body.put("family", "Loadbalance");
			if (lb.dnsName() != null) {
				body.put("role", Map.of("endpoint", lb.dnsName()));
			}
			Map<String, Object> balancer = new LinkedHashMap<>();
			balancer.put("service", "aws-elb-classic");
			if (lb.healthCheck() != null) {
				put(balancer, "healthCheck", lb.healthCheck().target());
			}
			body.put("loadBalancer", balancer);
			body.put("tags", Map.of("aws:region", region));
			List<String> targets = lb.instances().stream().map((i) -> i.instanceId()).toList();
			return new Discovered("elb:" + region + ":" + lb.loadBalancerName(), body, targets);
		}).toList();
	}

	static List<Discovered> databases(List<DBInstance> instances, String region) {
		return instances.stream().map((db) -> {
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("name", db.dbInstanceIdentifier());
			body.put("family", "Database");
			if (db.endpoint() != null) {
				Map<String, Object> role = new LinkedHashMap<>();
				put(role, "endpoint", db.endpoint().address());
				if (db.endpoint().port() != null) {
					role.put("port", db.endpoint().port());
				}
				body.put("role", role);
			}
			Map<String, Object> database = new LinkedHashMap<>();
			database.put("engine", engine(db.engine()));
			put(database, "version", db.engineVersion());
			body.put("database", database);
			body.put("tags", Map.of("aws:region", region, "aws:instanceClass", String.valueOf(db.dbInstanceClass())));
			return new Discovered(db.dbInstanceArn() != null ? db.dbInstanceArn() : db.dbInstanceIdentifier(), body);
		}).toList();
	}

	/** RDS engine names → inventory's {@code database.engine}. */
	static String engine(String engine) {
		String e = (engine != null) ? engine.toLowerCase(Locale.ROOT) : "";
		if (e.startsWith("aurora-postgresql")) {
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
		if (e.startsWith("postgres")) {
			return "POSTGRESQL";
		}
		if (e.startsWith("oracle")) {
			return "ORACLE";
		}
		if (e.startsWith("sqlserver")) {
			return "SQLSERVER";
		}
		return "OTHER";
	}

	static List<Discovered> autoScalingGroups(List<AutoScalingGroup> groups, String region) {
		return groups.stream().map((group) -> {
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("name", group.autoScalingGroupName());
			body.put("family", "AutoScaling");
			Map<String, Object> scaling = new LinkedHashMap<>();
			put(scaling, "minSize", group.minSize());
			put(scaling, "maxSize", group.maxSize());
			put(scaling, "desiredCapacity", group.desiredCapacity());
			body.put("autoScaling", scaling);
			body.put("tags", Map.of("aws:region", region));
			return new Discovered(group.autoScalingGroupARN() != null ? group.autoScalingGroupARN()
					: group.autoScalingGroupName(), body);
		}).toList();
	}

	static List<Discovered> distributions(List<DistributionSummary> distributions) {
		return distributions.stream()
			.map((d) -> cdn(d.id(), d.domainName(), false, d.origins() != null
					? d.origins().items().stream().map((o) -> o.domainName()).toList() : List.of()))
			.toList();
	}

	static List<Discovered> streamingDistributions(List<StreamingDistributionSummary> distributions) {
		return distributions.stream()
			.map((d) -> cdn(d.id(), d.domainName(), true,
					d.s3Origin() != null ? List.of(d.s3Origin().domainName()) : List.of()))
			.toList();
	}

	private static Discovered cdn(String id, String domain, boolean streaming, List<String> origins) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("name", first(blankToNull(domain), id));
		body.put("family", "CDN");
		if (domain != null) {
			body.put("role", Map.of("endpoint", domain));
		}
		Map<String, Object> cdn = new LinkedHashMap<>();
		cdn.put("streaming", streaming);
		cdn.put("origins", origins.stream().limit(32).toList());
		body.put("cdn", cdn);
		return new Discovered(id, body);
	}

	private static Map<String, Object> cloud(String name, String region, String providerId) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("name", truncate(name, 200));
		body.put("provider", "aws");
		body.put("region", region);
		body.put("providerId", providerId);
		return body;
	}

	/** At most 64 tags, keys and values cut to inventory's limits. */
	static Map<String, String> tags(List<Tag> tags) {
		Map<String, String> out = new LinkedHashMap<>();
		for (Tag tag : tags) {
			if (out.size() == 64 || tag.key() == null) {
				break;
			}
			out.put(truncate(tag.key(), 128), truncate(tag.value() != null ? tag.value() : "", 256));
		}
		return out;
	}

	/** An {@code Environment}/{@code env} tag → Production, Development or Stage. */
	static String environment(Map<String, String> tags) {
		String value = first(tags.get("Environment"), tags.get("environment"), tags.get("env"), tags.get("Env"));
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

	private static void put(Map<String, Object> body, String field, Object value) {
		if (value != null && !(value instanceof String text && text.isBlank())) {
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

	private static String blankToNull(String value) {
		return (value == null || value.isBlank()) ? null : value;
	}

	private static String truncate(String value, int max) {
		return (value == null || value.length() <= max) ? value : value.substring(0, max);
	}

}
