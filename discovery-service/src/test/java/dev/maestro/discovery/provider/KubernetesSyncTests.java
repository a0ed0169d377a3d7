package dev.maestro.discovery.provider;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;

import dev.maestro.discovery.support.DiscoveryTest;
import dev.maestro.discovery.support.FakeInventory;
import dev.maestro.discovery.support.Syncs;
import dev.maestro.discovery.support.Tokens;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeListBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Kubernetes connection synced against fabric8's {@link KubernetesMockServer}: workloads,
 * services, ingresses and namespaces live in its CRUD store (created through the fabric8 client
 * like a real cluster's objects), nodes are expectations answering two {@code limit}/{@code continue}
 * pages (the CRUD store does not page). Inventory is the recording fake.
 */
@DiscoveryTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KubernetesSyncTests {

	static final FakeInventory INVENTORY = FakeInventory.shared();

	static final String TEAM = "team-" + UUID.randomUUID();

	static final String OWNER = Tokens.user("owner-k8s", Map.of(TEAM, "OWNER"));

	final Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();

	final KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), this.responses,
			new KubernetesMixedDispatcher(this.responses), false);

	KubernetesClient cluster;

	@Autowired
	WebTestClient client;

	Syncs syncs;

	String connectionId;

	@BeforeAll
	void startCluster() {
		this.server.init();
		this.cluster = this.server.createClient();
		this.cluster.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("shop").endMetadata().build()).create();
		this.cluster.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("istio-system").endMetadata().build()).create();
		this.cluster.apps().deployments().inNamespace("shop").resource(deployment("shop", "web", "eclipse-temurin:21-jre", 8080,
				Map.of("app", "web", "environment", "production"))).create();
		this.cluster.apps().deployments().inNamespace("shop").resource(deployment("shop", "cart", "node:20-alpine", 3000,
				Map.of("app", "cart"))).create();
		this.cluster.apps().deployments().inNamespace("shop").resource(deployment("shop", "payments",
				"registry.example.com/acme/payments:1.4.2", 9000, Map.of("app", "payments", "env", "dev"))).create();
		this.cluster.apps().statefulSets().inNamespace("shop").resource(new StatefulSetBuilder().withNewMetadata()
			.withName("db").withNamespace("shop").endMetadata().withNewSpec().withReplicas(3).withServiceName("db")
			.withNewSelector().addToMatchLabels("app", "db").endSelector()
			.withNewTemplate().withNewMetadata().addToLabels("app", "db").endMetadata().withNewSpec()
			.addNewContainer().withName("postgres").withImage("postgres:16").addNewPort().withContainerPort(5432).endPort()
			.endContainer().endSpec().endTemplate().endSpec().build()).create();
		this.cluster.apps().deployments().inNamespace("istio-system").resource(deployment("istio-system", "istiod",
				"docker.io/istio/pilot:1.22.1", 15010, Map.of("app", "istiod"))).create();
		this.cluster.services().inNamespace("shop").resource(new ServiceBuilder().withNewMetadata().withName("web-lb")
			.withNamespace("shop").endMetadata().withNewSpec().withType("LoadBalancer").addToSelector("app", "web")
			.addNewPort().withPort(443).withTargetPort(new IntOrString(8080)).endPort().endSpec()
			.withNewStatus().withNewLoadBalancer().addNewIngress().withHostname("a1b2.elb.amazonaws.com").endIngress()
			.endLoadBalancer().endStatus().build()).create();
		this.cluster.services().inNamespace("shop").resource(new ServiceBuilder().withNewMetadata().withName("cart")
			.withNamespace("shop").endMetadata().withNewSpec().withType("ClusterIP").addToSelector("app", "cart")
			.addNewPort().withPort(80).endPort().endSpec().build()).create();
		this.cluster.services().inNamespace("shop").resource(new ServiceBuilder().withNewMetadata().withName("db-admin")
			.withNamespace("shop").endMetadata().withNewSpec().withType("NodePort").addToSelector("app", "db")
			.addNewPort().withPort(5432).withNodePort(30432).endPort().endSpec().build()).create();
		this.cluster.network().v1().ingresses().inNamespace("shop").resource(new IngressBuilder().withNewMetadata()
			.withName("storefront").withNamespace("shop").endMetadata().withNewSpec().withIngressClassName("nginx")
			.addNewTl().addToHosts("shop.example.com").endTl()
			.addNewRule().withHost("shop.example.com").withNewHttp()
			.addNewPath().withPath("/").withPathType("Prefix").withNewBackend().withNewService().withName("cart")
			.withNewPort().withNumber(80).endPort().endService().endBackend().endPath()
			.endHttp().endRule().endSpec().build()).create();
		nodePages();
		this.syncs = new Syncs(this.client, TEAM, OWNER);
	}

	@AfterAll
	void stopCluster() {
		this.cluster.close();
		this.server.destroy();
	}

	@Test
	@Order(1)
	void theConnectionIsOneScopeNamedAfterTheCluster() {
		this.connectionId = this.syncs.createConnection(Map.of("name", "prod cluster", "provider", "kubernetes",
				"credentials", Map.of("masterUrl", this.server.url("/"), "token", "sa-token")));
		this.client.get()
			.uri("/api/teams/{t}/connections/{c}", TEAM, this.connectionId)
			.header("Authorization", "Bearer " + OWNER)
			.exchange()
			.expectStatus().isOk()
			.expectBody()
			.jsonPath("$.regions[0]").isEqualTo("localhost")
			.jsonPath("$.credentials").doesNotExist();
	}

	@Test
	@Order(2)
	void badCredentialsAreRefusedWithEveryField() {
		this.client.post()
			.uri("/api/teams/{t}/connections", TEAM)
			.header("Authorization", "Bearer " + OWNER)
			.bodyValue(Map.of("name", "broken", "provider", "kubernetes", "credentials",
					Map.of("masterUrl", "ftp://cluster", "caCert", "not a pem")))
			.exchange()
			.expectStatus().isBadRequest()
			.expectBody()
			.jsonPath("$.errors[?(@.field == 'credentials.masterUrl')]").exists()
			.jsonPath("$.errors[?(@.field == 'credentials.token')]").exists()
			.jsonPath("$.errors[?(@.field == 'credentials.caCert')]").exists();
		this.client.post()
			.uri("/api/teams/{t}/connections", TEAM)
			.header("Authorization", "Bearer " + OWNER)
			.bodyValue(Map.of("name", "broken", "provider", "kubernetes", "credentials",
					Map.of("kubeconfig", "apiVersion: v1\nclusters: [\n")))
			.exchange()
			.expectStatus().isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].field").isEqualTo("credentials.kubeconfig");
	}

	@Test
	@Order(3)
	void nodesWorkloadsAndTheMeshAreTranslated() {
		Map<String, Object> sync = this.syncs.syncAndWait(this.connectionId, List.of("nodes", "workloads", "mesh"),
				"SUCCEEDED");

		// 3 nodes in 2 pages; 4 shop workloads + istiod; Istio.
		assertThat(Syncs.counts(sync)).containsEntry("created", 9).containsEntry("orphaned", 0);
		Map<String, Map<String, Object>> servers = Syncs.bodies(INVENTORY, this.connectionId, "servers");
		assertThat(servers).containsOnlyKeys("node-a", "node-b", "node-c");
		assertThat(servers.get("node-a")).isEqualTo(Map.of("hostname", "node-a.internal", "ipv4Private", "10.0.1.10",
				"ipv4Public", "203.0.113.7", "os", Map.of("base", "Linux", "dist", "Ubuntu 22.04.4 LTS", "version",
						"6.5.0-1018-aws"), "cpu", 4, "memoryMb", 15949, "environment", "Production",
				"datacenter", Map.of("provider", "aws", "region", "eu-west-1", "zone", "eu-west-1a", "instanceId",
						"i-0aaa1111"),
				"tags", Map.of("k8s:cluster", "localhost", "k8s:roles", "worker", "k8s:instanceType", "m5.xlarge",
						"k8s:kubelet", "v1.30.2")));
		assertThat(servers.get("node-c")).containsEntry("cpu", 2).containsEntry("datacenter", Map.of("provider", "kubernetes"));
		Map<String, Map<String, Object>> apps = Syncs.bodies(INVENTORY, this.connectionId, "applications");
		assertThat(apps).containsOnlyKeys("Deployment/shop/web", "Deployment/shop/cart", "Deployment/shop/payments",
				"StatefulSet/shop/db", "Deployment/istio-system/istiod", "ServiceMesh/istio");
		assertThat(apps.get("Deployment/shop/web")).containsEntry("name", "shop/web")
			.containsEntry("family", "Application")
			.containsEntry("environment", "Production")
			.containsEntry("language", "java")
			.containsEntry("role", Map.of("port", 8080));
		assertThat(apps.get("Deployment/shop/cart")).containsEntry("language", "node").doesNotContainKey("environment");
		assertThat(apps.get("Deployment/shop/payments")).containsEntry("environment", "Development")
			.doesNotContainKey("language");
		assertThat(apps.get("StatefulSet/shop/db")).doesNotContainKey("language");
		assertThat(tags(apps.get("StatefulSet/shop/db"))).containsEntry("k8s:kind", "StatefulSet").containsEntry("k8s:replicas", "3");
		assertThat(apps.get("ServiceMesh/istio")).containsEntry("family", "ServiceMesh").containsEntry("name", "Istio (localhost)");
		assertThat(tags(apps.get("ServiceMesh/istio"))).containsEntry("detectedBy", "namespace,control-plane")
			.containsEntry("version", "1.22.1");
		assertThat(Syncs.progress(sync)).containsEntry("records", 9);
	}

	@Test
	@Order(4)
	void servicesAndIngressesTargetTheWorkloadsTheySelectAsInventoryIds() {
		Map<String, Object> sync = this.syncs.syncAndWait(this.connectionId, List.of("loadbalancers"), "SUCCEEDED");

		assertThat(Syncs.counts(sync)).containsEntry("created", 3);
		Map<String, Map<String, Object>> apps = Syncs.bodies(INVENTORY, this.connectionId, "applications");
		assertThat(apps.get("Service/shop/web-lb")).isEqualTo(Map.of("name", "shop/web-lb", "family", "Loadbalance",
				"role", Map.of("endpoint", "a1b2.elb.amazonaws.com", "port", 443),
				"loadBalancer", Map.of("service", "k8s-service-LoadBalancer"),
				"tags", Map.of("k8s:cluster", "localhost", "k8s:namespace", "shop"),
				"targets", List.of("inv-Deployment-shop-web")));
		assertThat(apps.get("Service/shop/db-admin")).containsEntry("role", Map.of("port", 30432))
			.containsEntry("targets", List.of("inv-StatefulSet-shop-db"));
		assertThat(apps.get("Ingress/shop/storefront"))
			.containsEntry("role", Map.of("endpoint", "https://shop.example.com", "port", 443))
			.containsEntry("targets", List.of("inv-Deployment-shop-cart"));
		assertThat(apps).doesNotContainKey("Service/shop/cart");
	}

	@Test
	@Order(5)
	void aDeletedDeploymentIsOrphanedAfterACompleteFetchOnly() {
		this.cluster.apps().deployments().inNamespace("shop").withName("payments").delete();

		Map<String, Object> sync = this.syncs.syncAndWait(this.connectionId, List.of("workloads"), "SUCCEEDED");

		assertThat(Syncs.counts(sync)).containsEntry("unchanged", 4).containsEntry("orphaned", 1);
		assertThat(INVENTORY.calls("orphans", this.connectionId)).singleElement()
			.satisfies((call) -> assertThat(call.providerIds()).containsExactly("Deployment/shop/payments"));
	}

	@Test
	@Order(6)
	void aFailingListFailsBeforeCleanupAndOrphansNothing() {
		this.cluster.apps().deployments().inNamespace("shop").withName("cart").delete();
		this.server.expect().get().withPath("/apis/apps/v1/statefulsets?limit=500")
			.andReturn(403, new StatusBuilder().withCode(403).withReason("Forbidden")
				.withMessage("statefulsets.apps is forbidden: User \"system:serviceaccount:maestro:discovery\" cannot list")
				.build())
			.always();

		Map<String, Object> sync = this.syncs.syncAndWait(this.connectionId, List.of("workloads"), "FAILED");

		assertThat((String) sync.get("error")).startsWith("fail before cleanup: workloads/localhost").contains("forbidden");
		assertThat(Syncs.counts(sync)).containsEntry("orphaned", 0);
		assertThat(INVENTORY.calls("orphans", this.connectionId)).hasSize(1);
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> tags(Map<String, Object> body) {
		return (Map<String, Object>) body.get("tags");
	}

	/** Nodes in two pages: the first answers a continue token, the second none. */
	private void nodePages() {
		this.server.expect().get().withPath("/api/v1/nodes?limit=500")
			.andReturn(200, new NodeListBuilder().withNewMetadata().withContinue("page-2").withResourceVersion("100").endMetadata()
				.withItems(node("node-a", "10.0.1.10", "203.0.113.7", "4", "16332100Ki", "aws:///eu-west-1a/i-0aaa1111",
						"production"),
						node("node-b", "10.0.1.11", null, "4", "16332100Ki", "aws:///eu-west-1b/i-0bbb2222", null))
				.build())
			.always();
		this.server.expect().get().withPath("/api/v1/nodes?continue=page-2&limit=500")
			.andReturn(200, new NodeListBuilder().withNewMetadata().withResourceVersion("100").endMetadata()
				.withItems(node("node-c", "192.168.5.20", null, "1500m", "4Gi", null, null))
				.build())
			.always();
	}

	private static Node node(String name, String ip, String publicIp, String cpu, String memory, String providerId,
			String environment) {
		NodeBuilder node = new NodeBuilder().withNewMetadata().withName(name)
			.addToLabels("kubernetes.io/hostname", name + ".internal")
			.addToLabels("node-role.kubernetes.io/worker", "")
			.endMetadata();
		if (providerId != null) {
			String zone = providerId.split("/")[3];
			node.editMetadata().addToLabels("topology.kubernetes.io/region", zone.substring(0, zone.length() - 1))
				.addToLabels("topology.kubernetes.io/zone", zone)
				.addToLabels("node.kubernetes.io/instance-type", "m5.xlarge").endMetadata()
				.withNewSpec().withProviderID(providerId).endSpec();
		}
		if (environment != null) {
			node.editMetadata().addToLabels("environment", environment).endMetadata();
		}
		var status = node.withNewStatus().addNewAddress().withType("InternalIP").withAddress(ip).endAddress()
			.addNewAddress().withType("Hostname").withAddress(name).endAddress();
		if (publicIp != null) {
			status.addNewAddress().withType("ExternalIP").withAddress(publicIp).endAddress();
		}
		return status.addToCapacity("cpu", new Quantity(cpu)).addToCapacity("memory", new Quantity(memory))
			.withNewNodeInfo().withOperatingSystem("linux").withOsImage("Ubuntu 22.04.4 LTS")
			.withKernelVersion("6.5.0-1018-aws").withKubeletVersion("v1.30.2").withArchitecture("amd64").endNodeInfo()
			.endStatus().build();
	}

	private static io.fabric8.kubernetes.api.model.apps.Deployment deployment(String namespace, String name, String image,
			int port, Map<String, String> labels) {
		return new DeploymentBuilder().withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
			.withNewSpec().withReplicas(2).withNewSelector().addToMatchLabels("app", labels.get("app")).endSelector()
			.withNewTemplate().withNewMetadata().addToLabels(labels).endMetadata().withNewSpec()
			.addNewContainer().withName(name).withImage(image).addNewPort().withContainerPort(port).endPort().endContainer()
			.endSpec().endTemplate().endSpec().build();
	}

}
