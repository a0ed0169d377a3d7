package dev.maestro.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ServiceProcessTest {

	@TempDir
	Path dir;

	@Test
	void theTailHoldsTheLastLinesOfTheLog() throws IOException {
		Path log = this.dir.resolve("svc.log");
		Files.write(log, IntStream.rangeClosed(1, 100).mapToObj((i) -> "line " + i).toList());

		assertThat(ServiceProcess.tail(log, 30)).hasSize(30).startsWith("line 71").endsWith("line 100");
		assertThat(ServiceProcess.tail(this.dir.resolve("missing.log"), 30)).isEmpty();
	}

	@Test
	void servicesRunWithTheLaunchersJavaAndASmallHeap() {
		List<String> command = ServiceProcess.javaCommand(Path.of("/opt/jdk"), Path.of("/m/gateway/target/gateway.jar"));
		assertThat(command).containsExactly("/opt/jdk/bin/java", "-Xmx384m", "-XX:+UseSerialGC", "-jar",
				"/m/gateway/target/gateway.jar");
	}

	@Test
	@EnabledOnOs({ OS.LINUX, OS.MAC })
	void outputIsAppendedToTheLogAndTheEnvironmentIsPassed() throws Exception {
		Path log = this.dir.resolve("logs/echo.log");
		Files.createDirectories(log.getParent());
		Files.writeString(log, "from an earlier run\n");

		ServiceProcess process = ServiceProcess.start(new Service("echo", 1),
				List.of("sh", "-c", "echo port=$MAESTRO_PORT; echo oops >&2"), Map.of("MAESTRO_PORT", "1234"), log);

		assertThat(process.process().waitFor(10, TimeUnit.SECONDS)).isTrue();
		assertThat(Files.readString(log)).startsWith("from an earlier run\n")
			.contains("starting echo")
			.contains("port=1234")
			.contains("oops");
	}

	@Test
	@EnabledOnOs({ OS.LINUX, OS.MAC })
	void aServiceThatIgnoresSigtermIsKilledWithItsChildrenAfterTheGracePeriod() throws Exception {
		Path log = this.dir.resolve("stubborn.log");
		// The shell ignores SIGTERM and runs a child; both must be gone afterwards.
		ServiceProcess process = ServiceProcess.start(new Service("stubborn", 1),
				List.of("sh", "-c", "trap '' TERM; sleep 300 & echo started; wait"), Map.of(), log);
		await().atMost(10, TimeUnit.SECONDS).until(() -> Files.readString(log).contains("started"));
		List<ProcessHandle> children = process.process().descendants().toList();
		assertThat(children).isNotEmpty();

		process.requestStop();
		boolean stoppedGracefully = process.awaitStopOrKill(Instant.now().plusMillis(500));

		assertThat(process.isAlive()).isFalse();
		await().atMost(10, TimeUnit.SECONDS).until(() -> children.stream().noneMatch(ProcessHandle::isAlive));
		assertThat(stoppedGracefully).as("the sleep child holds the shell, which ignores SIGTERM").isFalse();
	}

	@Test
	@EnabledOnOs({ OS.LINUX, OS.MAC })
	void aServiceThatHonoursSigtermStopsGracefully() throws Exception {
		ServiceProcess process = ServiceProcess.start(new Service("polite", 1), List.of("sleep", "300"), Map.of(),
				this.dir.resolve("polite.log"));

		process.requestStop();

		assertThat(process.awaitStopOrKill(Instant.now().plusSeconds(10))).isTrue();
	}

}
