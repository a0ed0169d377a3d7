package dev.maestro.discovery.provider.kubernetes;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import dev.maestro.discovery.DiscoveryProperties;
import dev.maestro.discovery.provider.Discovered;
import dev.maestro.discovery.provider.Page;
import dev.maestro.discovery.provider.Provider;
import dev.maestro.discovery.provider.ProviderContext;
import dev.maestro.discovery.provider.ProviderTask;
import dev.maestro.request.web.FieldError;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.ListOptions;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.stereotype.Component;

/**
 * Kubernetes through the fabric8 client (its blocking calls run on {@code boundedElastic}). Lists
 * are paged with {@code limit}/{@code continue}; the client retries connection errors and 5xx
 * answers {@code maestro.discovery.kubernetes.max-attempts} times with back-off. A connection is
 * one cluster: its scope is named after the kubeconfig's current context or the API server's host.
 */
@Component
class KubernetesProvider implements Provider {

	private static final List<ProviderTask> TASKS = List.of(ProviderTask.of("nodes", "servers", Duration.ofMinutes(5)),
			ProviderTask.of("workloads", "applications", Duration.ofMinutes(15)),
			ProviderTask.of("loadbalancers", "applications", Duration.ofHours(6)),
			ProviderTask.of("mesh", "applications", Duration.ofHours(24)));

	private final DiscoveryProperties.Kubernetes settings;

	KubernetesProvider(DiscoveryProperties properties) {
		this.settings = properties.kubernetes();
	}

	@Override
	public String id() {
		return "kubernetes";
	}

	@Override
	public String name() {
		return "Kubernetes";
	}

	@Override
	public List<CredentialField> credentialFields() {
		return List.of(new CredentialField("kubeconfig", "Kubeconfig (YAML)", true, false),
				new CredentialField("masterUrl", "API server URL", false, false),
				new CredentialField("token", "Bearer token", true, false),
				new CredentialField("caCert", "CA certificate (PEM)", false, false));
	}

	@Override
	public List<ProviderTask> tasks() {
		return TASKS;
	}

	@Override
	public boolean regional() {
		return false;
	}

	/** Either a kubeconfig, or a master URL with a token (and optionally a CA certificate). */
	@Override
	public List<FieldError> validate(Map<String, String> credentials) {
		List<FieldError> errors = new ArrayList<>(Provider.super.validate(credentials));
		String kubeconfig = credentials.get("kubeconfig");
		boolean hasKubeconfig = kubeconfig != null && !kubeconfig.isBlank();
		boolean hasMaster = credentials.containsKey("masterUrl") || credentials.containsKey("token")
				|| credentials.containsKey("caCert");
		if (hasKubeconfig && hasMaster) {
			errors.add(new FieldError("credentials", "give either kubeconfig or masterUrl + token, not both"));
		}
		else if (hasKubeconfig) {
			String problem = kubeconfigProblem(kubeconfig);
			if (problem != null) {
				errors.add(new FieldError("credentials.kubeconfig", problem));
			}
		}
		else {
			String master = credentials.get("masterUrl");
			if (master == null || !(master.startsWith("https://") || master.startsWith("http://"))) {
				errors.add(new FieldError("credentials.masterUrl", "is required (an http(s) URL) unless kubeconfig is given"));
			}
			if (blank(credentials.get("token"))) {
				errors.add(new FieldError("credentials.token", "is required unless kubeconfig is given"));
			}
			String ca = credentials.get("caCert");
			if (ca != null && !ca.contains("-----BEGIN CERTIFICATE-----")) {
				errors.add(new FieldError("credentials.caCert", "must be a PEM certificate"));
			}
		}
		return errors;
	}

	@Override
	public String scope(Map<String, String> credentials) {
		String name = null;
		String kubeconfig = credentials.get("kubeconfig");
		if (!blank(kubeconfig)) {
			Object context = yaml(kubeconfig).get("current-context");
			name = (context != null) ? context.toString() : null;
		}
		else if (!blank(credentials.get("masterUrl"))) {
			name = URI.create(credentials.get("masterUrl")).getHost();
		}
		if (blank(name)) {
			return "default";
		}
		String scope = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]+", "-").replaceAll("^-+", "");
		scope = scope.isEmpty() ? "default" : scope;
		return (scope.length() > 63) ? scope.substring(0, 63) : scope;
	}

	@Override
	public Mono<TestResult> test(ProviderContext context) {
		return Mono.fromCallable(() -> {
			try (KubernetesClient client = client(context)) {
				String version = client.getKubernetesVersion().getGitVersion();
				int nodes = client.nodes().list(new ListOptionsBuilder().withLimit(1L).build()).getItems().size();
				return new TestResult(true, "Connected to Kubernetes " + version + (nodes > 0 ? "" : " (no nodes visible)"));
			}
		}).subscribeOn(Schedulers.boundedElastic()).onErrorResume(KubernetesClientException.class,
				(ex) -> Mono.just(new TestResult(false, "Kubernetes refused: " + ex.getMessage())));
	}

	@Override
	public Flux<Page> fetch(ProviderContext context, ProviderTask task, String region) {
		long limit = this.settings.pageSize();
		return switch (task.id()) {
			case "nodes" -> pages(context, (client) -> paged((options) -> client.nodes().list(options), limit)
				.map((nodes) -> nodes.stream().map((node) -> KubernetesTranslations.node(node, region)).toList()));
			case "workloads" -> pages(context, (client) -> Stream.concat(
					paged((options) -> client.apps().deployments().inAnyNamespace().list(options), limit)
						.map((items) -> KubernetesTranslations.workloads(items, region)),
					paged((options) -> client.apps().statefulSets().inAnyNamespace().list(options), limit)
						.map((items) -> KubernetesTranslations.workloads(items, region))));
			case "loadbalancers" -> pages(context, (client) -> {
				// Selectors are matched against every workload's pod template, so those are read first.
				List<HasMetadata> workloads = new ArrayList<>();
				paged((options) -> client.apps().deployments().inAnyNamespace().list(options), limit).forEach(workloads::addAll);
				paged((options) -> client.apps().statefulSets().inAnyNamespace().list(options), limit).forEach(workloads::addAll);
				List<io.fabric8.kubernetes.api.model.Service> services = new ArrayList<>();
				paged((options) -> client.services().inAnyNamespace().list(options), limit).forEach(services::addAll);
				return Stream.concat(Stream.of(KubernetesTranslations.services(services, workloads, region)),
						paged((options) -> client.network().v1().ingresses().inAnyNamespace().list(options), limit)
							.map((ingresses) -> KubernetesTranslations.ingresses(ingresses, services, workloads, region)));
			});
			case "mesh" -> pages(context, (client) -> {
				List<String> namespaces = new ArrayList<>();
				paged((options) -> client.namespaces().list(options), limit)
					.forEach((items) -> items.forEach((ns) -> namespaces.add(ns.getMetadata().getName())));
				List<HasMetadata> controlPlane = new ArrayList<>();
				for (String namespace : List.of("istio-system", "linkerd")) {
					if (namespaces.contains(namespace)) {
						paged((options) -> client.apps().deployments().inNamespace(namespace).list(options), limit)
							.forEach(controlPlane::addAll);
					}
				}
				return Stream.of(KubernetesTranslations.meshes(namespaces, controlPlane, crdGroups(client, limit), region));
			});
			default -> Flux.error(new IllegalArgumentException("kubernetes has no task " + task.id()));
		};
	}

	/**
	 * The API groups of the cluster's CRDs. Reading CRDs is often not granted to a discovery
	 * account: a 403 leaves this signal out (namespaces and deployments still detect a mesh).
	 */
	private static List<String> crdGroups(KubernetesClient client, long limit) {
		try {
			List<String> groups = new ArrayList<>();
			paged((options) -> client.apiextensions().v1().customResourceDefinitions().list(options), limit)
				.forEach((items) -> items.stream().map(CustomResourceDefinition::getSpec).filter((s) -> s != null)
					.forEach((spec) -> groups.add(spec.getGroup())));
			return groups;
		}
		catch (KubernetesClientException ex) {
			if (ex.getCode() == 403) {
				return List.of();
			}
			throw ex;
		}
	}

	/**
	 * A list call followed page by page: {@code limit} items at a time, then {@code continue}
	 * with the token the server answered until it answers none. Lazy: a page is asked for when
	 * the stream wants it.
	 */
	static <T extends HasMetadata, L extends KubernetesResourceList<T>> Stream<List<T>> paged(Function<ListOptions, L> list, long limit) {
		record Step<T>(List<T> items, String next) {
		}
		Function<String, Step<T>> call = (token) -> {
			L answer = list.apply(new ListOptionsBuilder().withLimit(limit).withContinue(token).build());
			String next = (answer.getMetadata() != null) ? answer.getMetadata().getContinue() : null;
			return new Step<>(answer.getItems(), blank(next) ? null : next);
		};
		return Stream.iterate(call.apply(null), (step) -> step != null,
				(step) -> (step.next() != null) ? call.apply(step.next()) : null).map(Step::items);
	}

	private Flux<Page> pages(ProviderContext context, Function<KubernetesClient, Stream<List<Discovered>>> pages) {
		return Flux.using(() -> client(context), (client) -> Flux.fromStream(() -> pages.apply(client)).map(Page::new),
				KubernetesClient::close)
			.subscribeOn(Schedulers.boundedElastic());
	}

	private KubernetesClient client(ProviderContext context) {
		Map<String, String> credentials = context.credentials();
		String kubeconfig = credentials.get("kubeconfig");
		ConfigBuilder builder;
		if (!blank(kubeconfig)) {
			builder = new ConfigBuilder(Config.fromKubeconfig(kubeconfig));
		}
		else {
			builder = new ConfigBuilder(Config.empty()).withMasterUrl(credentials.get("masterUrl"))
				.withOauthToken(credentials.get("token"));
			String ca = credentials.get("caCert");
			if (!blank(ca)) {
				builder.withCaCertData(Base64.getEncoder().encodeToString(ca.getBytes(StandardCharsets.UTF_8)));
			}
		}
		if (context.endpoint() != null) {
			builder.withMasterUrl(context.endpoint());
		}
		Config config = builder.withRequestRetryBackoffLimit(Math.max(0, this.settings.maxAttempts() - 1))
			.withRequestRetryBackoffInterval(200)
			.withConnectionTimeout(5_000)
			.withRequestTimeout(30_000)
			.build();
		return new KubernetesClientBuilder().withConfig(config).build();
	}

	private static String kubeconfigProblem(String kubeconfig) {
		try {
			Map<String, Object> parsed = yaml(kubeconfig);
			if (!(parsed.get("clusters") instanceof List<?> clusters) || clusters.isEmpty()) {
				return "must be a kubeconfig with clusters";
			}
			return null;
		}
		catch (RuntimeException ex) {
			return "is not valid YAML: " + ex.getMessage().lines().findFirst().orElse("");
		}
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> yaml(String text) {
		Object parsed = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
		return (parsed instanceof Map) ? (Map<String, Object>) parsed : Map.of();
	}

	private static boolean blank(String value) {
		return value == null || value.isBlank();
	}

}
