package dev.maestro.inventory.identity;

import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The Maestro services that may obtain tokens with client credentials, by client id.
 *
 * @param serviceAccounts each service's secret and scopes
 */
@ConfigurationProperties("maestro.identity")
record ServiceAccountProperties(Map<String, Account> serviceAccounts) {

	ServiceAccountProperties {
		serviceAccounts = (serviceAccounts != null) ? Map.copyOf(serviceAccounts) : Map.of();
	}

	/**
	 * @param secret the shared secret the service presents
	 * @param scopes what its tokens allow, e.g. {@code teams:read}, {@code teams:write}
	 */
	record Account(String secret, List<String> scopes) {
	}

}
