package dev.maestro.discovery.provider.openstack;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.maestro.discovery.DiscoveryProperties;
import dev.maestro.discovery.provider.Discovered;
import dev.maestro.discovery.provider.Page;
import dev.maestro.discovery.provider.Provider;
import dev.maestro.discovery.provider.ProviderContext;
import dev.maestro.discovery.provider.ProviderTask;
import dev.maestro.discovery.provider.rest.RestApi;
import dev.maestro.request.web.FieldError;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * OpenStack through its REST APIs (no SDK: the Java ones are blocking and heavy) with a WebClient
 * per connection ({@link RestApi}: timeouts, 429/503 retried with back-off). Keystone v3 gives a
 * token and the catalog, whose {@code public} endpoints of the region are crawled: Nova servers,
 * Cinder volumes, Neutron networks and subnets, Octavia load balancers. Lists are paged with
 * {@code limit} and the {@code marker} of the last item while the answer has a {@code next} link.
 * {@code regions[]} are catalog region names, compared without case ({@code regionone} is
 * {@code RegionOne}); the connection's {@code endpoint} replaces {@code authUrl}.
 */
@Component
class OpenStackProvider implements Provider {

	private static final List<ProviderTask> TASKS = List.of(ProviderTask.of("servers", "servers", Duration.ofMinutes(5)),
			ProviderTask.of("volumes", "volumes", Duration.ofHours(6)),
			ProviderTask.of("networks", "networks", Duration.ofDays(7)),
			ProviderTask.of("loadbalancers", "applications", Duration.ofHours(6)));

	private final WebClient.Builder builder;

	private final DiscoveryProperties.Rest rest;

	private final int pageSize;

	OpenStackProvider(WebClient.Builder builder, DiscoveryProperties properties) {
		this.builder = builder;
		this.rest = properties.rest();
		this.pageSize = properties.openstack().pageSize();
	}

	@Override
	public String id() {
		return "openstack";
	}

	@Override
	public String name() {
		return "OpenStack";
	}

	@Override
	public List<CredentialField> credentialFields() {
		return List.of(new CredentialField("authUrl", "Identity (Keystone) URL", false, true),
				new CredentialField("username", "User name", false, false),
				new CredentialField("password", "Password", true, false),
				new CredentialField("projectName", "Project name", false, false),
				new CredentialField("userDomainName", "User domain (default: Default)", false, false),
				new CredentialField("projectDomainName", "Project domain (default: the user's)", false, false),
				new CredentialField("applicationCredentialId", "Application credential id", false, false),
				new CredentialField("applicationCredentialSecret", "Application credential secret", true, false));
	}

	@Override
	public List<ProviderTask> tasks() {
		return TASKS;
	}

	@Override
	public boolean regional() {
		return true;
	}

	/** {@code authUrl} and either a user (name, password, project) or an application credential. */
	@Override
	public List<FieldError> validate(Map<String, String> credentials) {
		List<FieldError> errors = new ArrayList<>(Provider.super.validate(credentials));
		String authUrl = credentials.get("authUrl");
		if (authUrl != null && !authUrl.isBlank() && !httpUrl(authUrl)) {
			errors.add(new FieldError("credentials.authUrl", "must be an http(s) URL"));
		}
		boolean application = credentials.containsKey("applicationCredentialId")
				|| credentials.containsKey("applicationCredentialSecret");
		boolean password = credentials.containsKey("username") || credentials.containsKey("password")
				|| credentials.containsKey("projectName") || credentials.containsKey("userDomainName")
				|| credentials.containsKey("projectDomainName");
		if (application && password) {
			errors.add(new FieldError("credentials",
					"give either username + password + projectName or applicationCredentialId + applicationCredentialSecret, not both"));
		}
		else if (application) {
			requireAll(credentials, errors, "applicationCredentialId", "applicationCredentialSecret");
		}
		else {
			requireAll(credentials, errors, "username", "password", "projectName");
		}
		return errors;
	}

	private static void requireAll(Map<String, String> credentials, List<FieldError> errors, String... fields) {
		for (String field : fields) {
			String value = credentials.get(field);
			if (value == null || value.isBlank()) {
				errors.add(new FieldError("credentials." + field, "is required"));
			}
		}
	}

	@Override
	public Mono<TestResult> test(ProviderContext context) {
		return Keystone.authenticate(RestApi.create(this.builder, this.rest), context).map((session) -> {
			List<String> missing = context.regions().stream().filter((r) -> !session.regions().contains(r)).toList();
			String project = (session.project() != null) ? " project " + session.project() : "";
			if (!missing.isEmpty()) {
				return new TestResult(false, "Authenticated to Keystone" + project + ", but the catalog has no region "
						+ missing + " (it has " + session.regions() + ")");
			}
			return new TestResult(true, "Authenticated to Keystone" + project + "; catalog regions " + session.regions());
		}).onErrorResume((ex) -> Mono.just(new TestResult(false, "OpenStack refused: " + ex.getMessage())));
	}

	@Override
	public Flux<Page> fetch(ProviderContext context, ProviderTask task, String region) {
		RestApi api = RestApi.create(this.builder, this.rest);
		return Keystone.authenticate(api, context).flatMapMany((session) -> switch (task.id()) {
			case "servers" -> servers(api, session, region);
			case "volumes" -> {
				String cinder = session.endpoint(region, "volumev3", "block-storage", "volume");
				yield pages(api, session, cinder + "/volumes/detail", "volumes")
					.map((items) -> new Page(OpenStackTranslations.volumes(items, region)));
			}
			case "networks" -> {
				String neutron = session.endpoint(region, "network") + "/v2.0";
				yield pages(api, session, neutron + "/networks", "networks")
					.map((items) -> new Page(OpenStackTranslations.networks(items, region)))
					.concatWith(pages(api, session, neutron + "/subnets", "subnets")
						.map((items) -> new Page(OpenStackTranslations.subnets(items, region))));
			}
			case "loadbalancers" -> loadBalancers(api, session, region);
			default -> Flux.error(new IllegalArgumentException("openstack has no task " + task.id()));
		});
	}

	/** Flavors first (id → vcpus/ram), then the servers page by page. */
	private Flux<Page> servers(RestApi api, Keystone.Session session, String region) {
		String nova = session.endpoint(region, "compute");
		return pages(api, session, nova + "/flavors/detail", "flavors").collectList().flatMapMany((flavorPages) -> {
			Map<String, Map<String, Object>> flavors = new HashMap<>();
			flavorPages.forEach((items) -> items.forEach((flavor) -> flavors.put(RestApi.text(flavor, "id"), flavor)));
			return pages(api, session, nova + "/servers/detail", "servers")
				.map((items) -> new Page(OpenStackTranslations.servers(items, flavors, region)));
		});
	}

	/**
	 * Load balancers with their first listener's port and, as targets, the Nova servers their
	 * pools' members are: a member names an address, so the region's servers are read to map
	 * fixed addresses to server ids.
	 */
	private Flux<Page> loadBalancers(RestApi api, Keystone.Session session, String region) {
		String octavia = session.endpoint(region, "load-balancer") + "/v2/lbaas";
		String nova = session.endpoint(region, "compute");
		Mono<Map<String, String>> serverByAddress = pages(api, session, nova + "/servers/detail", "servers")
			.collect(HashMap::new, (map, items) -> items.forEach((server) -> RestApi.object(server, "addresses")
				.values()
				.forEach((network) -> {
					if (network instanceof List<?> list) {
						list.forEach((address) -> {
							if (RestApi.text(address, "addr") != null) {
								map.putIfAbsent(RestApi.text(address, "addr"), RestApi.text(server, "id"));
							}
						});
					}
				})));
		Mono<Map<String, Long>> portByBalancer = pages(api, session, octavia + "/listeners", "listeners")
			.collect(HashMap::new, (map, items) -> items.forEach((listener) -> RestApi.objects(listener, "loadbalancers")
				.forEach((lb) -> {
					Long port = RestApi.number(listener, "protocol_port");
					if (port != null) {
						map.putIfAbsent(RestApi.text(lb, "id"), port);
					}
				})));
		Mono<Map<String, List<String>>> targetsByBalancer = serverByAddress.flatMap((servers) -> pages(api, session,
				octavia + "/pools", "pools")
			.concatMapIterable((pools) -> pools)
			.concatMap((pool) -> pages(api, session, octavia + "/pools/" + RestApi.text(pool, "id") + "/members", "members")
				.map((members) -> Map.entry(pool, members)))
			.collect(LinkedHashMap::new, (Map<String, List<String>> map, Map.Entry<Map<String, Object>, List<Map<String, Object>>> entry) -> {
				for (Map<String, Object> lb : RestApi.objects(entry.getKey(), "loadbalancers")) {
					List<String> targets = map.computeIfAbsent(RestApi.text(lb, "id"), (id) -> new ArrayList<>());
					for (Map<String, Object> member : entry.getValue()) {
						String server = servers.get(RestApi.text(member, "address"));
						if (server != null && !targets.contains(server)) {
							targets.add(server);
						}
					}
				}
			}));
		return Mono.zip(portByBalancer, targetsByBalancer).flatMapMany((found) -> pages(api, session,
				octavia + "/loadbalancers", "loadbalancers")
			.map((items) -> new Page(items.stream()
				.filter((lb) -> RestApi.text(lb, "id") != null)
				.map((lb) -> OpenStackTranslations.loadBalancer(lb, found.getT1().get(RestApi.text(lb, "id")),
						found.getT2().getOrDefault(RestApi.text(lb, "id"), List.of()), region))
				.toList())));
	}

	/**
	 * A list followed page by page: {@code limit}, then {@code marker} = the last item's id while
	 * the answer's {@code <key>_links} has a {@code next} link (its own {@code marker} when it
	 * names one). Lazy: the next page is asked for after the previous one was emitted.
	 */
	Flux<List<Map<String, Object>>> pages(RestApi api, Keystone.Session session, String url, String key) {
		record Step(List<Map<String, Object>> items, String next) {
		}
		java.util.function.Function<String, Mono<Step>> call = (marker) -> {
			UriComponentsBuilder uri = UriComponentsBuilder.fromUriString(url).queryParam("limit", this.pageSize);
			if (marker != null) {
				uri.queryParam("marker", marker);
			}
			return api.get(uri.build().encode().toUriString(), session.headers()).map((body) -> {
				List<Map<String, Object>> items = RestApi.objects(body, key);
				return new Step(items, next(body, key, items));
			});
		};
		return call.apply(null)
			.expand((step) -> (step.next() != null) ? call.apply(step.next()) : Mono.empty())
			.map(Step::items);
	}

	private static String next(Map<String, Object> body, String key, List<Map<String, Object>> items) {
		for (Map<String, Object> link : RestApi.objects(body, key + "_links")) {
			if ("next".equals(RestApi.text(link, "rel")) && RestApi.text(link, "href") != null) {
				String marker = UriComponentsBuilder.fromUriString(RestApi.text(link, "href"))
					.build()
					.getQueryParams()
					.getFirst("marker");
				if (marker == null && !items.isEmpty()) {
					marker = RestApi.text(items.get(items.size() - 1), "id");
				}
				return (marker == null || items.isEmpty()) ? null : marker;
			}
		}
		return null;
	}

	private static boolean httpUrl(String url) {
		try {
			URI uri = URI.create(url);
			return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

}
