package dev.maestro.discovery.provider.azure;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import dev.maestro.discovery.DiscoveryProperties;
import dev.maestro.discovery.connection.Connection;
import dev.maestro.discovery.provider.Page;
import dev.maestro.discovery.provider.Provider;
import dev.maestro.discovery.provider.ProviderContext;
import dev.maestro.discovery.provider.ProviderTask;
import dev.maestro.discovery.provider.rest.RestApi;
import dev.maestro.discovery.provider.rest.RestApiException;
import dev.maestro.request.web.FieldError;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Microsoft Azure through the Resource Manager REST API (the Azure SDK would pull in its own HTTP
 * stack and Reactor version) with a WebClient per connection ({@link RestApi}: timeouts, 429/503
 * retried with back-off). A service principal's client-credentials token from Microsoft Entra ID
 * ({@code authorityEndpoint}) is used for every subscription-wide list, followed through its
 * {@code nextLink}s. {@code regions[]} are Azure locations that filter what is reported; no
 * regions is one {@code default} scope with every location. The connection's {@code endpoint}
 * replaces the management endpoint.
 */
@Component
class AzureProvider implements Provider {

	static final String MANAGEMENT = "https://management.azure.com";

	static final String AUTHORITY = "https://login.microsoftonline.com";

	static final String COMPUTE_VERSION = "2024-07-01";

	static final String DISK_VERSION = "2024-03-02";

	static final String NETWORK_VERSION = "2024-05-01";

	static final String SUBSCRIPTION_VERSION = "2022-12-01";

	private static final List<ProviderTask> TASKS = List.of(ProviderTask.of("servers", "servers", Duration.ofMinutes(5)),
			ProviderTask.of("disks", "volumes", Duration.ofHours(6)),
			ProviderTask.of("loadbalancers", "applications", Duration.ofHours(6)));

	private final WebClient.Builder builder;

	private final DiscoveryProperties.Rest rest;

	AzureProvider(WebClient.Builder builder, DiscoveryProperties properties) {
		this.builder = builder;
		this.rest = properties.rest();
	}

	@Override
	public String id() {
		return "azure";
	}

	@Override
	public String name() {
		return "Microsoft Azure";
	}

	@Override
	public List<CredentialField> credentialFields() {
		return List.of(new CredentialField("tenantId", "Directory (tenant) id", false, true),
				new CredentialField("clientId", "Application (client) id", false, true),
				new CredentialField("clientSecret", "Client secret", true, true),
				new CredentialField("subscriptionId", "Subscription id", false, true),
				new CredentialField("authorityEndpoint", "Authority (default " + AUTHORITY + ")", false, false));
	}

	@Override
	public List<ProviderTask> tasks() {
		return TASKS;
	}

	@Override
	public boolean regional() {
		return true;
	}

	/** Locations filter: a connection without any crawls every location in one scope. */
	@Override
	public boolean regionsRequired() {
		return false;
	}

	@Override
	public List<FieldError> validate(Map<String, String> credentials) {
		List<FieldError> errors = new ArrayList<>(Provider.super.validate(credentials));
		for (String field : List.of("tenantId", "subscriptionId")) {
			String value = credentials.get(field);
			if (value != null && !value.isBlank() && !value.matches("[A-Za-z0-9][A-Za-z0-9.-]{0,127}")) {
				errors.add(new FieldError("credentials." + field, "must be an id such as a GUID"));
			}
		}
		String authority = credentials.get("authorityEndpoint");
		if (authority != null && !httpUrl(authority)) {
			errors.add(new FieldError("credentials.authorityEndpoint", "must be an http(s) URL"));
		}
		return errors;
	}

	@Override
	public Mono<TestResult> test(ProviderContext context) {
		Arm arm = new Arm(RestApi.create(this.builder, this.rest), context);
		String subscription = context.credentials().get("subscriptionId");
		return arm.token()
			.flatMap((token) -> arm.api.get(arm.management + "/subscriptions/" + subscription + "?api-version="
					+ SUBSCRIPTION_VERSION, token))
			.map((body) -> new TestResult(true, "Connected to subscription "
					+ ((RestApi.text(body, "displayName") != null) ? RestApi.text(body, "displayName") : subscription)
					+ ((RestApi.text(body, "state") != null) ? " (" + RestApi.text(body, "state") + ")" : "")))
			.onErrorResume((ex) -> Mono.just(new TestResult(false, "Azure refused: " + ex.getMessage())));
	}

	@Override
	public Flux<Page> fetch(ProviderContext context, ProviderTask task, String region) {
		Arm arm = new Arm(RestApi.create(this.builder, this.rest), context);
		Predicate<Map<String, Object>> here = Connection.NO_REGION.equals(region) ? (resource) -> true
				: (resource) -> region.equalsIgnoreCase(String.valueOf(RestApi.text(resource, "location")).replace(" ", ""));
		return arm.token().flatMapMany((token) -> switch (task.id()) {
			case "servers" -> nics(arm, token).flatMapMany((nics) -> arm
				.list(token, "Microsoft.Compute/virtualMachines", COMPUTE_VERSION)
				.map((items) -> new Page(AzureTranslations.virtualMachines(items.stream().filter(here).toList(), nics.addresses()))));
			case "disks" -> arm.list(token, "Microsoft.Compute/disks", DISK_VERSION)
				.map((items) -> new Page(AzureTranslations.disks(items.stream().filter(here).toList())));
			case "loadbalancers" -> nics(arm, token).flatMapMany((nics) -> arm
				.list(token, "Microsoft.Network/loadBalancers", NETWORK_VERSION)
				.map((items) -> new Page(items.stream()
					.filter(here)
					.filter((lb) -> RestApi.text(lb, "id") != null)
					.map((lb) -> AzureTranslations.loadBalancer(lb, nics.vms(), nics.publicIps()))
					.toList())));
			default -> Flux.error(new IllegalArgumentException("azure has no task " + task.id()));
		});
	}

	/** Every public IP address and NIC of the subscription: the addresses of VMs and the members of pools. */
	private static Mono<Nics> nics(Arm arm, Map<String, String> token) {
		return arm.list(token, "Microsoft.Network/publicIPAddresses", NETWORK_VERSION)
			.collect(HashMap<String, String>::new, (map, items) -> items.forEach((ip) -> {
				String address = RestApi.text(RestApi.object(ip, "properties"), "ipAddress");
				if (address != null) {
					map.put(AzureTranslations.key(RestApi.text(ip, "id")), address);
				}
			}))
			.flatMap((publicIps) -> arm.list(token, "Microsoft.Network/networkInterfaces", NETWORK_VERSION)
				.collect(() -> new Nics(new HashMap<>(), new HashMap<>(), publicIps), (nics, items) -> items.forEach((nic) -> {
					String id = AzureTranslations.key(RestApi.text(nic, "id"));
					if (id == null) {
						return;
					}
					nics.addresses().put(id, AzureTranslations.Addresses.of(nic, publicIps));
					String vm = RestApi.text(RestApi.object(RestApi.object(nic, "properties"), "virtualMachine"), "id");
					if (vm != null) {
						nics.vms().put(id, AzureTranslations.key(vm));
					}
				})));
	}

	/**
	 * @param addresses lower-cased NIC id → its addresses
	 * @param vms lower-cased NIC id → lower-cased VM id
	 * @param publicIps lower-cased public IP id → address
	 */
	private record Nics(Map<String, AzureTranslations.Addresses> addresses, Map<String, String> vms,
			Map<String, String> publicIps) {
	}

	/** One connection's Resource Manager: its token and its subscription-wide lists. */
	private static final class Arm {

		private final RestApi api;

		private final ProviderContext context;

		private final String management;

		Arm(RestApi api, ProviderContext context) {
			this.api = api;
			this.context = context;
			this.management = trim((context.endpoint() != null) ? context.endpoint() : MANAGEMENT);
		}

		/** A client-credentials token for the management API, as the {@code Authorization} header. */
		Mono<Map<String, String>> token() {
			Map<String, String> credentials = this.context.credentials();
			String authority = trim(credentials.getOrDefault("authorityEndpoint", AUTHORITY));
			MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
			form.add("grant_type", "client_credentials");
			form.add("client_id", credentials.get("clientId"));
			form.add("client_secret", credentials.get("clientSecret"));
			form.add("scope", this.management + "/.default");
			return this.api.postForm(authority + "/" + credentials.get("tenantId") + "/oauth2/v2.0/token", form)
				.map((answer) -> {
					String token = RestApi.text(answer.body(), "access_token");
					if (token == null) {
						throw new RestApiException("POST /" + credentials.get("tenantId") + "/oauth2/v2.0/token",
								answer.status(), "no access_token in the answer");
					}
					return Map.of("Authorization", "Bearer " + token);
				});
		}

		/**
		 * {@code GET /subscriptions/{s}/providers/<type>} page by page through {@code nextLink}.
		 * A next link must stay on the management endpoint: the token is not sent anywhere else.
		 */
		Flux<List<Map<String, Object>>> list(Map<String, String> token, String type, String version) {
			String first = this.management + "/subscriptions/" + this.context.credentials().get("subscriptionId")
					+ "/providers/" + type + "?api-version=" + version;
			record Step(List<Map<String, Object>> items, String next) {
			}
			java.util.function.Function<String, Mono<Step>> call = (url) -> {
				if (!url.startsWith(this.management + "/")) {
					return Mono.error(new RestApiException("GET " + type, 502,
							"nextLink leaves the management endpoint " + this.management));
				}
				return this.api.get(url, token)
					.map((body) -> new Step(RestApi.objects(body, "value"), RestApi.text(body, "nextLink")));
			};
			return call.apply(first)
				.expand((step) -> (step.next() != null) ? call.apply(step.next()) : Mono.empty())
				.map(Step::items);
		}

		private static String trim(String url) {
			String out = url.strip();
			while (out.endsWith("/")) {
				out = out.substring(0, out.length() - 1);
			}
			return out;
		}

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
