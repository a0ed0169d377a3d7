package dev.maestro.discovery.sync;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.maestro.discovery.support.DiscoveryTest;
import dev.maestro.discovery.support.FakeInventory;
import dev.maestro.discovery.support.Tokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.test.web.reactive.server.WebTestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.notContaining;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A sync of an AWS connection end to end: the AWS SDK against WireMock serving EC2's documented
 * DescribeInstances XML (two pages with {@code nextToken}, two regions, a throttling 503 the SDK
 * retries), the job through the real broker, and inventory's discovery endpoints as a recording
 * fake. Each test builds on the inventory state the previous one left.
 */
@DiscoveryTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AwsSyncTests {

	static final WireMockServer AWS = new WireMockServer(WireMockConfiguration.options().dynamicPort());

	static final FakeInventory INVENTORY = FakeInventory.shared();

	static {
		AWS.start();
	}

	static final String TEAM = "team-" + UUID.randomUUID();

	static final String OWNER = Tokens.user("owner-1", Map.of(TEAM, "OWNER"));

	@Autowired
	WebTestClient client;

	String connectionId;

	@AfterAll
	void stop() {
		AWS.stop();
	}

	@Test
	@Order(1)
	void aFirstSyncCreatesEveryInstanceOfEveryPageOfEveryRegionRetryingThrottling() {
		this.connectionId = createConnection();
		stubRegion("us-east-1", List.of(instance("i-0a1", "web-1", "m5.large", "10.0.0.1", "us-east-1a"),
				instance("i-0a2", "web-2", "t3.micro", "10.0.0.2", "us-east-1b")),
				List.of(instance("i-0a3", "db-1", "r5.xlarge", "10.0.0.3", "us-east-1a")));
		stubRegion("eu-west-1", List.of(instance("i-0b1", "api-1", "c5.2xlarge", "10.1.0.1", "eu-west-1a")),
				List.of(instance("i-0b2", "api-2", "c5.2xlarge", "10.1.0.2", "eu-west-1b")));
		throttleFirstCall("us-east-1");

		Map<String, Object> sync = syncAndWait("SUCCEEDED");

		assertThat(counts(sync)).containsEntry("created", 5).containsEntry("unchanged", 0).containsEntry("orphaned", 0);
		assertThat(progress(sync)).containsEntry("pages", 4).containsEntry("records", 5);
		List<FakeInventory.Call> upserts = INVENTORY.calls("discovered", this.connectionId);
		assertThat(upserts).allSatisfy((call) -> assertThat(call.collection()).isEqualTo("servers"));
		assertThat(upserts.stream().flatMap((c) -> c.providerIds().stream()))
			.containsExactlyInAnyOrder("i-0a1", "i-0a2", "i-0a3", "i-0b1", "i-0b2");
		Map<String, Object> web1 = upserts.stream().flatMap((c) -> c.items().stream())
			.filter((item) -> "i-0a1".equals(item.get("providerId")))
			.findFirst().orElseThrow();
		assertThat(web1.get("body")).isEqualTo(Map.of("hostname", "web-1", "ipv4Private", "10.0.0.1", "ipv4Public",
				"203.0.113.10", "os", Map.of("base", "Linux"), "cpu", 2, "memoryMb", 8192, "environment", "Production",
				"storage", List.of(Map.of("mountPath", "/dev/xvda", "root", true, "volumeId", "vol-i-0a1")),
				"datacenter", Map.of("provider", "aws", "region", "us-east-1", "zone", "us-east-1a", "instanceId", "i-0a1"),
				"tags", Map.of("Name", "web-1", "Environment", "prod")));
		// The throttled first call was retried by the SDK: two identical first-page calls in us-east-1.
		AWS.verify(2, postRequestedFor(urlEqualTo("/")).withHeader("Authorization", containing("/us-east-1/ec2/"))
			.withRequestBody(notContaining("NextToken")));
	}

	@Test
	@Order(2)
	void anUnchangedSecondSyncSendsNothingToInventory() {
		int before = INVENTORY.calls("discovered", this.connectionId).size();

		Map<String, Object> sync = syncAndWait("SUCCEEDED");

		assertThat(counts(sync)).containsEntry("unchanged", 5).containsEntry("created", 0).containsEntry("updated", 0);
		assertThat(INVENTORY.calls("discovered", this.connectionId)).hasSize(before);
		assertThat(INVENTORY.calls("orphans", this.connectionId)).isEmpty();
	}

	@Test
	@Order(3)
	void aChangedInstanceIsUpdatedAndAGoneOneOrphaned() {
		AWS.resetAll();
		stubRegion("us-east-1", List.of(instance("i-0a1", "web-1-renamed", "m5.large", "10.0.0.1", "us-east-1a"),
				instance("i-0a2", "web-2", "t3.micro", "10.0.0.2", "us-east-1b")), List.of());
		stubRegion("eu-west-1", List.of(instance("i-0b1", "api-1", "c5.2xlarge", "10.1.0.1", "eu-west-1a")),
				List.of(instance("i-0b2", "api-2", "c5.2xlarge", "10.1.0.2", "eu-west-1b")));
		int before = INVENTORY.calls("discovered", this.connectionId).size();

		Map<String, Object> sync = syncAndWait("SUCCEEDED");

		assertThat(counts(sync)).containsEntry("updated", 1).containsEntry("unchanged", 3).containsEntry("orphaned", 1);
		List<FakeInventory.Call> sent = INVENTORY.calls("discovered", this.connectionId);
		assertThat(sent.subList(before, sent.size()).stream().flatMap((c) -> c.providerIds().stream())).containsExactly("i-0a1");
		assertThat(INVENTORY.calls("orphans", this.connectionId)).singleElement()
			.satisfies((call) -> assertThat(call.providerIds()).containsExactly("i-0a3"));
	}

	@Test
	@Order(4)
	void aFailedRegionOrphansNothingAndSaysWhy() {
		AWS.resetAll();
		stubRegion("us-east-1", List.of(), List.of());
		AWS.stubFor(post(urlEqualTo("/")).withHeader("Authorization", containing("/eu-west-1/ec2/"))
			.willReturn(aResponse().withStatus(401).withHeader("Content-Type", "text/xml")
				.withBody(error("AuthFailure", "AWS was not able to validate the provided access credentials"))));

		Map<String, Object> sync = syncAndWait("FAILED");

		assertThat((String) sync.get("error")).startsWith("fail before cleanup: servers/eu-west-1");
		assertThat(INVENTORY.calls("orphans", this.connectionId)).hasSize(1);
		assertThat(counts(sync)).containsEntry("orphaned", 0);
	}

	@Test
	@Order(5)
	void orphaningMostRecordsWaitsForConfirmationThenOrphansThem() {
		AWS.resetAll();
		stubRegion("us-east-1", List.of(), List.of());
		stubRegion("eu-west-1", List.of(instance("i-0b1", "api-1", "c5.2xlarge", "10.1.0.1", "eu-west-1a")), List.of());

		Map<String, Object> waiting = syncAndWait("AWAITING_CONFIRMATION");

		assertThat(INVENTORY.calls("orphans", this.connectionId)).hasSize(1);
		assertThat((String) waiting.get("error")).contains("servers (3 of 4)");
		Map<String, Object> confirmed = this.client.post()
			.uri("/api/teams/{t}/connections/{c}/syncs/{s}/confirm", TEAM, this.connectionId, waiting.get("id"))
			.header("Authorization", "Bearer " + OWNER)
			.exchange()
			.expectStatus().isOk()
			.expectBody(new ParameterizedTypeReference<Map<String, Object>>() {
			})
			.returnResult().getResponseBody();

		assertThat(confirmed).containsEntry("status", "SUCCEEDED");
		assertThat(counts(confirmed)).containsEntry("orphaned", 3);
		List<FakeInventory.Call> orphans = INVENTORY.calls("orphans", this.connectionId);
		assertThat(orphans.subList(1, orphans.size()).stream().flatMap((c) -> c.providerIds().stream()))
			.containsExactlyInAnyOrder("i-0a1", "i-0a2", "i-0b2");
		this.client.post()
			.uri("/api/teams/{t}/connections/{c}/syncs/{s}/confirm", TEAM, this.connectionId, waiting.get("id"))
			.header("Authorization", "Bearer " + OWNER)
			.exchange()
			.expectStatus().isEqualTo(409);
	}

	@Test
	@Order(6)
	void aReappearingInstanceIsSentAgain() {
		AWS.resetAll();
		stubRegion("us-east-1", List.of(instance("i-0a2", "web-2", "t3.micro", "10.0.0.2", "us-east-1b")), List.of());
		stubRegion("eu-west-1", List.of(instance("i-0b1", "api-1", "c5.2xlarge", "10.1.0.1", "eu-west-1a")), List.of());
		int before = INVENTORY.calls("discovered", this.connectionId).size();

		Map<String, Object> sync = syncAndWait("SUCCEEDED");

		assertThat(counts(sync)).containsEntry("updated", 1).containsEntry("unchanged", 1);
		List<FakeInventory.Call> sent = INVENTORY.calls("discovered", this.connectionId);
		assertThat(sent.subList(before, sent.size()).stream().flatMap((c) -> c.providerIds().stream())).containsExactly("i-0a2");
	}

	@Test
	@Order(7)
	void inventoryDownFailsTheSyncCleanlyAndOrphansNothing() {
		AWS.resetAll();
		stubRegion("us-east-1", List.of(instance("i-0c1", "new-1", "m5.large", "10.0.0.9", "us-east-1a")), List.of());
		stubRegion("eu-west-1", List.of(), List.of());
		int orphanCalls = INVENTORY.calls("orphans", this.connectionId).size();
		assertThat(orphanCalls).isPositive();
		INVENTORY.down = true;
		try {
			Map<String, Object> sync = syncAndWait("FAILED");

			assertThat((String) sync.get("error")).startsWith("fail before cleanup:").contains("inventory");
			assertThat(INVENTORY.calls("orphans", this.connectionId)).hasSize(orphanCalls);
		}
		finally {
			INVENTORY.down = false;
		}
	}

	@Test
	@Order(8)
	void theRunHistoryListsEverySyncNewestFirstAndTheLastExecutionPerRegion() {
		Map<String, Object> page = this.client.get()
			.uri("/api/teams/{t}/connections/{c}/syncs?limit=3&sort=-createdAt", TEAM, this.connectionId)
			.header("Authorization", "Bearer " + OWNER)
			.exchange()
			.expectStatus().isOk()
			.expectBody(new ParameterizedTypeReference<Map<String, Object>>() {
			})
			.returnResult().getResponseBody();
		@SuppressWarnings("unchecked")
		List<Map<String, Object>> items = (List<Map<String, Object>>) page.get("items");
		assertThat(items).hasSize(3);
		assertThat(items.get(0)).containsEntry("status", "FAILED");
		assertThat(page.get("nextCursor")).isNotNull();
		this.client.get()
			.uri("/api/teams/{t}/connections/{c}/executions", TEAM, this.connectionId)
			.header("Authorization", "Bearer " + OWNER)
			.exchange()
			.expectStatus().isOk()
			.expectBody()
			.jsonPath("$.items.length()").isEqualTo(2)
			.jsonPath("$.items[0].task").isEqualTo("servers");
		this.client.get()
			.uri("/api/teams/{t}/connections/{c}/syncs?sort=name", TEAM, this.connectionId)
			.header("Authorization", "Bearer " + OWNER)
			.exchange()
			.expectStatus().isBadRequest()
			.expectBody().jsonPath("$.errors[0].field").isEqualTo("sort");
	}

	private String createConnection() {
		return (String) this.client.post()
			.uri("/api/teams/{t}/connections", TEAM)
			.header("Authorization", "Bearer " + OWNER)
			.bodyValue(Map.of("name", "prod account", "provider", "aws", "credentials",
					Map.of("accessKeyId", "AKIDEXAMPLE", "secretAccessKey", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"),
					"regions", List.of("us-east-1", "eu-west-1"), "endpoint", AWS.baseUrl()))
			.exchange()
			.expectStatus().isCreated()
			.expectBody(new ParameterizedTypeReference<Map<String, Object>>() {
			})
			.returnResult().getResponseBody().get("id");
	}

	private Map<String, Object> syncAndWait(String status) {
		Object syncId = this.client.post()
			.uri("/api/teams/{t}/connections/{c}/syncs", TEAM, this.connectionId)
			.header("Authorization", "Bearer " + OWNER)
			.bodyValue(Map.of("tasks", List.of("servers")))
			.exchange()
			.expectStatus().isAccepted()
			.expectBody(new ParameterizedTypeReference<Map<String, Object>>() {
			})
			.returnResult().getResponseBody().get("id");
		Map<String, Object>[] last = new Map[1];
		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
			last[0] = this.client.get()
				.uri("/api/teams/{t}/connections/{c}/syncs/{s}", TEAM, this.connectionId, syncId)
				.header("Authorization", "Bearer " + OWNER)
				.exchange()
				.expectStatus().isOk()
				.expectBody(new ParameterizedTypeReference<Map<String, Object>>() {
				})
				.returnResult().getResponseBody();
			assertThat(last[0].get("status")).isIn("SUCCEEDED", "FAILED", "AWAITING_CONFIRMATION");
		});
		assertThat(last[0]).as("sync %s", last[0]).containsEntry("status", status);
		return last[0];
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> counts(Map<String, Object> sync) {
		return (Map<String, Object>) sync.get("counts");
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> progress(Map<String, Object> sync) {
		return (Map<String, Object>) sync.get("progress");
	}

	/** Two pages of DescribeInstances for a region: the first names a nextToken, the second none. */
	private static void stubRegion(String region, List<String> first, List<String> second) {
		String token = "page2-" + region;
		AWS.stubFor(post(urlEqualTo("/")).withHeader("Authorization", containing("/" + region + "/ec2/"))
			.withRequestBody(containing("Action=DescribeInstances"))
			.withRequestBody(notContaining("NextToken"))
			.willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/xml;charset=UTF-8")
				.withBody(describeInstances(first, token))));
		AWS.stubFor(post(urlEqualTo("/")).withHeader("Authorization", containing("/" + region + "/ec2/"))
			.withRequestBody(containing("Action=DescribeInstances"))
			.withRequestBody(containing("NextToken=" + token))
			.willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/xml;charset=UTF-8")
				.withBody(describeInstances(second, null))));
	}

	/** The region's first call answers EC2's throttling error; the SDK must back off and retry. */
	private static void throttleFirstCall(String region) {
		AWS.stubFor(post(urlEqualTo("/")).inScenario("throttle-" + region)
			.whenScenarioStateIs(Scenario.STARTED)
			.withHeader("Authorization", containing("/" + region + "/ec2/"))
			.withRequestBody(matching(".*Action=DescribeInstances.*"))
			.withRequestBody(notContaining("NextToken"))
			.atPriority(1)
			.willReturn(aResponse().withStatus(503).withHeader("Content-Type", "text/xml")
				.withBody(error("RequestLimitExceeded", "Request limit exceeded.")))
			.willSetStateTo("throttled"));
	}

	static String describeInstances(List<String> instances, String nextToken) {
		return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
				+ "<DescribeInstancesResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\">\n"
				+ "  <requestId>" + UUID.randomUUID() + "</requestId>\n  <reservationSet>\n"
				+ instances.stream().map((item) -> "    <item>\n      <reservationId>r-" + Math.abs(item.hashCode())
						+ "</reservationId>\n      <ownerId>123456789012</ownerId>\n      <groupSet/>\n"
						+ "      <instancesSet>\n" + item + "      </instancesSet>\n    </item>\n")
					.collect(Collectors.joining())
				+ "  </reservationSet>\n" + ((nextToken != null) ? "  <nextToken>" + nextToken + "</nextToken>\n" : "")
				+ "</DescribeInstancesResponse>\n";
	}

	static String instance(String id, String name, String type, String ip, String zone) {
		return "        <item>\n          <instanceId>" + id + "</instanceId>\n          <imageId>ami-0abcdef1234567890</imageId>\n"
				+ "          <instanceState><code>16</code><name>running</name></instanceState>\n"
				+ "          <privateDnsName>ip-" + ip.replace('.', '-') + ".ec2.internal</privateDnsName>\n"
				+ "          <dnsName/>\n          <instanceType>" + type + "</instanceType>\n"
				+ "          <placement><availabilityZone>" + zone + "</availabilityZone><tenancy>default</tenancy></placement>\n"
				+ "          <privateIpAddress>" + ip + "</privateIpAddress>\n"
				+ ("i-0a1".equals(id) ? "          <ipAddress>203.0.113.10</ipAddress>\n" : "")
				+ "          <rootDeviceType>ebs</rootDeviceType>\n          <rootDeviceName>/dev/xvda</rootDeviceName>\n"
				+ "          <blockDeviceMapping>\n            <item>\n              <deviceName>/dev/xvda</deviceName>\n"
				+ "              <ebs><volumeId>vol-" + id + "</volumeId><status>attached</status>"
				+ "<deleteOnTermination>true</deleteOnTermination></ebs>\n            </item>\n          </blockDeviceMapping>\n"
				+ "          <tagSet>\n            <item><key>Name</key><value>" + name + "</value></item>\n"
				+ "            <item><key>Environment</key><value>prod</value></item>\n          </tagSet>\n"
				+ "          <platformDetails>Linux/UNIX</platformDetails>\n        </item>\n";
	}

	static String error(String code, String message) {
		return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error><Code>" + code + "</Code><Message>"
				+ message + "</Message></Error></Errors><RequestID>" + UUID.randomUUID() + "</RequestID></Response>";
	}

}
