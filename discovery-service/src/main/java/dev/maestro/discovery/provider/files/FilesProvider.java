package dev.maestro.discovery.provider.files;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.maestro.discovery.provider.Page;
import dev.maestro.discovery.provider.Provider;
import dev.maestro.discovery.provider.ProviderContext;
import dev.maestro.discovery.provider.ProviderTask;
import org.bson.Document;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.stereotype.Component;

/**
 * Files a team uploads instead of giving credentials: Terraform state (v4) and Ansible
 * inventories/facts ({@code POST …/connections/{id}/uploads}). A sync reads the newest upload of
 * each name and reports what they hold together, so a resource that left every newest file is
 * orphaned like any other.
 */
@Component
class FilesProvider implements Provider {

	static final String TERRAFORM = "terraform";

	static final String INVENTORY = "inventory";

	static final String FACTS = "facts";

	private static final List<ProviderTask> TASKS = List.of(ProviderTask.of("servers", "servers", Duration.ofHours(1)),
			ProviderTask.of("volumes", "volumes", Duration.ofHours(1)),
			ProviderTask.of("applications", "applications", Duration.ofHours(1)),
			ProviderTask.of("networks", "networks", Duration.ofHours(1)));

	private final Uploads uploads;

	FilesProvider(Uploads uploads) {
		this.uploads = uploads;
	}

	@Override
	public String id() {
		return "files";
	}

	@Override
	public String name() {
		return "Files (Terraform state, Ansible inventory)";
	}

	@Override
	public List<CredentialField> credentialFields() {
		return List.of();
	}

	@Override
	public List<ProviderTask> tasks() {
		return TASKS;
	}

	@Override
	public boolean regional() {
		return false;
	}

	@Override
	public Mono<TestResult> test(ProviderContext context) {
		return this.uploads.latest(context.connectionId())
			.collectList()
			.map((latest) -> latest.isEmpty() ? new TestResult(false, "Nothing uploaded yet")
					: new TestResult(true, latest.size() + " file(s): "
							+ String.join(", ", latest.stream().map((u) -> u.getString("name")).toList())));
	}

	@Override
	public Flux<Page> fetch(ProviderContext context, ProviderTask task, String region) {
		return this.uploads.latest(context.connectionId())
			.concatMap((upload) -> this.uploads.content(upload).map((content) -> new Stored(upload, content)))
			.collectList()
			.publishOn(Schedulers.boundedElastic())
			.map((stored) -> combine(stored).of(task.collection()))
			.flatMapMany((records) -> Flux.fromIterable(SyncPages.split(records, 1000)).map(Page::new));
	}

	/** The newest uploads read together: facts enrich the inventories' hosts. */
	static Parsed combine(List<Stored> stored) {
		Parsed all = new Parsed();
		Map<String, AnsibleInventory.Host> hosts = new LinkedHashMap<>();
		Map<String, Map<String, tools.jackson.databind.JsonNode>> facts = new LinkedHashMap<>();
		for (Stored file : stored) {
			String kind = file.upload().getString("kind");
			String format = file.upload().getString("format");
			switch (kind) {
				case TERRAFORM -> TerraformState.parse(file.content()).records().forEach((collection, records) ->
						records.forEach((record) -> all.add(collection, record)));
				case FACTS -> facts.putAll(AnsibleInventory.facts(file.content()));
				default -> hosts.putAll("yaml".equals(format) ? AnsibleInventory.yaml(file.content())
						: AnsibleInventory.ini(file.content()));
			}
		}
		if (!hosts.isEmpty() || !facts.isEmpty()) {
			AnsibleInventory.servers(hosts, facts, all);
		}
		return all;
	}

	/**
	 * Parses one file as it is uploaded (a malformed one is refused, saying where): answers its
	 * summary. {@code kind}/{@code format} were told by the content type and the caller.
	 */
	static Map<String, Object> check(String kind, String format, byte[] content) {
		Parsed parsed = new Parsed();
		switch (kind) {
			case TERRAFORM -> parsed = TerraformState.parse(content);
			case FACTS -> parsed.records().put("hosts", List.copyOf(
					AnsibleInventory.facts(content).keySet().stream().map((h) -> new dev.maestro.discovery.provider.Discovered(h, Map.of())).toList()));
			default -> AnsibleInventory.servers("yaml".equals(format) ? AnsibleInventory.yaml(content)
					: AnsibleInventory.ini(content), Map.of(), parsed);
		}
		return parsed.summary();
	}

	record Stored(Document upload, byte[] content) {
	}

	/** Splits records into pages, so progress counts pages like a provider's API. */
	static final class SyncPages {

		private SyncPages() {
		}

		static <T> List<List<T>> split(List<T> items, int size) {
			List<List<T>> pages = new java.util.ArrayList<>();
			for (int i = 0; i < items.size(); i += size) {
				pages.add(items.subList(i, Math.min(items.size(), i + size)));
			}
			return pages;
		}

	}

}
