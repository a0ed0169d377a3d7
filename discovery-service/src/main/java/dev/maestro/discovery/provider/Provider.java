package dev.maestro.discovery.provider;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.maestro.request.web.FieldError;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * One kind of infrastructure discovery can crawl. A provider only knows its API: it describes
 * its credential fields and tasks, tests credentials, and fetches pages of records already
 * translated to inventory bodies. Everything else (checksums, upserts, orphans, schedules,
 * leases) is the provider-independent sync core's.
 */
public interface Provider {

	/** Stable id used in connections ({@code aws}, {@code kubernetes}, {@code files}). */
	String id();

	/** Name shown to users. */
	String name();

	List<CredentialField> credentialFields();

	List<ProviderTask> tasks();

	/** Whether the connection must name regions; a provider without regions crawls one scope. */
	boolean regional();

	/**
	 * Whether a regional provider's connection must name at least one region. Default: when it is
	 * regional. A provider whose regions only filter (Azure locations) answers {@code false}: no
	 * regions is then one {@code default} scope covering every region.
	 */
	default boolean regionsRequired() {
		return regional();
	}

	/**
	 * Checks a connection's credentials beyond the declared fields (alternatives, formats).
	 * The default requires every required field, refuses unknown ones and blank values.
	 */
	default List<FieldError> validate(Map<String, String> credentials) {
		List<FieldError> errors = new ArrayList<>();
		for (CredentialField field : credentialFields()) {
			String value = credentials.get(field.name());
			if (field.required() && (value == null || value.isBlank())) {
				errors.add(new FieldError("credentials." + field.name(), "is required"));
			}
		}
		credentials.keySet()
			.stream()
			.filter((name) -> credentialFields().stream().noneMatch((field) -> field.name().equals(name)))
			.sorted()
			.forEach((name) -> errors.add(new FieldError("credentials." + name, "is not a field of provider " + id())));
		return errors;
	}

	/**
	 * The one scope a provider without regions crawls, named from the credentials when it is saved
	 * (a Kubernetes context); a region-like name ({@code [a-z0-9][a-z0-9-]*}). Default {@code default}.
	 */
	default String scope(Map<String, String> credentials) {
		return "default";
	}

	/** Tries the credentials against the provider; never fails, answers with the outcome. */
	Mono<TestResult> test(ProviderContext context);

	/**
	 * The records of one task in one region, page by page. An error fails the scope (and so the
	 * sync's clean-up): a provider never swallows a failed page.
	 */
	Flux<Page> fetch(ProviderContext context, ProviderTask task, String region);

	/** The task with that id, or {@code null}. */
	default ProviderTask task(String taskId) {
		return tasks().stream().filter((task) -> task.id().equals(taskId)).findFirst().orElse(null);
	}

	/**
	 * One credential field, for forms.
	 *
	 * @param name the key in {@code credentials}
	 * @param label what a form calls it
	 * @param secret whether a form should mask it
	 * @param required whether it must be given
	 */
	record CredentialField(String name, String label, boolean secret, boolean required) {
	}

	/**
	 * The outcome of a credentials test.
	 *
	 * @param ok whether the provider accepted them
	 * @param message what happened, without any secret
	 */
	record TestResult(boolean ok, String message) {
	}

}
