package dev.maestro.launcher;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.tuple;

class LauncherSettingsTest {

	private static final Path CWD = Path.of("/home/dev/maestro");

	@Test
	void withoutEnvironmentEverythingIsEmbeddedUnderTheDataDirectory() {
		LauncherSettings settings = LauncherSettings.from(Map.of(), CWD);

		assertThat(settings.home()).isEqualTo(CWD);
		assertThat(settings.mongoUri()).isEmpty();
		assertThat(settings.rabbitUri()).isEmpty();
		assertThat(settings.dataDir()).isEqualTo(CWD.resolve("data"));
		assertThat(settings.mongoFile()).isEqualTo(CWD.resolve("data/mongo/maestro.mv.db"));
		assertThat(settings.brokerDir()).isEqualTo(CWD.resolve("data/broker"));
		assertThat(settings.logDir()).isEqualTo(CWD.resolve("data/logs"));
		assertThat(settings.mongoPort()).isEqualTo(27027);
		assertThat(settings.amqpPort()).isEqualTo(5673);
		assertThat(settings.startTimeout()).isEqualTo(Duration.ofSeconds(240));
		assertThat(settings.services()).extracting(Service::module, Service::port)
			.containsExactly(tuple("gateway", 8080), tuple("inventory-service", 8081), tuple("discovery-service", 8082),
					tuple("analytics-api", 8083), tuple("analytics-worker", 8084), tuple("reports-service", 8085),
					tuple("websocket-service", 8086));
	}

	@Test
	void realInfrastructureAndEveryKnobComeFromTheEnvironment() {
		Map<String, String> env = Map.of("MAESTRO_MONGODB_URI", " mongodb://db.internal:27017 ", "MAESTRO_RABBITMQ_URI",
				"amqp://maestro:secret@mq.internal:5672", "MAESTRO_DATA_DIR", "/var/lib/maestro", "MAESTRO_MONGODB_PORT",
				"28000", "MAESTRO_AMQP_PORT", "5999", "MAESTRO_START_TIMEOUT_SECONDS", "30", "MAESTRO_HOME", "/opt/maestro",
				"MAESTRO_INVENTORY_SERVICE_PORT", "9081");

		LauncherSettings settings = LauncherSettings.from(env, CWD);

		assertThat(settings.mongoUri()).contains("mongodb://db.internal:27017");
		assertThat(settings.rabbitUri()).contains("amqp://maestro:secret@mq.internal:5672");
		assertThat(settings.dataDir()).isEqualTo(Path.of("/var/lib/maestro"));
		assertThat(settings.home()).isEqualTo(Path.of("/opt/maestro"));
		assertThat(settings.mongoPort()).isEqualTo(28000);
		assertThat(settings.amqpPort()).isEqualTo(5999);
		assertThat(settings.startTimeout()).isEqualTo(Duration.ofSeconds(30));
		assertThat(settings.services()).filteredOn((service) -> service.module().equals("inventory-service"))
			.extracting(Service::port)
			.containsExactly(9081);
		assertThat(settings.services()).filteredOn((service) -> service.module().equals("gateway"))
			.extracting(Service::port)
			.containsExactly(8080);
	}

	@Test
	void aRelativeDataDirectoryIsResolvedAgainstTheWorkingDirectoryAndBlankValuesCountAsUnset() {
		LauncherSettings settings = LauncherSettings.from(
				Map.of("MAESTRO_DATA_DIR", "tmp/../run-data", "MAESTRO_MONGODB_URI", "  ", "MAESTRO_AMQP_PORT", ""), CWD);

		assertThat(settings.dataDir()).isEqualTo(CWD.resolve("run-data"));
		assertThat(settings.mongoUri()).isEmpty();
		assertThat(settings.amqpPort()).isEqualTo(5673);
	}

	@Test
	void everyServiceLearnsItsPortTheInfrastructureAndWhereTheOthersAre() {
		LauncherSettings settings = LauncherSettings.from(Map.of("MAESTRO_REPORTS_SERVICE_PORT", "9085"), CWD);
		Service inventory = settings.services().get(1);

		Map<String, String> env = settings.serviceEnvironment(inventory, "mongodb://127.0.0.1:27027",
				"amqp://guest:guest@127.0.0.1:5673");

		assertThat(env).containsEntry("MAESTRO_MONGODB_URI", "mongodb://127.0.0.1:27027")
			.containsEntry("MAESTRO_RABBITMQ_URI", "amqp://guest:guest@127.0.0.1:5673")
			.containsEntry("MAESTRO_PORT", "8081")
			.containsEntry("MAESTRO_SERVICES_GATEWAY_URL", "http://localhost:8080")
			.containsEntry("MAESTRO_SERVICES_INVENTORY_SERVICE_URL", "http://localhost:8081")
			.containsEntry("MAESTRO_SERVICES_REPORTS_SERVICE_URL", "http://localhost:9085")
			.containsEntry("MAESTRO_SERVICES_WEBSOCKET_SERVICE_URL", "http://localhost:8086")
			.hasSize(3 + 7);
	}

	@Test
	void unusableNumbersAreRejectedWithTheVariableName() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> LauncherSettings.from(Map.of("MAESTRO_AMQP_PORT", "five"), CWD))
			.withMessageContaining("MAESTRO_AMQP_PORT")
			.withMessageContaining("five");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> LauncherSettings.from(Map.of("MAESTRO_GATEWAY_PORT", "70000"), CWD))
			.withMessageContaining("MAESTRO_GATEWAY_PORT");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> LauncherSettings.from(Map.of("MAESTRO_START_TIMEOUT_SECONDS", "0"), CWD))
			.withMessageContaining("MAESTRO_START_TIMEOUT_SECONDS");
	}

	@Test
	void moduleNamesBecomeEnvironmentNames() {
		assertThat(new Service("analytics-worker", 8084).envName()).isEqualTo("ANALYTICS_WORKER");
		assertThat(new Service("gateway", 8080).healthUrl()).isEqualTo("http://localhost:8080/actuator/health");
	}

	@Test
	void passwordsAreHiddenInTheReadyTable() {
		assertThat(MaestroLauncher.redact("amqp://maestro:secret@mq.internal:5672"))
			.isEqualTo("amqp://maestro:***@mq.internal:5672");
		assertThat(MaestroLauncher.redact("mongodb://127.0.0.1:27027")).isEqualTo("mongodb://127.0.0.1:27027");
	}

}
