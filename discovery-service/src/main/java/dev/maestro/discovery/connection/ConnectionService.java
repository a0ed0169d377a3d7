package dev.maestro.discovery.connection;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.maestro.discovery.provider.Provider;
import dev.maestro.discovery.provider.ProviderContext;
import dev.maestro.discovery.provider.Providers;
import dev.maestro.request.web.FieldError;
import dev.maestro.request.web.ProblemException;
import dev.maestro.request.web.Problems;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.ReactiveMongoOperations;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Service;

/** A team's connections: validated, sealed, and opened only for the provider that needs them. */
@Service
public class ConnectionService {

	private static final Set<String> FIELDS = Set.of("name", "provider", "credentials", "regions", "endpoint",
			"schedule");

	private final ReactiveMongoOperations mongo;

	private final Providers providers;

	private final CredentialCipher cipher;

	public ConnectionService(ReactiveMongoOperations mongo, Providers providers, CredentialCipher cipher) {
		this.mongo = mongo;
		this.providers = providers;
		this.cipher = cipher;
	}

	Mono<Connection> create(String teamId, Map<String, Object> body) {
		return Mono.fromCallable(() -> {
			Input input = Input.read(body, null, this.providers);
			String id = UUID.randomUUID().toString();
			Instant now = Instant.now();
			return new Connection(id, teamId, input.name(), input.provider().id(),
					this.cipher.encrypt(input.credentials(), teamId, id), input.regions(), input.endpoint(),
					input.schedule(), now, now);
		}).flatMap(this.mongo::insert);
	}

	Flux<Connection> list(String teamId) {
		return this.mongo.find(Query.query(Criteria.where("teamId").is(teamId)).with(Sort.by("createdAt", "_id")),
				Connection.class);
	}

	/** The team's connection; a 404 when it is not (or is another team's). */
	public Mono<Connection> get(String teamId, String id) {
		return this.mongo.findOne(Query.query(Criteria.where("_id").is(id).and("teamId").is(teamId)), Connection.class)
			.switchIfEmpty(Mono.error(() -> new ProblemException(Problems.notFound("Connection", id))));
	}

	Mono<Connection> patch(String teamId, String id, Map<String, Object> body) {
		return get(teamId, id).map((current) -> {
			Input input = Input.read(body, current, this.providers);
			String sealed = body.containsKey("credentials") ? this.cipher.encrypt(input.credentials(), teamId, id)
					: current.credentials();
			return new Connection(id, teamId, input.name(), current.provider(), sealed, input.regions(),
					input.endpoint(), input.schedule(), current.createdAt(), Instant.now());
		}).flatMap(this.mongo::save);
	}

	Mono<Void> delete(String teamId, String id) {
		return get(teamId, id).flatMap((connection) -> this.mongo.remove(connection)).then();
	}

	/** Every connection of every team, for the scheduler. */
	public Flux<Connection> all() {
		return this.mongo.findAll(Connection.class);
	}

	public Provider provider(Connection connection) {
		return this.providers.find(connection.provider());
	}

	/** The connection opened for its provider; the credentials stay in memory only. */
	public ProviderContext context(Connection connection) {
		Map<String, String> credentials = this.cipher.decrypt(connection.credentials(), connection.teamId(),
				connection.id());
		return new ProviderContext(connection.teamId(), connection.id(), credentials, connection.regions(),
				connection.endpoint());
	}

	/** The fields of a create or patch body, validated all at once. */
	private record Input(String name, Provider provider, Map<String, String> credentials, List<String> regions,
			String endpoint, Map<String, String> schedule) {

		static Input read(Map<String, Object> body, Connection current, Providers providers) {
			if (body == null) {
				throw new ProblemException(Problems.invalid("body", "is required"));
			}
			List<FieldError> errors = new ArrayList<>();
			body.keySet()
				.stream()
				.filter((field) -> !FIELDS.contains(field))
				.sorted()
				.forEach((field) -> errors.add(new FieldError(field, "is not a field of a connection (allowed: "
						+ "name, provider, credentials, regions, endpoint, schedule)")));
			boolean creating = current == null;
			String name = creating || body.containsKey("name") ? text(body.get("name"), "name", 100, errors)
					: current.name();
			Provider provider = null;
			if (creating) {
				Object id = body.get("provider");
				provider = (id instanceof String text) ? providers.find(text) : null;
				if (provider == null) {
					errors.add(new FieldError("provider", "must be one of "
							+ providers.all().stream().map(Provider::id).toList()));
				}
			}
			else {
				provider = providers.find(current.provider());
				if (body.containsKey("provider") && !current.provider().equals(body.get("provider"))) {
					errors.add(new FieldError("provider", "cannot change; create another connection"));
				}
			}
			Map<String, String> credentials = (creating || body.containsKey("credentials"))
					? credentials(body.get("credentials"), provider, errors) : null;
			List<String> regions = (creating || body.containsKey("regions"))
					? regions(body.get("regions"), provider, errors) : current.regions();
			String endpoint = (creating || body.containsKey("endpoint")) ? endpoint(body.get("endpoint"), errors)
					: current.endpoint();
			Map<String, String> schedule = (creating || body.containsKey("schedule"))
					? schedule(body.get("schedule"), provider, errors) : current.schedule();
			if (!errors.isEmpty()) {
				throw new ProblemException(Problems.invalid("The connection is not valid", errors));
			}
			if (provider != null && !provider.regional() && credentials != null) {
				// One scope, named by the provider (a Kubernetes cluster's context): regions are not the user's.
				regions = List.of(provider.scope(credentials));
			}
			return new Input(name, provider, credentials, regions, endpoint, schedule);
		}

		private static String text(Object value, String field, int max, List<FieldError> errors) {
			if (!(value instanceof String text) || text.isBlank()) {
				errors.add(new FieldError(field, "is required"));
				return null;
			}
			if (text.length() > max) {
				errors.add(new FieldError(field, "must be at most " + max + " characters"));
			}
			return text.trim();
		}

		private static Map<String, String> credentials(Object value, Provider provider, List<FieldError> errors) {
			if (value != null && !(value instanceof Map)) {
				errors.add(new FieldError("credentials", "must be an object of text fields"));
				return Map.of();
			}
			Map<String, String> credentials = new LinkedHashMap<>();
			if (value instanceof Map<?, ?> map) {
				map.forEach((key, field) -> {
					if (!(field instanceof String text)) {
						errors.add(new FieldError("credentials." + key, "must be text"));
					}
					else if (text.length() > 65_536) {
						errors.add(new FieldError("credentials." + key, "must be at most 64 KB"));
					}
					else {
						credentials.put(String.valueOf(key), text);
					}
				});
			}
			if (provider != null) {
				errors.addAll(provider.validate(credentials));
			}
			return credentials;
		}

		private static List<String> regions(Object value, Provider provider, List<FieldError> errors) {
			List<String> regions = new ArrayList<>();
			if (value != null && !(value instanceof List)) {
				errors.add(new FieldError("regions", "must be an array of region names"));
				return regions;
			}
			if (value instanceof List<?> list) {
				for (int i = 0; i < list.size(); i++) {
					Object region = list.get(i);
					if (!(region instanceof String text) || !text.matches("[a-z0-9][a-z0-9-]{0,62}")) {
						errors.add(new FieldError("regions[" + i + "]", "must be a region name such as eu-west-1"));
					}
					else if (!regions.contains(text)) {
						regions.add(text);
					}
				}
			}
			if (provider != null && provider.regionsRequired() && regions.isEmpty()) {
				errors.add(new FieldError("regions", "must name at least one region for provider " + provider.id()));
			}
			if (regions.size() > 50) {
				errors.add(new FieldError("regions", "must name at most 50 regions"));
			}
			return regions;
		}

		private static String endpoint(Object value, List<FieldError> errors) {
			if (value == null) {
				return null;
			}
			if (value instanceof String text) {
				try {
					URI uri = URI.create(text);
					if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null
							&& text.length() <= 512) {
						return text;
					}
				}
				catch (IllegalArgumentException ex) {
					// reported below
				}
			}
			errors.add(new FieldError("endpoint", "must be an http(s) URL such as http://localhost:4566"));
			return null;
		}

		private static Map<String, String> schedule(Object value, Provider provider, List<FieldError> errors) {
			Map<String, String> schedule = new LinkedHashMap<>();
			if (value == null) {
				return schedule;
			}
			if (!(value instanceof Map<?, ?> map)) {
				errors.add(new FieldError("schedule", "must be an object of task id to interval"));
				return schedule;
			}
			map.forEach((task, interval) -> {
				String field = "schedule." + task;
				if (provider != null && provider.task(String.valueOf(task)) == null) {
					errors.add(new FieldError(field, "is not a task of provider " + provider.id() + " ("
							+ provider.tasks().stream().map((t) -> t.id()).toList() + ")"));
					return;
				}
				String problem = Schedules.problem(interval);
				if (problem != null) {
					errors.add(new FieldError(field, problem));
				}
				else {
					schedule.put(String.valueOf(task), ((String) interval).trim());
				}
			});
			return schedule;
		}

	}

}
