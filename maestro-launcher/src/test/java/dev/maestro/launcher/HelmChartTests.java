package dev.maestro.launcher;

import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Helm chart cannot be installed here (no cluster), so it is checked as far as this machine
 * allows: Helm itself lints and renders it, every rendered object is read with the Kubernetes
 * API's own types (a misspelled or misplaced field is an error), and what the suite needs is
 * there — one Deployment and Service per runnable module on its port, probes on actuator's
 * health groups, the secrets by reference, an autoscaler for the graph workers.
 */
class HelmChartTests {

	static final Path CHART = DockerComposeTests.ROOT.resolve("deploy/helm/maestro");

	static List<HasMetadata> objects;

	static List<String> modules;

	@BeforeAll
	static void render() throws Exception {
		String yaml = new Helm(CHART).template()
			.withName("maestro")
			.withNamespace("maestro")
			.set("mongodb.uri", "mongodb://mongo-0.mongo,mongo-1.mongo,mongo-2.mongo/?replicaSet=rs0")
			.set("rabbitmq.uri", "amqp://maestro:secret@rabbitmq:5672")
			.set("secrets.serviceSecret", "s3rv1ce")
			.set("secrets.keyEncryptionKey", "a2V5LWVuY3J5cHRpb24ta2V5LWZvci10aGUtdGVzdHM=")
			.set("secrets.credentialsKey", "Y3JlZGVudGlhbHMta2V5LWZvci10aGUtdGVzdHMtLS0=")
			.set("ingress.enabled", "true")
			.call();
		KubernetesSerialization serialization = new KubernetesSerialization();
		objects = new ArrayList<>();
		for (String document : yaml.split("(?m)^---\\s*$")) {
			if (document.lines().anyMatch((line) -> line.startsWith("kind:"))) {
				objects.add(serialization.unmarshal(document, HasMetadata.class));
			}
		}
		DockerComposeTests.read();
		modules = DockerComposeTests.modules;
	}

	static <T extends HasMetadata> Map<String, T> byName(Class<T> kind) {
		return objects.stream()
			.filter(kind::isInstance)
			.map(kind::cast)
			.collect(Collectors.toMap((o) -> o.getMetadata().getName(), (o) -> o));
	}

	@Test
	void helmLintsTheChartWithoutFindings() {
		LintResult lint = new Helm(CHART).lint().strict().call();
		assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
	}

	@Test
	void everyRenderedFieldIsOneTheKubernetesApiKnows() {
		assertThat(objects).isNotEmpty();
		for (HasMetadata object : objects) {
			assertThat(unknownFields(object, object.getKind())).as(object.getKind() + " " + object.getMetadata().getName())
				.isEmpty();
		}
	}

	@Test
	void everyRunnableModuleIsADeploymentWithItsServiceProbesAndBudget() throws Exception {
		Map<String, Deployment> deployments = byName(Deployment.class);
		Map<String, Service> services = byName(Service.class);
		Map<String, PodDisruptionBudget> budgets = byName(PodDisruptionBudget.class);
		for (String module : modules.stream().filter((m) -> !m.equals("maestro-launcher")).toList()) {
			int port = DockerComposeTests.defaultPort(module);
			Deployment deployment = deployments.get("maestro-" + module);
			assertThat(deployment).as(module).isNotNull();
			Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
			assertThat(container.getImage()).isEqualTo("maestro/" + module + ":0.1.0-SNAPSHOT");
			assertThat(container.getPorts().get(0).getContainerPort()).isEqualTo(port);
			assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/liveness");
			assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/readiness");
			assertThat(container.getEnvFrom()).filteredOn((from) -> from.getSecretRef() != null)
				.singleElement()
				.satisfies((from) -> assertThat(from.getSecretRef().getName()).isEqualTo("maestro-secrets"));
			assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
			assertThat(services.get("maestro-" + module).getSpec().getPorts().get(0).getPort()).isEqualTo(port);
			assertThat(budgets).containsKey("maestro-" + module);
		}
	}

	@Test
	void serviceUrlsPointAtServicesThatExistAndSecretsStayInTheSecret() {
		Map<String, Service> services = byName(Service.class);
		var config = objects.stream()
			.filter((o) -> o instanceof io.fabric8.kubernetes.api.model.ConfigMap)
			.map(io.fabric8.kubernetes.api.model.ConfigMap.class::cast)
			.findFirst()
			.orElseThrow();
		config.getData().forEach((key, value) -> {
			if (key.startsWith("MAESTRO_SERVICES_")) {
				String host = value.replaceAll("^http://([^:]+):\\d+$", "$1");
				assertThat(services).as(key).containsKey(host);
			}
			assertThat(value).doesNotContain("s3rv1ce", "secret@", "a2V5LWVuY3J5cHRpb24");
		});
	}

	@Test
	void graphWorkersScaleWithLoadAndTheGatewayAloneIsExposed() {
		HorizontalPodAutoscaler workers = byName(HorizontalPodAutoscaler.class).get("maestro-analytics-worker");
		assertThat(workers.getSpec().getMinReplicas()).isGreaterThanOrEqualTo(2);
		assertThat(workers.getSpec().getScaleTargetRef().getName()).isEqualTo("maestro-analytics-worker");
		assertThat(byName(Deployment.class).get("maestro-analytics-worker").getSpec().getReplicas())
			.as("the autoscaler owns the replica count").isNull();
		var ingress = byName(io.fabric8.kubernetes.api.model.networking.v1.Ingress.class).get("maestro");
		assertThat(ingress.getSpec().getRules().get(0).getHttp().getPaths())
			.singleElement()
			.satisfies((path) -> assertThat(path.getBackend().getService().getName()).isEqualTo("maestro-gateway"));
	}

	@Test
	void renderingWithoutTheDatabaseUriFailsWithAClearMessage() {
		assertThatThrownBy(() -> new Helm(CHART).template().withName("maestro").call())
			.hasMessageContaining("mongodb.uri is required");
	}

	/** Paths of fields the model did not recognise (kept in an additionalProperties map). */
	private static List<String> unknownFields(Object value, String path) {
		List<String> unknown = new ArrayList<>();
		if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean
				|| value instanceof Enum<?>) {
			return unknown;
		}
		if (value instanceof Collection<?> items) {
			int i = 0;
			for (Object item : items) {
				unknown.addAll(unknownFields(item, path + "[" + i++ + "]"));
			}
			return unknown;
		}
		if (value instanceof Map<?, ?> map) {
			map.forEach((key, item) -> unknown.addAll(unknownFields(item, path + "." + key)));
			return unknown;
		}
		if (!value.getClass().getPackageName().startsWith("io.fabric8.kubernetes.api.model")) {
			return unknown;
		}
		for (Method getter : value.getClass().getMethods()) {
			if (getter.getParameterCount() != 0 || !getter.getName().startsWith("get")
					|| getter.getDeclaringClass() == Object.class) {
				continue;
			}
			try {
				Object child = getter.invoke(value);
				if (getter.getName().equals("getAdditionalProperties")) {
					if (child instanceof Map<?, ?> extra && !extra.isEmpty()) {
						unknown.add(path + " " + extra.keySet());
					}
				}
				else if (!Arrays.asList("getMetadata").contains(getter.getName()) || child != null) {
					unknown.addAll(unknownFields(child, path + "." + getter.getName().substring(3)));
				}
			}
			catch (ReflectiveOperationException ex) {
				throw new IllegalStateException(ex);
			}
		}
		return unknown;
	}

}
