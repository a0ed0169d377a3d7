package dev.maestro.discovery.provider;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.maestro.request.web.ProblemException;
import dev.maestro.request.web.Problems;

import org.springframework.stereotype.Component;

/** Every provider bean, by id. */
@Component
public class Providers {

	private final Map<String, Provider> byId = new LinkedHashMap<>();

	public Providers(List<Provider> providers) {
		providers.forEach((provider) -> this.byId.put(provider.id(), provider));
	}

	public List<Provider> all() {
		return List.copyOf(this.byId.values());
	}

	/** The provider, or {@code null}. */
	public Provider find(String id) {
		return (id != null) ? this.byId.get(id) : null;
	}

	/** The provider; a 400 naming the known ones otherwise. */
	public Provider require(String field, String id) {
		Provider provider = find(id);
		if (provider == null) {
			throw new ProblemException(Problems.invalid(field, "must be one of " + this.byId.keySet()));
		}
		return provider;
	}

}
