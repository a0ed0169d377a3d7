package dev.maestro.reports.format;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

import dev.maestro.reports.report.ReportRows;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;

/**
 * An Ansible INI inventory of a result's servers: one group per environment
 * ({@code [production]}) and one per provider and region ({@code [aws_eu_west_1]}), each host
 * as {@code hostname ansible_host=<private address, else public>}; servers with neither go to
 * {@code [ungrouped]}. The stored rows are read once to learn the group names and once per
 * group, so memory holds group names, never the hosts.
 */
final class AnsibleResult {

	private static final int NAME = 0;

	private static final int ADDRESS = 1;

	private static final int ENVIRONMENT = 2;

	private static final int PROVIDER = 3;

	private static final int REGION = 4;

	private static final String UNGROUPED = "ungrouped";

	private AnsibleResult() {
	}

	/** @param rows a fresh read of the stored rows on each subscription */
	static Flux<DataBuffer> write(Supplier<Flux<ReportRows.Row>> rows, DataBufferFactory buffers) {
		Mono<Set<String>> groups = rows.get().filter((row) -> row.host() != null).reduce(new TreeSet<String>(), (names, row) -> {
			names.addAll(groups(row.host()));
			return names;
		}).map((names) -> (Set<String>) names);
		return groups.flatMapMany((names) -> Flux.fromIterable(names).concatMap((group) -> {
			Flux<DataBuffer> heading = Flux.defer(() -> Flux.just(text(buffers, "[" + group + "]\n")));
			Flux<DataBuffer> hosts = rows.get()
				.filter((row) -> row.host() != null && groups(row.host()).contains(group))
				.map((row) -> line(row.host()))
				.buffer(256)
				.map((lines) -> text(buffers, String.join("", lines)));
			return heading.concatWith(hosts).concatWith(Flux.defer(() -> Flux.just(text(buffers, "\n"))));
		}));
	}

	private static List<String> groups(List<Object> host) {
		List<String> groups = new ArrayList<>(2);
		if (host.get(ENVIRONMENT) != null) {
			groups.add(groupName(String.valueOf(host.get(ENVIRONMENT))));
		}
		if (host.get(REGION) != null) {
			String provider = (host.get(PROVIDER) != null) ? host.get(PROVIDER) + "_" : "";
			groups.add(groupName(provider + host.get(REGION)));
		}
		if (groups.isEmpty()) {
			groups.add(UNGROUPED);
		}
		return groups;
	}

	/** Ansible group names: lower-case letters, digits and underscores, not starting with a digit. */
	static String groupName(String text) {
		String name = text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
		return (name.isEmpty() || Character.isDigit(name.charAt(0))) ? "_" + name : name;
	}

	private static String line(List<Object> host) {
		Object address = host.get(ADDRESS);
		Object name = (host.get(NAME) != null) ? host.get(NAME) : address;
		String hostName = String.valueOf(name).replaceAll("\\s", "_");
		return (address != null && !address.equals(name)) ? hostName + " ansible_host=" + address + "\n"
				: hostName + "\n";
	}

	private static DataBuffer text(DataBufferFactory buffers, String text) {
		return buffers.wrap(text.getBytes(StandardCharsets.UTF_8));
	}

}
