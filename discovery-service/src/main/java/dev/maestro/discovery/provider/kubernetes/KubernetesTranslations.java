package dev.maestro.discovery.provider.kubernetes;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import dev.maestro.discovery.provider.Discovered;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBackend;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;

/**
 * Kubernetes objects → inventory bodies. Pure functions. Provider ids are {@code <Kind>/<namespace>/<name>}
 * (nodes: their name), stable across restarts, so a Service's targets can name the workloads it selects.
 */
final class KubernetesTranslations {

	static final String CLUSTER_TAG = "k8s:cluster";

	private KubernetesTranslations() {
	}

	/** A node → a server. */
	static Discovered node(Node node, String cluster) {
		Map<String, String> labels = labels(node);
		Map<String, Object> body = new LinkedHashMap<>();
		String hostname = labels.get("kubernetes.io/hostname");
		List<NodeAddress> addresses = (node.getStatus() != null && node.getStatus().getAddresses() != null)
				? node.getStatus().getAddresses() : List.of();
		for (NodeAddress address : addresses) {
			if ("Hostname".equals(address.getType()) && hostname == null) {
				hostname = address.getAddress();
			}
			else if ("InternalIP".equals(address.getType()) && !body.containsKey("ipv4Private") && isIpv4(address.getAddress())) {
				body.put("ipv4Private", address.getAddress());
			}
			else if ("ExternalIP".equals(address.getType()) && !body.containsKey("ipv4Public") && isIpv4(address.getAddress())) {
				body.put("ipv4Public", address.getAddress());
			}
			else if (("InternalIP".equals(address.getType()) || "ExternalIP".equals(address.getType()))
					&& !body.containsKey("ipv6") && address.getAddress().contains(":")) {
				body.put("ipv6", address.getAddress());
			}
		}
		Map<String, Object> ordered = new LinkedHashMap<>();
		ordered.put("hostname", (hostname != null) ? hostname : node.getMetadata().getName());
		ordered.putAll(body);
		body = ordered;
		if (node.getStatus() != null && node.getStatus().getNodeInfo() != null) {
			var info = node.getStatus().getNodeInfo();
			Map<String, Object> os = new LinkedHashMap<>();
			String base = info.getOperatingSystem();
			if (base != null) {
				os.put("base", base.equalsIgnoreCase("windows") ? "Windows" : base.equalsIgnoreCase("linux") ? "Linux" : base);
			}
			put(os, "dist", info.getOsImage());
			put(os, "version", info.getKernelVersion());
			if (!os.isEmpty()) {
				body.put("os", os);
			}
		}
		Map<String, Quantity> capacity = (node.getStatus() != null && node.getStatus().getCapacity() != null)
				? node.getStatus().getCapacity() : Map.of();
		if (capacity.get("cpu") != null) {
			BigDecimal cores = capacity.get("cpu").getNumericalAmount().setScale(0, RoundingMode.CEILING);
			body.put("cpu", Math.max(1, cores.intValue()));
		}
		if (capacity.get("memory") != null) {
			body.put("memoryMb", capacity.get("memory").getNumericalAmount()
				.divide(BigDecimal.valueOf(1024L * 1024L), 0, RoundingMode.DOWN).longValue());
		}
		String environment = environment(labels);
		if (environment != null) {
			body.put("environment", environment);
		}
		body.put("datacenter", datacenter(node, labels));
		Map<String, String> tags = new LinkedHashMap<>();
		tags.put(CLUSTER_TAG, cluster);
		List<String> roles = labels.keySet().stream().filter((k) -> k.startsWith("node-role.kubernetes.io/"))
			.map((k) -> k.substring("node-role.kubernetes.io/".length())).sorted().toList();
		if (!roles.isEmpty()) {
			tags.put("k8s:roles", truncate(String.join(",", roles), 256));
		}
		put(tags, "k8s:instanceType", labels.get("node.kubernetes.io/instance-type"));
		if (node.getStatus() != null && node.getStatus().getNodeInfo() != null) {
			put(tags, "k8s:kubelet", node.getStatus().getNodeInfo().getKubeletVersion());
		}
		body.put("tags", tags);
		return new Discovered(node.getMetadata().getName(), body);
	}

	/**
	 * {@code spec.providerID} ({@code aws:///us-east-1a/i-0abc}, {@code gce://project/zone/name},
	 * {@code azure:///subscriptions/...}) and the topology labels → datacenter.
	 */
	static Map<String, Object> datacenter(Node node, Map<String, String> labels) {
		Map<String, Object> datacenter = new LinkedHashMap<>();
		String providerId = (node.getSpec() != null) ? node.getSpec().getProviderID() : null;
		String provider = "kubernetes";
		String instanceId = null;
		if (providerId != null && providerId.contains("://")) {
			String scheme = providerId.substring(0, providerId.indexOf("://"));
			provider = switch (scheme) {
				case "gce" -> "gcp";
				default -> scheme;
			};
			String rest = providerId.substring(providerId.indexOf("://") + 3);
			instanceId = rest.substring(rest.lastIndexOf('/') + 1);
		}
		datacenter.put("provider", provider);
		put(datacenter, "region", first(labels.get("topology.kubernetes.io/region"),
				labels.get("failure-domain.beta.kubernetes.io/region")));
		put(datacenter, "zone", first(labels.get("topology.kubernetes.io/zone"),
				labels.get("failure-domain.beta.kubernetes.io/zone")));
		put(datacenter, "instanceId", (instanceId != null && !instanceId.isBlank()) ? instanceId : null);
		return datacenter;
	}

	/** Deployments and StatefulSets → applications named {@code <namespace>/<name>}. */
	static List<Discovered> workloads(List<? extends HasMetadata> workloads, String cluster) {
		return workloads.stream().map((workload) -> workload(workload, cluster)).toList();
	}

	static Discovered workload(HasMetadata workload, String cluster) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("name", truncate(qualified(workload), 200));
		body.put("family", "Application");
		Map<String, String> labels = new LinkedHashMap<>(labels(workload));
		PodTemplateSpec template = template(workload);
		if (template != null && template.getMetadata() != null && template.getMetadata().getLabels() != null) {
			template.getMetadata().getLabels().forEach(labels::putIfAbsent);
		}
		String environment = environment(labels);
		if (environment != null) {
			body.put("environment", environment);
		}
		List<Container> containers = (template != null && template.getSpec() != null
				&& template.getSpec().getContainers() != null) ? template.getSpec().getContainers() : List.of();
		if (!containers.isEmpty()) {
			String language = language(containers.get(0).getImage());
			if (language != null) {
				body.put("language", language);
			}
			containers.get(0).getPorts().stream().findFirst().ifPresent((port) -> body.put("role",
					Map.of("port", port.getContainerPort())));
		}
		Map<String, String> tags = new LinkedHashMap<>();
		tags.put(CLUSTER_TAG, cluster);
		tags.put("k8s:kind", workload.getKind());
		tags.put("k8s:namespace", workload.getMetadata().getNamespace());
		Integer replicas = (workload instanceof Deployment d && d.getSpec() != null) ? d.getSpec().getReplicas()
				: (workload instanceof StatefulSet s && s.getSpec() != null) ? s.getSpec().getReplicas() : null;
		if (replicas != null) {
			tags.put("k8s:replicas", String.valueOf(replicas));
		}
		if (!containers.isEmpty() && containers.get(0).getImage() != null) {
			tags.put("k8s:image", truncate(containers.get(0).getImage(), 256));
		}
		body.put("tags", tags);
		return new Discovered(providerId(workload), body);
	}

	/** LoadBalancer and NodePort services → Loadbalance applications targeting the workloads they select. */
	static List<Discovered> services(List<Service> services, List<HasMetadata> workloads, String cluster) {
		List<Discovered> records = new ArrayList<>();
		for (Service service : services) {
			String type = (service.getSpec() != null) ? service.getSpec().getType() : null;
			if (!"LoadBalancer".equals(type) && !"NodePort".equals(type)) {
				continue;
			}
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("name", truncate(qualified(service), 200));
			body.put("family", "Loadbalance");
			Map<String, Object> role = new LinkedHashMap<>();
			if ("LoadBalancer".equals(type) && service.getStatus() != null && service.getStatus().getLoadBalancer() != null
					&& service.getStatus().getLoadBalancer().getIngress() != null) {
				service.getStatus().getLoadBalancer().getIngress().stream().findFirst()
					.ifPresent((LoadBalancerIngress ingress) -> put(role, "endpoint", first(ingress.getHostname(), ingress.getIp())));
			}
			List<ServicePort> ports = (service.getSpec().getPorts() != null) ? service.getSpec().getPorts() : List.of();
			if (!ports.isEmpty()) {
				Integer port = "NodePort".equals(type) ? ports.get(0).getNodePort() : ports.get(0).getPort();
				put(role, "port", port);
			}
			if (!role.isEmpty()) {
				body.put("role", role);
			}
			body.put("loadBalancer", Map.of("service", "k8s-service-" + type));
			body.put("tags", Map.of(CLUSTER_TAG, cluster, "k8s:namespace", service.getMetadata().getNamespace()));
			records.add(new Discovered(providerId(service), body, selected(service, workloads), "applications"));
		}
		return records;
	}

	/** Ingresses → Loadbalance applications targeting the workloads behind their backend services. */
	static List<Discovered> ingresses(List<Ingress> ingresses, List<Service> services, List<HasMetadata> workloads,
			String cluster) {
		List<Discovered> records = new ArrayList<>();
		for (Ingress ingress : ingresses) {
			String namespace = ingress.getMetadata().getNamespace();
			Set<String> backends = new LinkedHashSet<>();
			String host = null;
			if (ingress.getSpec() != null) {
				addBackend(backends, ingress.getSpec().getDefaultBackend());
				for (IngressRule rule : (ingress.getSpec().getRules() != null) ? ingress.getSpec().getRules() : List.<IngressRule>of()) {
					host = (host == null) ? rule.getHost() : host;
					if (rule.getHttp() != null && rule.getHttp().getPaths() != null) {
						for (HTTPIngressPath path : rule.getHttp().getPaths()) {
							addBackend(backends, path.getBackend());
						}
					}
				}
			}
			boolean tls = ingress.getSpec() != null && ingress.getSpec().getTls() != null && !ingress.getSpec().getTls().isEmpty();
			if (host == null && ingress.getStatus() != null && ingress.getStatus().getLoadBalancer() != null
					&& ingress.getStatus().getLoadBalancer().getIngress() != null) {
				host = ingress.getStatus().getLoadBalancer().getIngress().stream().findFirst()
					.map((i) -> first(i.getHostname(), i.getIp())).orElse(null);
			}
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("name", truncate(qualified(ingress), 200));
			body.put("family", "Loadbalance");
			Map<String, Object> role = new LinkedHashMap<>();
			if (host != null) {
				role.put("endpoint", (tls ? "https://" : "http://") + host);
			}
			role.put("port", tls ? 443 : 80);
			body.put("role", role);
			Map<String, Object> balancer = new LinkedHashMap<>();
			balancer.put("service", "k8s-ingress");
			if (ingress.getSpec() != null) {
				put(balancer, "healthCheck", null);
			}
			body.put("loadBalancer", balancer);
			Map<String, String> tags = new LinkedHashMap<>();
			tags.put(CLUSTER_TAG, cluster);
			tags.put("k8s:namespace", namespace);
			if (ingress.getSpec() != null) {
				put(tags, "k8s:ingressClass", ingress.getSpec().getIngressClassName());
			}
			body.put("tags", tags);
			List<String> targets = new ArrayList<>();
			services.stream()
				.filter((service) -> namespace.equals(service.getMetadata().getNamespace())
						&& backends.contains(service.getMetadata().getName()))
				.forEach((service) -> selected(service, workloads).stream().filter((t) -> !targets.contains(t)).forEach(targets::add));
			records.add(new Discovered(providerId(ingress), body, targets, "applications"));
		}
		return records;
	}

	/**
	 * Istio or Linkerd, told by their namespaces, their control-plane deployments or their CRDs'
	 * API groups → one ServiceMesh application each.
	 */
	static List<Discovered> meshes(List<String> namespaces, List<HasMetadata> controlPlane, List<String> crdGroups,
			String cluster) {
		List<Discovered> records = new ArrayList<>();
		mesh("istio", "Istio", namespaces.contains("istio-system"),
				controlPlane.stream().filter((d) -> "istio-system".equals(d.getMetadata().getNamespace())
						&& d.getMetadata().getName().startsWith("istiod")).toList(),
				crdGroups.stream().anyMatch((g) -> g.endsWith("istio.io")), cluster, records);
		mesh("linkerd", "Linkerd", namespaces.contains("linkerd"),
				controlPlane.stream().filter((d) -> "linkerd".equals(d.getMetadata().getNamespace())
						&& (d.getMetadata().getName().equals("linkerd-destination")
								|| d.getMetadata().getName().equals("linkerd-controller")
								|| d.getMetadata().getName().equals("linkerd-identity"))).toList(),
				crdGroups.stream().anyMatch((g) -> g.endsWith("linkerd.io")), cluster, records);
		return records;
	}

	private static void mesh(String id, String name, boolean namespace, List<HasMetadata> deployments, boolean crds,
			String cluster, List<Discovered> records) {
		if (!namespace && deployments.isEmpty() && !crds) {
			return;
		}
		List<String> signals = new ArrayList<>();
		if (namespace) {
			signals.add("namespace");
		}
		if (!deployments.isEmpty()) {
			signals.add("control-plane");
		}
		if (crds) {
			signals.add("crds");
		}
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("name", name + " (" + cluster + ")");
		body.put("family", "ServiceMesh");
		Map<String, String> tags = new LinkedHashMap<>();
		tags.put(CLUSTER_TAG, cluster);
		tags.put("mesh", id);
		tags.put("detectedBy", String.join(",", signals));
		deployments.stream().findFirst().map(KubernetesTranslations::template)
			.filter((t) -> t != null && t.getSpec() != null && !t.getSpec().getContainers().isEmpty())
			.map((t) -> t.getSpec().getContainers().get(0).getImage())
			.filter((image) -> image != null && image.lastIndexOf(':') > image.lastIndexOf('/'))
			.ifPresent((image) -> tags.put("version", truncate(image.substring(image.lastIndexOf(':') + 1), 256)));
		body.put("tags", tags);
		records.add(new Discovered("ServiceMesh/" + id, body));
	}

	/** Provider ids of the workloads of the service's namespace whose pod labels its selector matches. */
	static List<String> selected(Service service, List<HasMetadata> workloads) {
		Map<String, String> selector = (service.getSpec() != null) ? service.getSpec().getSelector() : null;
		if (selector == null || selector.isEmpty()) {
			return List.of();
		}
		return workloads.stream()
			.filter((w) -> service.getMetadata().getNamespace().equals(w.getMetadata().getNamespace()))
			.filter((w) -> {
				PodTemplateSpec template = template(w);
				Map<String, String> podLabels = (template != null && template.getMetadata() != null
						&& template.getMetadata().getLabels() != null) ? template.getMetadata().getLabels() : Map.of();
				return podLabels.entrySet().containsAll(selector.entrySet());
			})
			.map(KubernetesTranslations::providerId)
			.sorted()
			.toList();
	}

	static String providerId(HasMetadata resource) {
		return resource.getKind() + "/" + resource.getMetadata().getNamespace() + "/" + resource.getMetadata().getName();
	}

	/**
	 * The language of an image, only when its name says so plainly ({@code eclipse-temurin},
	 * {@code node}, {@code python}...); application images ({@code acme/payments}) say nothing.
	 */
	static String language(String image) {
		if (image == null) {
			return null;
		}
		String name = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
		int colon = name.lastIndexOf(':');
		if (colon > name.lastIndexOf('/')) {
			name = name.substring(0, colon);
		}
		String repository = name.substring(name.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
		return switch (repository) {
			case "openjdk", "eclipse-temurin", "amazoncorretto", "java", "tomcat", "jetty", "ibm-semeru-runtimes" -> "java";
			case "node" -> "node";
			case "python", "pypy" -> "python";
			case "golang" -> "go";
			case "php", "php-fpm" -> "php";
			case "ruby" -> "ruby";
			case "aspnet", "runtime" -> name.contains("dotnet") ? "dotnet" : null;
			case "rust" -> "rust";
			case "elixir" -> "elixir";
			default -> null;
		};
	}

	/** An {@code environment}/{@code env} label (or {@code app.kubernetes.io/environment}) → Production, Development or Stage. */
	static String environment(Map<String, String> labels) {
		String value = first(labels.get("environment"), labels.get("env"), labels.get("app.kubernetes.io/environment"),
				labels.get("Environment"));
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

	private static PodTemplateSpec template(HasMetadata workload) {
		if (workload instanceof Deployment d && d.getSpec() != null) {
			return d.getSpec().getTemplate();
		}
		if (workload instanceof StatefulSet s && s.getSpec() != null) {
			return s.getSpec().getTemplate();
		}
		return null;
	}

	private static void addBackend(Set<String> backends, IngressBackend backend) {
		if (backend != null && backend.getService() != null && backend.getService().getName() != null) {
			backends.add(backend.getService().getName());
		}
	}

	private static String qualified(HasMetadata resource) {
		return resource.getMetadata().getNamespace() + "/" + resource.getMetadata().getName();
	}

	private static Map<String, String> labels(HasMetadata resource) {
		return (resource.getMetadata() != null && resource.getMetadata().getLabels() != null)
				? resource.getMetadata().getLabels() : Map.of();
	}

	private static boolean isIpv4(String address) {
		return address != null && address.matches("\\d{1,3}(\\.\\d{1,3}){3}");
	}

	@SuppressWarnings("unchecked")
	private static <T> void put(Map<String, T> body, String field, Object value) {
		if (value != null && !(value instanceof String text && text.isBlank())) {
			body.put(field, (T) value);
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

	private static String truncate(String value, int max) {
		return (value == null || value.length() <= max) ? value : value.substring(0, max);
	}

}
