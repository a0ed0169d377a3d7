package dev.maestro.discovery.provider;

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

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

import static dev.maestro.discovery.support.RestMock.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An Azure connection end to end against mockwebserver3 serving Microsoft Entra ID's token
 * answer and Resource Manager's list shapes ({@code value} + {@code nextLink}): VMs on two pages
 * (a 429 first, retried), NICs and public IPs for addresses, managed disks, a load balancer whose
 * backend pool holds a VM's NIC. The connection's regions filter by location.
 */
@DiscoveryTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AzureSyncTests {

	static final FakeInventory INVENTORY = FakeInventory.shared();

	static final String TEAM = "team-" + UUID.randomUUID();

	static final String OWNER = Tokens.user("owner-az", Map.of(TEAM, "OWNER"));

	static final String SUB = "00000000-0000-0000-0000-0000000000aa";

	static final String RG = "/subscriptions/" + SUB + "/resourceGroups/Shop";

	final RestMock azure = new RestMock();

	final AtomicInteger vmCalls = new AtomicInteger();

	@Autowired
	WebTestClient client;

	Syncs syncs;

	String connectionId;

	@BeforeAll
	void start() {
		this.syncs = new Syncs(this.client, TEAM, OWNER);
		String base = this.azure.url();
		String providers = "/subscriptions/" + SUB + "/providers/";
		this.azure.on("POST /login/tenant-1/oauth2/v2.0/token", (request) -> request.getBody().utf8().contains("client_secret=s3cret")
				? json(200, Map.of("token_type", "Bearer", "expires_in", 3599, "access_token", "arm-token"))
				: json(401, Map.of("error", "invalid_client", "error_description",
						"AADSTS7000215: Invalid client secret provided.\r\nTrace ID: 1")));
		this.azure.on("GET /subscriptions/" + SUB, (request) -> json(200, Map.of("subscriptionId", SUB, "displayName",
				"Shop production", "state", "Enabled")));
		this.azure.on("GET " + providers + "Microsoft.Compute/virtualMachines", (request) -> vms(request, base));
		this.azure.on("GET " + providers + "Microsoft.Network/networkInterfaces", (request) -> json(200, Map.of("value",
				List.of(nic("web-1-nic", "Web-1", "10.1.0.4", "web-1-ip"), nic("web-2-nic", "web-2", "10.1.0.5", null)))));
		this.azure.on("GET " + providers + "Microsoft.Network/publicIPAddresses", (request) -> json(200, Map.of("value",
				List.of(Map.of("id", RG + "/providers/Microsoft.Network/publicIPAddresses/web-1-ip", "name", "web-1-ip",
						"properties", Map.of("ipAddress", "20.50.1.10")), Map.of("id", RG
								+ "/providers/Microsoft.Network/publicIPAddresses/lb-ip", "properties", Map.of("ipAddress", "20.50.1.99"))))));
		this.azure.on("GET " + providers + "Microsoft.Compute/disks", (request) -> json(200, Map.of("value", List.of(
				Map.of("id", RG + "/providers/Microsoft.Compute/disks/web-1-data", "name", "web-1-data", "location",
						"westeurope", "zones", List.of("1"), "sku", Map.of("name", "Premium_LRS"), "properties",
						Map.of("diskSizeGB", 128, "diskState", "Attached", "uniqueId", "d-guid-1")),
				Map.of("id", RG + "/providers/Microsoft.Compute/disks/us-disk", "name", "us-disk", "location", "eastus",
						"sku", Map.of("name", "Standard_LRS"), "properties", Map.of("diskSizeGB", 32))))));
		this.azure.on("GET " + providers + "Microsoft.Network/loadBalancers", (request) -> json(200, Map.of("value",
				List.of(Map.of("id", RG + "/providers/Microsoft.Network/loadBalancers/web-lb", "name", "web-lb", "location",
						"westeurope", "sku", Map.of("name", "Standard"), "properties", Map.of(
								"frontendIPConfigurations", List.of(Map.of("name", "fe", "properties", Map.of("publicIPAddress",
										Map.of("id", RG + "/providers/Microsoft.Network/publicIPAddresses/lb-ip")))),
								"backendAddressPools", List.of(Map.of("name", "pool", "properties", Map.of(
										"backendIPConfigurations", List.of(Map.of("id", RG
												+ "/providers/Microsoft.Network/networkInterfaces/WEB-1-NIC/ipConfigurations/ipconfig1"))))),
								"loadBalancingRules", List.of(Map.of("properties", Map.of("frontendPort", 443, "backendPort", 8443))),
								"probes", List.of(Map.of("properties", Map.of("protocol", "Http", "port", 8443, "requestPath", "/health")))))))));
	}

	@AfterAll
	void stop() {
		this.azure.close();
	}

	@Test
	@Order(1)
	void aConnectionWithoutRegionsIsAllowedAndBadFieldsAreRefused() {
		this.client.post()
			.uri("/api/teams/{t}/connections", TEAM)
			.header("Authorization", "Bearer " + OWNER)
			.bodyValue(Map.of("name", "bad", "provider", "azure", "credentials", Map.of("tenantId", "tenant 1", "clientId",
					"c", "subscriptionId", SUB, "authorityEndpoint", "login")))
			.exchange()
			.expectStatus().isBadRequest()
			.expectBody()
			.jsonPath("$.errors[?(@.field=='credentials.clientSecret')]").exists()
			.jsonPath("$.errors[?(@.field=='credentials.tenantId')]").exists()
			.jsonPath("$.errors[?(@.field=='credentials.authorityEndpoint')]").exists()
			.jsonPath("$.errors[?(@.field=='regions')]").doesNotExist();
	}

	@Test
	@Order(2)
	void theConnectionTestGetsATokenAndReadsTheSubscription() {
		this.connectionId = this.syncs.createConnection(Map.of("name", "shop subscription", "provider", "azure",
				"regions", List.of("westeurope"), "endpoint", this.azure.url(), "credentials", credentials("s3cret")));

		this.client.post()
			.uri("/api/teams/{t}/connections/{c}/test", TEAM, this.connectionId)
			.header("Authorization", "Bearer " + OWNER)
			.exchange()
			.expectStatus().isOk()
			.expectBody()
			.jsonPath("$.ok").isEqualTo(true)
			.jsonPath("$.message").isEqualTo("Connected to subscription Shop production (Enabled)");
		String form = this.azure.requests("POST /login/tenant-1/oauth2/v2.0/token").get(0).getBody().utf8();
		assertThat(form).contains("grant_type=client_credentials", "client_id=app-1",
				"scope=" + java.net.URLEncoder.encode(this.azure.url() + "/.default", java.nio.charset.StandardCharsets.UTF_8));
	}

	@Test
	@Order(3)
	void virtualMachinesAndDisksOfTheConnectionsLocationsAreTranslatedAcrossNextLinks() {
		Map<String, Object> sync = this.syncs.syncAndWait(this.connectionId, List.of("servers", "disks"), "SUCCEEDED");

		assertThat(Syncs.counts(sync)).containsEntry("created", 3);
		Map<String, Map<String, Object>> servers = Syncs.bodies(INVENTORY, this.connectionId, "servers");
		String web1 = (RG + "/providers/Microsoft.Compute/virtualMachines/web-1").toLowerCase();
		assertThat(servers).containsOnlyKeys(web1, (RG + "/providers/Microsoft.Compute/virtualMachines/web-2").toLowerCase());
		assertThat(servers.get(web1)).isEqualTo(Map.of("hostname", "web-1", "ipv4Private", "10.1.0.4", "ipv4Public",
				"20.50.1.10", "os", Map.of("base", "Linux", "dist", "Ubuntu"), "cpu", 4, "memoryMb", 16384, "environment",
				"Production", "storage", List.of(Map.of("mountPath", "os", "sizeGb", 30, "root", true, "volumeId",
						"web-1_OsDisk"), Map.of("mountPath", "lun0", "sizeGb", 128, "root", false, "volumeId", "web-1-data")),
				"datacenter", Map.of("provider", "azure", "region", "westeurope", "zone", "1", "instanceId", "vm-guid-web-1"),
				"tags", Map.of("env", "prod", "azure:resourceGroup", "Shop", "azure:vmSize", "Standard_D4s_v5")));
		assertThat(Syncs.bodies(INVENTORY, this.connectionId, "volumes"))
			.containsOnlyKeys((RG + "/providers/Microsoft.Compute/disks/web-1-data").toLowerCase())
			.containsValue(Map.of("name", "web-1-data", "provider", "azure", "region", "westeurope", "providerId",
					"d-guid-1", "zone", "1", "sizeGb", 128, "type", "Premium_LRS", "status", "Attached"));
		List<RecordedRequest> calls = this.azure.requests("GET /subscriptions/" + SUB
				+ "/providers/Microsoft.Compute/virtualMachines");
		assertThat(calls).hasSize(3);
		assertThat(calls.get(2).getUrl().queryParameter("$skiptoken")).isEqualTo("page2");
		assertThat(calls).allSatisfy((call) -> assertThat(call.getHeaders().get("Authorization")).isEqualTo("Bearer arm-token"));
	}

	@Test
	@Order(4)
	void loadBalancersTargetTheVmsOfTheirBackendPools() {
		this.syncs.syncAndWait(this.connectionId, List.of("loadbalancers"), "SUCCEEDED");

		Map<String, Object> lb = Syncs.bodies(INVENTORY, this.connectionId, "applications")
			.get((RG + "/providers/Microsoft.Network/loadBalancers/web-lb").toLowerCase());
		assertThat(lb).containsEntry("family", "Loadbalance")
			.containsEntry("role", Map.of("endpoint", "20.50.1.99", "port", 443))
			.containsEntry("loadBalancer", Map.of("service", "azure-lb-standard", "healthCheck", "Http:8443/health"))
			.containsEntry("targets", List.of("inv-" + (RG + "/providers/Microsoft.Compute/virtualMachines/web-1")
				.toLowerCase().replaceAll("[^A-Za-z0-9]", "-")));
	}

	@Test
	@Order(5)
	void aRefusedTokenFailsTheTestAndTheSyncBeforeCleanupOrphaningNothing() {
		this.client.patch()
			.uri("/api/teams/{t}/connections/{c}", TEAM, this.connectionId)
			.header("Authorization", "Bearer " + OWNER)
			.bodyValue(Map.of("credentials", credentials("expired")))
			.exchange()
			.expectStatus().isOk();

		this.client.post()
			.uri("/api/teams/{t}/connections/{c}/test", TEAM, this.connectionId)
			.header("Authorization", "Bearer " + OWNER)
			.exchange()
			.expectStatus().isOk()
			.expectBody()
			.jsonPath("$.ok").isEqualTo(false)
			.jsonPath("$.message").value((message) -> assertThat((String) message).contains("401", "AADSTS7000215")
				.doesNotContain("expired"));
		Map<String, Object> sync = this.syncs.syncAndWait(this.connectionId, List.of("servers", "disks", "loadbalancers"),
				"FAILED");

		assertThat((String) sync.get("error")).startsWith("fail before cleanup:").contains("westeurope", "401");
		assertThat(Syncs.counts(sync)).containsEntry("orphaned", 0);
		assertThat(INVENTORY.calls("orphans", this.connectionId)).isEmpty();
	}

	private Map<String, String> credentials(String secret) {
		return Map.of("tenantId", "tenant-1", "clientId", "app-1", "clientSecret", secret, "subscriptionId", SUB,
				"authorityEndpoint", this.azure.url() + "/login/");
	}

	/** A 429 first; then page 1 (web-1 and an eastus VM) with a nextLink, page 2 (web-2). */
	private MockResponse vms(RecordedRequest request, String base) {
		if (this.vmCalls.getAndIncrement() == 0) {
			return new MockResponse.Builder().code(429).setHeader("Retry-After", "0")
				.setHeader("Content-Type", "application/json")
				.body("{\"error\":{\"code\":\"TooManyRequests\",\"message\":\"throttled\"}}").build();
		}
		if (request.getUrl().queryParameter("$skiptoken") == null) {
			return json(200, Map.of("value", List.of(vm("web-1", "westeurope", "Standard_D4s_v5", "web-1-nic"),
					vm("us-1", "eastus", "Standard_B2s", "us-1-nic")), "nextLink", base + "/subscriptions/" + SUB
							+ "/providers/Microsoft.Compute/virtualMachines?api-version=2024-07-01&$skiptoken=page2"));
		}
		return json(200, Map.of("value", List.of(vm("web-2", "westeurope", "Standard_E2s_v3", "web-2-nic"))));
	}

	private static Map<String, Object> vm(String name, String location, String size, String nic) {
		return Map.of("id", RG + "/providers/Microsoft.Compute/virtualMachines/" + name, "name", name, "location", location,
				"zones", List.of("1"), "tags", Map.of("env", "prod"), "properties", Map.of("vmId", "vm-guid-" + name,
						"hardwareProfile", Map.of("vmSize", size), "storageProfile", Map.of("imageReference", Map.of(
								"publisher", "Canonical", "offer", "0001-com-ubuntu-server-jammy", "sku", "22_04-lts-gen2"),
								"osDisk", Map.of("osType", "Linux", "name", name + "_OsDisk", "diskSizeGB", 30), "dataDisks",
								List.of(Map.of("lun", 0, "name", name + "-data", "diskSizeGB", 128))),
						"osProfile", Map.of("computerName", name), "networkProfile", Map.of("networkInterfaces",
								List.of(Map.of("id", RG + "/providers/Microsoft.Network/networkInterfaces/" + nic,
										"properties", Map.of("primary", true))))));
	}

	private static Map<String, Object> nic(String name, String vm, String ip, String publicIp) {
		Map<String, Object> config = (publicIp != null)
				? Map.of("privateIPAddress", ip, "privateIPAddressVersion", "IPv4", "primary", true, "publicIPAddress",
						Map.of("id", RG + "/providers/Microsoft.Network/publicIPAddresses/" + publicIp))
				: Map.of("privateIPAddress", ip, "privateIPAddressVersion", "IPv4", "primary", true);
		return Map.of("id", RG + "/providers/Microsoft.Network/networkInterfaces/" + name, "properties", Map.of(
				"ipConfigurations", List.of(Map.of("name", "ipconfig1", "properties", config)), "virtualMachine",
				Map.of("id", RG.toUpperCase() + "/providers/Microsoft.Compute/virtualMachines/" + vm)));
	}

}
