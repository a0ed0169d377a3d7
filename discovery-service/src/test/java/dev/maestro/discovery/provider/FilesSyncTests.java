package dev.maestro.discovery.provider;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.maestro.discovery.support.DiscoveryTest;
import dev.maestro.discovery.support.FakeInventory;
import dev.maestro.discovery.support.Syncs;
import dev.maestro.discovery.support.Tokens;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A files connection: real Terraform v4 state and Ansible inventories uploaded over HTTP (raw
 * and multipart), stored in MongoDB, read by syncs, translated and upserted into the recording
 * inventory; a newer state without a resource orphans it.
 */
@DiscoveryTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FilesSyncTests {

	static final FakeInventory INVENTORY = FakeInventory.shared();

	static final String TEAM = "team-" + UUID.randomUUID();

	static final String OWNER = Tokens.user("owner-files", Map.of(TEAM, "OWNER"));

	@Autowired
	WebTestClient client;

	Syncs syncs;

	String connectionId;

	@BeforeAll
	void connect() {
		this.syncs = new Syncs(this.client, TEAM, OWNER);
		this.connectionId = this.syncs.createConnection(Map.of("name", "terraform + ansible", "provider", "files",
				"credentials", Map.of()));
	}

	@Test
	@Order(1)
	void uploadsAreParsedStoredAndListed() {
		Map<String, Object> state = upload("?name=prod.tfstate", MediaType.APPLICATION_JSON, file("prod.tfstate"));
		assertThat(state).containsEntry("kind", "terraform").containsEntry("name", "prod.tfstate");
		assertThat(state.get("summary")).isEqualTo(Map.of("records", Map.of("networks", 3, "servers", 4, "volumes", 1,
				"applications", 4), "skipped", Map.of("aws_iam_role", 1)));

		MultipartBodyBuilder multipart = new MultipartBodyBuilder();
		multipart.part("file", new ByteArrayResource(file("hosts.ini")) {
			@Override
			public String getFilename() {
				return "hosts.ini";
			}
		}).contentType(MediaType.TEXT_PLAIN);
		Map<String, Object> ini = this.client.post()
			.uri("/api/teams/{t}/connections/{c}/uploads", TEAM, this.connectionId)
			.header("Authorization", "Bearer " + OWNER)
			.body(BodyInserters.fromMultipartData(multipart.build()))
			.exchange()
			.expectStatus().isCreated()
			.expectBody(new ParameterizedTypeReference<Map<String, Object>>() {
			})
			.returnResult().getResponseBody();
		assertThat(ini).containsEntry("kind", "inventory").containsEntry("name", "hosts.ini");
		assertThat(upload("?name=cache.yml", MediaType.parseMediaType("application/yaml"), file("hosts.yml")))
			.containsEntry("kind", "inventory");
		assertThat(upload("", MediaType.APPLICATION_JSON, file("facts.json"))).containsEntry("kind", "facts")
			.containsEntry("name", "facts");

		this.client.get()
			.uri("/api/teams/{t}/connections/{c}/uploads", TEAM, this.connectionId)
			.header("Authorization", "Bearer " + OWNER)
			.exchange()
			.expectStatus().isOk()
			.expectBody()
			.jsonPath("$.items.length()").isEqualTo(4)
			.jsonPath("$.items[0].name").isEqualTo("facts");
	}

	@Test
	@Order(2)
	void malformedFilesAreRefusedSayingWhereAndNothingIsStored() {
		this.client.post()
			.uri("/api/teams/{t}/connections/{c}/uploads", TEAM, this.connectionId)
			.header("Authorization", "Bearer " + OWNER)
			.contentType(MediaType.TEXT_PLAIN)
			.bodyValue(file("broken.ini"))
			.exchange()
			.expectStatus().isBadRequest()
			.expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.errors[0].field").isEqualTo("line 1");
		this.client.post()
			.uri("/api/teams/{t}/connections/{c}/uploads", TEAM, this.connectionId)
			.header("Authorization", "Bearer " + OWNER)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"version\": 4, \"resources\": [ {\"type\": \"aws_instance\", \"name\": \"x\",\n \"instances\": [ {\"attributes\": 3} ] } ] }"
				.getBytes(StandardCharsets.UTF_8))
			.exchange()
			.expectStatus().isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].field").isEqualTo("resources[0].instances[0].attributes");
		this.client.post()
			.uri("/api/teams/{t}/connections/{c}/uploads", TEAM, this.connectionId)
			.header("Authorization", "Bearer " + OWNER)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"version\": 4,\n \"resources\": [ oops ] }".getBytes(StandardCharsets.UTF_8))
			.exchange()
			.expectStatus().isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].field").isEqualTo("line 2, column 17");
		this.client.post()
			.uri("/api/teams/{t}/connections/{c}/uploads", TEAM, this.connectionId)
			.header("Authorization", "Bearer " + OWNER)
			.contentType(MediaType.APPLICATION_OCTET_STREAM)
			.bodyValue(new byte[] { 1, 2, 3 })
			.exchange()
			.expectStatus().isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].field").isEqualTo("Content-Type");
		this.client.get()
			.uri("/api/teams/{t}/connections/{c}/uploads", TEAM, this.connectionId)
			.header("Authorization", "Bearer " + OWNER)
			.exchange()
			.expectBody()
			.jsonPath("$.items.length()").isEqualTo(4);
	}

	@Test
	@Order(3)
	void aSyncTranslatesEveryLatestUpload() {
		Map<String, Object> sync = this.syncs.syncAndWait(this.connectionId,
				List.of("servers", "volumes", "applications", "networks"), "SUCCEEDED");

		assertThat(Syncs.counts(sync)).containsEntry("created", 16).containsEntry("failed", 0);
		Map<String, Map<String, Object>> servers = Syncs.bodies(INVENTORY, this.connectionId, "servers");
		assertThat(servers).containsOnlyKeys("i-0web00000000001", "i-0web00000000002",
				"projects/acme/zones/europe-west1-b/instances/batch-reports",
				"/subscriptions/0000/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/ad01",
				"web01.example.com", "web02.example.com", "db1.example.com", "redis1.example.com");
		assertThat(servers.get("i-0web00000000001")).isEqualTo(Map.of("hostname", "web-0", "ipv4Private", "10.20.1.11",
				"cpu", 2, "memoryMb", 8192, "environment", "Production",
				"datacenter", Map.of("provider", "aws", "region", "eu-west-1", "zone", "eu-west-1a", "instanceId",
						"i-0web00000000001"),
				"tags", Map.of("Environment", "production", "Name", "web-0", "terraform:address", "aws_instance.web[0]")));
		assertThat(servers.get("projects/acme/zones/europe-west1-b/instances/batch-reports"))
			.containsEntry("hostname", "batch-reports").containsEntry("ipv4Public", "34.76.10.20")
			.containsEntry("environment", "Production")
			.containsEntry("datacenter", Map.of("provider", "gcp", "region", "europe-west1", "zone", "europe-west1-b",
					"instanceId", "4567890123456789012"));
		assertThat(servers.get("/subscriptions/0000/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/ad01"))
			.containsEntry("hostname", "ad01").containsEntry("os", Map.of("base", "Windows"))
			.containsEntry("environment", "Development");
		assertThat(servers.get("db1.example.com")).isEqualTo(Map.of("hostname", "db1.example.com", "ipv4Private",
				"10.0.1.5", "os", Map.of("base", "Linux", "dist", "Rocky", "version", "9.4"), "cpu", 8, "memoryMb", 31890,
				"environment", "Production", "tags", Map.of("ansible:group:db", "true", "ansible:group:production", "true")));
		assertThat(servers.get("redis1.example.com")).containsEntry("environment", "Stage")
			.containsEntry("tags", Map.of("ansible:group:cache", "true", "ansible:group:staging", "true"));
		Map<String, Map<String, Object>> apps = Syncs.bodies(INVENTORY, this.connectionId, "applications");
		assertThat(apps.get("arn:aws:rds:eu-west-1:123456789012:db:orders")).containsEntry("family", "Database")
			.containsEntry("database", Map.of("engine", "POSTGRESQL", "version", "16.3"))
			.containsEntry("role", Map.of("endpoint", "orders.c9akciq32.eu-west-1.rds.amazonaws.com", "port", 5432));
		assertThat(apps.get("arn:aws:autoscaling:eu-west-1:123456789012:autoScalingGroup:1234:autoScalingGroupName/workers"))
			.containsEntry("autoScaling", Map.of("minSize", 2, "maxSize", 6, "desiredCapacity", 3));
		assertThat(apps.get("E2QWRUHAPOMQZL")).containsEntry("family", "CDN")
			.containsEntry("cdn", Map.of("streaming", false, "origins", List.of("assets.s3.amazonaws.com")));
		assertThat(Syncs.bodies(INVENTORY, this.connectionId, "networks").get("subnet-0bb"))
			.containsEntry("kind", "SUBNET").containsEntry("cidr", "10.20.2.0/24").containsEntry("region", "eu-west-1");
		assertThat(Syncs.bodies(INVENTORY, this.connectionId, "volumes").get("vol-0data1")).containsEntry("sizeGb", 200);
	}

	@Test
	@Order(4)
	void aNewerStateWithoutAnInstanceOrphansItAndResolvesTheLoadBalancerTargets() {
		String state = new String(file("prod.tfstate"), StandardCharsets.UTF_8);
		int second = state.indexOf("{ \"index_key\": 1,");
		int end = state.indexOf("\n", second);
		String newer = state.substring(0, second).stripTrailing();
		newer = newer.substring(0, newer.length() - 1) + state.substring(end);
		upload("?name=prod.tfstate", MediaType.APPLICATION_JSON, newer.getBytes(StandardCharsets.UTF_8));

		Map<String, Object> sync = this.syncs.syncAndWait(this.connectionId, List.of("servers"), "SUCCEEDED");

		assertThat(Syncs.counts(sync)).containsEntry("orphaned", 1).containsEntry("unchanged", 7);
		assertThat(INVENTORY.calls("orphans", this.connectionId)).singleElement()
			.satisfies((call) -> assertThat(call.providerIds()).containsExactly("i-0web00000000002"));
		this.syncs.syncAndWait(this.connectionId, List.of("applications"), "SUCCEEDED");
		assertThat(Syncs.bodies(INVENTORY, this.connectionId, "applications")
			.get("arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/legacy"))
			.containsEntry("targets", List.of("inv-i-0web00000000001"));
	}

	@Test
	@Order(5)
	void uploadsAreTeamScoped() {
		String outsider = Tokens.user("outsider", Map.of("team-elsewhere", "OWNER"));
		String viewer = Tokens.user("viewer", Map.of(TEAM, "VIEWER"));
		this.client.get()
			.uri("/api/teams/{t}/connections/{c}/uploads", TEAM, this.connectionId)
			.header("Authorization", "Bearer " + outsider)
			.exchange()
			.expectStatus().isNotFound();
		this.client.post()
			.uri("/api/teams/{t}/connections/{c}/uploads", TEAM, this.connectionId)
			.header("Authorization", "Bearer " + viewer)
			.contentType(MediaType.TEXT_PLAIN)
			.bodyValue(file("hosts.ini"))
			.exchange()
			.expectStatus().isForbidden();
		this.client.post()
			.uri("/api/teams/{t}/connections/{c}/uploads", "team-elsewhere", this.connectionId)
			.header("Authorization", "Bearer " + outsider)
			.contentType(MediaType.TEXT_PLAIN)
			.bodyValue(file("hosts.ini"))
			.exchange()
			.expectStatus().isNotFound();
	}

	private Map<String, Object> upload(String query, MediaType type, byte[] content) {
		return this.client.post()
			.uri("/api/teams/" + TEAM + "/connections/" + this.connectionId + "/uploads" + query)
			.header("Authorization", "Bearer " + OWNER)
			.contentType(type)
			.bodyValue(content)
			.exchange()
			.expectStatus().isCreated()
			.expectBody(new ParameterizedTypeReference<Map<String, Object>>() {
			})
			.returnResult().getResponseBody();
	}

	private static byte[] file(String name) {
		try (var in = FilesSyncTests.class.getResourceAsStream("/files/" + name)) {
			return in.readAllBytes();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
