package dev.maestro.discovery.provider.openstack;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import dev.maestro.discovery.provider.ProviderContext;
import dev.maestro.discovery.provider.rest.RestApi;
import dev.maestro.discovery.provider.rest.RestApiException;
import reactor.core.publisher.Mono;

/**
 * Keystone v3 authentication: {@code POST /v3/auth/tokens} with a password (scoped to a project)
 * or an application credential (scoped by itself); the token is the {@code X-Subject-Token}
 * header, the service catalog comes in the body.
 */
final class Keystone {

	private Keystone() {
	}

	/** Authenticates the connection's credentials at its {@code endpoint}, else its {@code authUrl}. */
	static Mono<Session> authenticate(RestApi api, ProviderContext context) {
		Map<String, String> credentials = context.credentials();
		String base = (context.endpoint() != null) ? context.endpoint() : credentials.get("authUrl");
		String url = identityBase(base) + "/v3/auth/tokens";
		return api.postJson(url, Map.of(), request(credentials)).map((answer) -> {
			String token = answer.headers().getFirst("X-Subject-Token");
			if (token == null || token.isBlank()) {
				throw new RestApiException("POST /v3/auth/tokens", answer.status(), "no X-Subject-Token header in the answer");
			}
			Map<String, Object> body = RestApi.object(answer.body(), "token");
			return new Session(token, RestApi.objects(body, "catalog"), RestApi.text(RestApi.object(body, "project"), "name"));
		});
	}

	/** {@code https://keystone:5000/v3/} and {@code https://keystone:5000} both name the same identity API. */
	static String identityBase(String url) {
		String base = url.strip();
		while (base.endsWith("/")) {
			base = base.substring(0, base.length() - 1);
		}
		return base.endsWith("/v3") ? base.substring(0, base.length() - 3) : base;
	}

	static Map<String, Object> request(Map<String, String> credentials) {
		Map<String, Object> identity = new LinkedHashMap<>();
		Map<String, Object> auth = new LinkedHashMap<>();
		if (credentials.get("applicationCredentialId") != null) {
			identity.put("methods", List.of("application_credential"));
			identity.put("application_credential", Map.of("id", credentials.get("applicationCredentialId"), "secret",
					credentials.get("applicationCredentialSecret")));
			auth.put("identity", identity);
		}
		else {
			String userDomain = credentials.getOrDefault("userDomainName", "Default");
			String projectDomain = credentials.getOrDefault("projectDomainName", userDomain);
			identity.put("methods", List.of("password"));
			identity.put("password", Map.of("user", Map.of("name", credentials.get("username"), "domain",
					Map.of("name", userDomain), "password", credentials.get("password"))));
			auth.put("identity", identity);
			auth.put("scope", Map.of("project", Map.of("name", credentials.get("projectName"), "domain",
					Map.of("name", projectDomain))));
		}
		return Map.of("auth", auth);
	}

	/**
	 * A token and the catalog it came with.
	 *
	 * @param token the {@code X-Auth-Token} of every further call (never logged)
	 * @param catalog the service catalog
	 * @param project the project it is scoped to, if the answer says
	 */
	record Session(String token, List<Map<String, Object>> catalog, String project) {

		Map<String, String> headers() {
			return Map.of("X-Auth-Token", this.token);
		}

		/**
		 * The {@code public} endpoint of the first of these service types in the region (region
		 * names compared without case: a connection's regions are lower-case, {@code RegionOne}
		 * is a common OpenStack name), without a trailing slash.
		 */
		String endpoint(String region, String... types) {
			for (String type : types) {
				for (Map<String, Object> service : this.catalog) {
					if (!type.equals(RestApi.text(service, "type"))) {
						continue;
					}
					for (Map<String, Object> endpoint : RestApi.objects(service, "endpoints")) {
						String where = (RestApi.text(endpoint, "region_id") != null) ? RestApi.text(endpoint, "region_id")
								: RestApi.text(endpoint, "region");
						if ("public".equals(RestApi.text(endpoint, "interface")) && where != null
								&& where.equalsIgnoreCase(region) && RestApi.text(endpoint, "url") != null) {
							String url = RestApi.text(endpoint, "url");
							return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
						}
					}
				}
			}
			throw new RestApiException("catalog", 404, "no public " + String.join("/", types) + " endpoint in region "
					+ region + " (the catalog has regions " + regions() + ")");
		}

		/** Every region the catalog names, lower-cased as a connection's regions are. */
		Set<String> regions() {
			Set<String> regions = new LinkedHashSet<>();
			List<Map<String, Object>> endpoints = new ArrayList<>();
			this.catalog.forEach((service) -> endpoints.addAll(RestApi.objects(service, "endpoints")));
			for (Map<String, Object> endpoint : endpoints) {
				String where = (RestApi.text(endpoint, "region_id") != null) ? RestApi.text(endpoint, "region_id")
						: RestApi.text(endpoint, "region");
				if (where != null) {
					regions.add(where.toLowerCase(Locale.ROOT));
				}
			}
			return regions;
		}

	}

}
