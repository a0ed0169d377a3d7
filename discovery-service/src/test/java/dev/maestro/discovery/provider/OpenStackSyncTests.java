package dev.maestro.discovery.provider;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import dev.maestro.discovery.support.DiscoveryTest;
import dev.maestro.discovery.support.FakeInventory;
import dev.maestro.discovery.support.RestMock;
import dev.maestro.discovery.support.Syncs;
import dev.maestro.discovery.support.Tokens;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

import static dev.maestro.discovery.support.RestMock.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An OpenStack connection end to end against mockwebserver3 serving the documented API shapes:
 * Keystone v3 (token in {@code X-Subject-Token}, the catalog in the body), Nova servers paged by
 * {@code marker} through {@code servers_links} (with a 429 first, retried), flavors, Cinder
 * volumes on two pages, Neutron networks and subnets, Octavia load balancers with listeners,
 * pools and members. Each test builds on the previous one's state.
 */
@DiscoveryTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OpenStackSyncTests {

	static final FakeInventory INVENTORY = FakeInventory.shared();

	static final String TEAM = "team-" + UUID.randomUUID();

	static final String OWNER = Tokens.user("owner-os", Map.of(TEAM, "OWNER"));

	static final JsonMapper JSON = JsonMapper.builder().build();

	final RestMock openstack = new RestMock();

	final AtomicInteger serverCalls = new AtomicInteger();

	@Autowired
	WebTestClient client;

	Syncs syncs;

	String connectionId;

	@BeforeAll
	void start() {
		this.syncs = new Syncs(this.client, TEAM, OWNER);
		String url = this.openstack.url();
		this.openstack.on("POST /identity/v3/auth/tokens", (request) -> keystone(request, url));
		this.openstack.on("GET /compute/v2.1/flavors/detail", (request) -> json(200, Map.of("flavors",
				List.of(Map.of("id", "f-2", "name", "m1.medium", "vcpus", 2, "ram", 4096, "disk", 40),
						Map.of("id", "f-4", "name", "m1.large", "vcpus", 4, "ram", 8192, "disk", 80)))));
		this.openstack.on("GET /compute/v2.1/servers/detail", this::servers);
		this.openstack.on("GET /volume/v3/p-1/volumes/detail", (request) -> marker(request, "volumes",
				List.of(Map.of("id", "vol-1", "name", "web-1-root", "size", 20, "volume_type", "ssd", "status", "in-use",
						"availability_zone", "nova")),
				List.of(Map.of("id", "vol-2", "name", "", "size", 100, "volume_type", "hdd", "status", "available",
						"availability_zone", "nova"))));
		this.openstack.on("GET /network/v2.0/networks", (request) -> json(200, Map.of("networks",
				List.of(Map.of("id", "net-1", "name", "private", "status", "ACTIVE")), "networks_links", List.of())));
		this.openstack.on("GET /network/v2.0/subnets", (request) -> json(200, Map.of("subnets",
				List.of(Map.of("id", "sub-1", "name", "private-subnet", "cidr", "10.0.0.0/24", "network_id", "net-1")))));
		this.openstack.on("GET /lb/v2/lbaas/loadbalancers", (request) -> json(200, Map.of("loadbalancers",
				List.of(Map.of("id", "lb-1", "name", "web-lb", "vip_address", "10.0.0.100", "provider", "amphora",
						"operating_status", "ONLINE", "pools", List.of(Map.of("id", "p-1")))))));
		this.openstack.on("GET /lb/v2/lbaas/listeners", (request) -> json(200, Map.of("listeners",
				List.of(Map.of("id", "l-1", "protocol", "HTTPS", "protocol_port", 443, "loadbalancers",
						List.of(Map.of("id", "lb-1")))))));
		this.openstack.on("GET /lb/v2/lbaas/pools", (request) -> json(200, Map.of("pools",
				List.of(Map.of("id", "p-1", "protocol", "HTTP", "loadbalancers", List.of(Map.of("id", "lb-1")))))));
		this.openstack.on("GET /lb/v2/lbaas/pools/p-1/members", (request) -> json(200, Map.of("members",
				List.of(Map.of("id", "m-1", "address", "10.0.0.11", "protocol_port", 8080),
						Map.of("id", "m-2", "address", "10.0.0.12", "protocol_port", 8080),
						Map.of("id", "m-3", "address", "192.0.2.50", "protocol_port", 8080)))));
	}

	@AfterAll
	void stop() {
		this.openstack.close();
	}

	@Test
	@Order(1)
	void badCredentialsAreRefusedWithEveryField() {
		this.client.post()
			.uri("/api/teams/{t}/connections", TEAM)
			.header("Authorization", "Bearer " + OWNER)
			.bodyValue(Map.of("name", "mixed", "provider", "openstack", "regions", List.of("regionone"), "credentials",
					Map.of("authUrl", "ftp://keystone", "username", "demo", "applicationCredentialId", "ac-1")))
			.exchange()
			.expectStatus().isBadRequest()
			.expectBody()
			.jsonPath("$.errors[?(@.field=='credentials.authUrl')]").exists()
			.jsonPath("$.errors[?(@.field=='credentials')]").exists();
		this.client.post()
			.uri("/api/teams/{t}/connections", TEAM)
			.header("Authorization", "Bearer " + OWNER)
			.bodyValue(Map.of("name", "app", "provider", "openstack", "regions", List.of("regionone"), "credentials",
					Map.of("authUrl", "https://keystone:5000/v3", "applicationCredentialId", "ac-1")))
			.exchange()
			.expectStatus().isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].field").isEqualTo("credentials.applicationCredentialSecret");
	}

	@Test
	@Order(2)
	void theConnectionTestAuthenticatesAgainstKeystone() {
		this.connectionId = this.syncs.createConnection(Map.of("name", "private cloud", "provider", "openstack",
				"regions", List.of("regionone"), "endpoint", this.openstack.url() + "/identity/v3/", "credentials",
				credentials("s3cret")));

		this.client.post()
			.uri("/api/teams/{t}/connections/{c}/test", TEAM, this.connectionId)
			.header("Authorization", "Bearer " + OWNER)
			.exchange()
			.expectStatus().isOk()
			.expectBody()
			.jsonPath("$.ok").isEqualTo(true)
			.jsonPath("$.message").value((message) -> assertThat((String) message).contains("demo-project", "regionone"));
		RecordedRequest auth = this.openstack.requests("POST /identity/v3/auth/tokens").get(0);
		assertThat(auth.getBody().utf8()).contains("\"password\"", "\"demo\"", "\"demo-project\"");
	}

	@Test
	@Order(3)
	void serversVolumesAndNetworksAreTranslatedAcrossPagesRetryingThrottling() {
		Map<String, Object> sync = this.syncs.syncAndWait(this.connectionId, List.of("servers", "volumes", "networks"),
				"SUCCEEDED");

		assertThat(Syncs.counts(sync)).containsEntry("created", 7).containsEntry("orphaned", 0);
		assertThat(Syncs.progress(sync)).containsEntry("pages", 6).containsEntry("records", 7);
		Map<String, Map<String, Object>> servers = Syncs.bodies(INVENTORY, this.connectionId, "servers");
		assertThat(servers).containsOnlyKeys("s-1", "s-2", "s-3");
		assertThat(servers.get("s-1")).isEqualTo(Map.of("hostname", "web-1", "ipv4Private", "10.0.0.11", "ipv4Public",
				"172.24.4.11", "os", Map.of("base", "Linux", "dist", "ubuntu", "version", "22.04"), "cpu", 2, "memoryMb",
				4096, "environment", "Production", "storage", List.of(Map.of("volumeId", "vol-1")), "datacenter",
				Map.of("provider", "openstack", "region", "regionone", "zone", "nova", "instanceId", "s-1"), "tags",
				Map.of("Environment", "prod", "os_type", "linux", "os_distro", "ubuntu", "os_version", "22.04")));
		// A 2.47+ embedded flavor is read as is.
		assertThat(servers.get("s-3")).containsEntry("cpu", 8).containsEntry("memoryMb", 16384);
		// The 429 was retried, then page 2 asked for with the marker of page 1's last server.
		List<RecordedRequest> calls = this.openstack.requests("GET /compute/v2.1/servers/detail");
		assertThat(calls).hasSize(3);
		assertThat(calls.get(0).getUrl().queryParameter("marker")).isNull();
		assertThat(calls.get(1).getUrl().queryParameter("marker")).isNull();
		assertThat(calls.get(2).getUrl().queryParameter("marker")).isEqualTo("s-2");
		assertThat(calls).allSatisfy((call) -> assertThat(call.getHeaders().get("X-Auth-Token")).isEqualTo("tok-1"));
		assertThat(Syncs.bodies(INVENTORY, this.connectionId, "volumes")).containsOnlyKeys("vol-1", "vol-2")
			.containsEntry("vol-2", Map.of("name", "vol-2", "provider", "openstack", "region", "regionone", "providerId",
					"vol-2", "zone", "nova", "sizeGb", 100, "type", "hdd", "status", "available"));
		assertThat(Syncs.bodies(INVENTORY, this.connectionId, "networks")).containsEntry("sub-1", Map.of("name",
				"private-subnet", "provider", "openstack", "region", "regionone", "providerId", "sub-1", "kind", "SUBNET",
				"cidr", "10.0.0.0/24")).containsKey("net-1");
	}

	@Test
	@Order(4)
	void loadBalancersTargetTheirMembersServersAsInventoryIds() {
		this.syncs.syncAndWait(this.connectionId, List.of("loadbalancers"), "SUCCEEDED");

		Map<String, Object> lb = Syncs.bodies(INVENTORY, this.connectionId, "applications").get("lb-1");
		assertThat(lb).containsEntry("name", "web-lb")
			.containsEntry("family", "Loadbalance")
			.containsEntry("role", Map.of("endpoint", "10.0.0.100", "port", 443))
			.containsEntry("loadBalancer", Map.of("service", "openstack-octavia-amphora"))
			.containsEntry("targets", List.of("inv-s-1", "inv-s-2"));
	}

	@Test
	@Order(5)
	void aKeystone401FailsTheTestAndTheSyncBeforeCleanupOrphaningNothing() {
		this.client.patch()
			.uri("/api/teams/{t}/connections/{c}", TEAM, this.connectionId)
			.header("Authorization", "Bearer " + OWNER)
			.bodyValue(Map.of("credentials", credentials("wrong")))
			.exchange()
			.expectStatus().isOk();

		this.client.post()
			.uri("/api/teams/{t}/connections/{c}/test", TEAM, this.connectionId)
			.header("Authorization", "Bearer " + OWNER)
			.exchange()
			.expectStatus().isOk()
			.expectBody()
			.jsonPath("$.ok").isEqualTo(false)
			.jsonPath("$.message").value((message) -> assertThat((String) message)
				.contains("401", "requires authentication").doesNotContain("wrong"));
		Map<String, Object> sync = this.syncs.syncAndWait(this.connectionId, List.of("servers", "volumes", "networks",
				"loadbalancers"), "FAILED");

		assertThat((String) sync.get("error")).startsWith("fail before cleanup:").contains("/regionone", "401");
		assertThat(Syncs.counts(sync)).containsEntry("orphaned", 0);
		assertThat(INVENTORY.calls("orphans", this.connectionId)).isEmpty();
	}

	private static Map<String, String> credentials(String password) {
		return Map.of("authUrl", "https://keystone.invalid:5000/v3", "username", "demo", "password", password,
				"projectName", "demo-project", "userDomainName", "Default");
	}

	private MockResponse keystone(RecordedRequest request, String url) {
		Map<?, ?> body = JSON.readValue(request.getBody().utf8(), Map.class);
		String password = String.valueOf(((Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) body.get("auth"))
			.get("identity")).get("password")).get("user"))).get("password"));
		if (!"s3cret".equals(password)) {
			return json(401, Map.of("error", Map.of("code", 401, "title", "Unauthorized", "message",
					"The request you have made requires authentication.")));
		}
		List<Map<String, Object>> catalog = new ArrayList<>();
		catalog.add(service("identity", url + "/identity/v3"));
		catalog.add(service("compute", url + "/compute/v2.1"));
		catalog.add(service("volumev3", url + "/volume/v3/p-1"));
		catalog.add(service("network", url + "/network/"));
		catalog.add(service("load-balancer", url + "/lb"));
		return new MockResponse.Builder().code(201)
			.setHeader("Content-Type", "application/json")
			.setHeader("X-Subject-Token", "tok-1")
			.body(JSON.writeValueAsString(Map.of("token", Map.of("methods", List.of("password"), "expires_at",
					"2099-01-01T00:00:00.000000Z", "project", Map.of("id", "p-1", "name", "demo-project"), "catalog",
					catalog))))
			.build();
	}

	private static Map<String, Object> service(String type, String url) {
		return Map.of("type", type, "name", type, "endpoints", List.of(
				Map.of("interface", "internal", "region", "RegionOne", "region_id", "RegionOne", "url", "http://10.255.0.1/x"),
				Map.of("interface", "public", "region", "RegionTwo", "region_id", "RegionTwo", "url", "http://10.255.0.2/x"),
				Map.of("interface", "public", "region", "RegionOne", "region_id", "RegionOne", "url", url)));
	}

	/** Nova: a 429 first, then two pages linked by {@code servers_links}. */
	private MockResponse servers(RecordedRequest request) {
		if (this.serverCalls.getAndIncrement() == 0) {
			return new MockResponse.Builder().code(429)
				.setHeader("Retry-After", "0")
				.setHeader("Content-Type", "application/json")
				.body("{\"overLimit\":{\"code\":429,\"message\":\"Over limit\"}}")
				.build();
		}
		Map<String, Object> meta = Map.of("Environment", "prod", "os_type", "linux", "os_distro", "ubuntu", "os_version",
				"22.04");
		Map<String, Object> s1 = server("s-1", "web-1", Map.of("id", "f-2"), "10.0.0.11", meta);
		Map<String, Object> s2 = server("s-2", "web-2", Map.of("id", "f-4"), "10.0.0.12", Map.of());
		Map<String, Object> s3 = server("s-3", "db-1", Map.of("vcpus", 8, "ram", 16384, "original_name", "m1.xlarge"),
				"10.0.0.13", Map.of());
		if (request.getUrl().queryParameter("marker") == null) {
			return json(200, Map.of("servers", List.of(s1, s2), "servers_links", List.of(Map.of("rel", "next", "href",
					"http://nova.internal/v2.1/servers/detail?limit=2&marker=s-2"))));
		}
		return json(200, Map.of("servers", List.of(s3)));
	}

	private static Map<String, Object> server(String id, String name, Map<String, Object> flavor, String ip,
			Map<String, Object> metadata) {
		Map<String, Object> server = new HashMap<>();
		server.put("id", id);
		server.put("name", name);
		server.put("status", "ACTIVE");
		server.put("flavor", flavor);
		server.put("metadata", metadata);
		server.put("OS-EXT-AZ:availability_zone", "nova");
		List<Map<String, Object>> addresses = new ArrayList<>();
		addresses.add(Map.of("addr", ip, "version", 4, "OS-EXT-IPS:type", "fixed"));
		if (id.equals("s-1")) {
			addresses.add(Map.of("addr", "172.24.4.11", "version", 4, "OS-EXT-IPS:type", "floating"));
			server.put("os-extended-volumes:volumes_attached", List.of(Map.of("id", "vol-1")));
		}
		server.put("addresses", Map.of("private", addresses));
		return server;
	}

	/** Two pages: the second asked for with {@code marker} = the first page's last id. */
	private static MockResponse marker(RecordedRequest request, String key, List<Map<String, Object>> first,
			List<Map<String, Object>> second) {
		if (request.getUrl().queryParameter("marker") == null) {
			return json(200, Map.of(key, first, key + "_links", List.of(Map.of("rel", "next", "href",
					"http://cinder.internal/v3/p-1/" + key + "/detail?limit=1"))));
		}
		assertThat(request.getUrl().queryParameter("marker")).isEqualTo(first.get(first.size() - 1).get("id"));
		return json(200, Map.of(key, second));
	}

}
