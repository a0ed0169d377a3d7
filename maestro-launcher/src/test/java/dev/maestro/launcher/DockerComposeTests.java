package dev.maestro.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker-compose.yml cannot be run here (no Docker engine), so it is checked against the build
 * as far as this machine allows: one container per runnable module, with the image Jib builds,
 * the port the service listens on, health checks on that port, and service URLs that point at
 * containers that exist.
 */
class DockerComposeTests {

	static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

	static Map<String, Map<String, Object>> services;

	static List<String> modules;

	@BeforeAll
	@SuppressWarnings("unchecked")
	static void read() throws IOException {
		Map<String, Object> compose = new Yaml().load(Files.readString(ROOT.resolve("docker-compose.yml")));
		services = (Map<String, Map<String, Object>>) compose.get("services");
		try (Stream<Path> children = Files.list(ROOT)) {
			modules = children.filter((dir) -> Files.exists(dir.resolve("src/main/resources/application.yml")))
				.map((dir) -> dir.getFileName().toString())
				.sorted()
				.collect(Collectors.toList());
		}
	}

	static int defaultPort(String module) throws IOException {
		Matcher port = Pattern.compile("\\$\\{MAESTRO_PORT:(\\d+)}")
			.matcher(Files.readString(ROOT.resolve(module).resolve("src/main/resources/application.yml")));
		assertThat(port.find()).as(module + " listens on ${MAESTRO_PORT:<default>}").isTrue();
		return Integer.parseInt(port.group(1));
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> environment(String service) {
		return (Map<String, Object>) services.get(service).get("environment");
	}

	@Test
	void everyRunnableModuleIsAContainerBuiltFromItsJibImage() throws IOException {
		assertThat(modules).contains("gateway", "inventory-service", "discovery-service", "analytics-api",
				"analytics-worker", "reports-service", "websocket-service");
		String version = versionOfTheBuild();
		for (String module : modules) {
			assertThat(services).as("a container for " + module).containsKey(module);
			assertThat(services.get(module).get("image"))
				.isEqualTo("${MAESTRO_IMAGE_REGISTRY:-maestro}/" + module + ":${MAESTRO_VERSION:-" + version + "}");
		}
		String rootPom = Files.readString(ROOT.resolve("pom.xml"));
		assertThat(rootPom).contains("<image>${image.registry}/${project.artifactId}:${project.version}</image>")
			.contains("<image.registry>maestro</image.registry>");
	}

	@Test
	void everyContainerListensAndIsHealthCheckedOnItsServicesPort() throws IOException {
		for (String module : modules) {
			int port = defaultPort(module);
			assertThat(environment(module).get("MAESTRO_PORT")).as(module).isEqualTo(String.valueOf(port));
			Map<?, ?> healthcheck = (Map<?, ?>) services.get(module).get("healthcheck");
			assertThat(String.valueOf(healthcheck.get("test"))).as(module + " health check")
				.contains("http://localhost:" + port + "/actuator/health");
		}
		assertThat(String.valueOf(services.get("gateway").get("ports"))).isEqualTo("[8080:8080]");
	}

	@Test
	void serviceUrlsPointAtContainersOnTheirPorts() throws IOException {
		for (String module : modules) {
			for (Map.Entry<String, Object> variable : environment(module).entrySet()) {
				Matcher url = Pattern.compile("MAESTRO_SERVICES_(\\w+)_URL").matcher(variable.getKey());
				if (url.matches()) {
					String target = url.group(1).toLowerCase().replace('_', '-');
					assertThat(services).as(variable.getKey() + " names a container").containsKey(target);
					assertThat(variable.getValue())
						.isEqualTo("http://" + target + ":" + defaultPort(target));
				}
			}
			assertThat(environment(module)).as(module)
				.containsKeys("MAESTRO_MONGODB_URI", "MAESTRO_RABBITMQ_URI", "MAESTRO_SERVICE_SECRET");
		}
	}

	@Test
	void theInfrastructureIsMongoDb7AndRabbitMqWithManagementBothHealthChecked() {
		assertThat(services.get("mongo").get("image")).isEqualTo("mongo:7");
		assertThat((String) services.get("rabbitmq").get("image")).startsWith("rabbitmq:3.13").endsWith("-management");
		assertThat(services.get("mongo")).containsKey("healthcheck");
		assertThat(services.get("rabbitmq")).containsKey("healthcheck");
		assertThat(environment("inventory-service").get("MAESTRO_MONGODB_URI")).isEqualTo("mongodb://mongo:27017");
	}

	private static String versionOfTheBuild() throws IOException {
		Matcher version = Pattern.compile("<artifactId>maestro</artifactId>\\s*<version>([^<]+)</version>")
			.matcher(Files.readString(ROOT.resolve("pom.xml")));
		assertThat(version.find()).isTrue();
		return version.group(1);
	}

}
