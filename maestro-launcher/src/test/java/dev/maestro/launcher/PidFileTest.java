package dev.maestro.launcher;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

@EnabledOnOs({ OS.LINUX, OS.MAC })
class PidFileTest {

	@TempDir
	Path dir;

	private Process orphan;

	@AfterEach
	void cleanUp() {
		if (this.orphan != null) {
			this.orphan.destroyForcibly();
		}
	}

	@Test
	void aServiceLeftRunningByAKilledLauncherIsStopped() throws Exception {
		// Stands in for "java -jar <home>/gateway/target/gateway.jar": the home path is in its command line.
		Path home = Files.createDirectories(this.dir.resolve("maestro-home"));
		Path marker = Files.writeString(home.resolve("marker"), "");
		this.orphan = new ProcessBuilder("tail", "-f", "/dev/null", marker.toString()).start();
		PidFile pids = new PidFile(this.dir.resolve("data/maestro.pids"));
		pids.write(List.of(this.orphan.toHandle()));

		List<ProcessHandle> killed = pids.killLeftovers(home);

		assertThat(killed).extracting(ProcessHandle::pid).containsExactly(this.orphan.pid());
		assertThat(this.orphan.waitFor(10, TimeUnit.SECONDS)).isTrue();
		assertThat(this.dir.resolve("data/maestro.pids")).doesNotExist();
	}

	@Test
	void aRecycledPidThatRunsSomethingElseIsLeftAlone() throws Exception {
		Path home = Files.createDirectories(this.dir.resolve("maestro-home"));
		this.orphan = new ProcessBuilder("sleep", "300").start();
		PidFile pids = new PidFile(this.dir.resolve("maestro.pids"));
		pids.write(List.of(this.orphan.toHandle()));

		assertThat(pids.killLeftovers(home)).isEmpty();
		assertThat(this.orphan.isAlive()).isTrue();
	}

	@Test
	void aMissingOrGarbledFileIsHarmless() throws Exception {
		PidFile pids = new PidFile(this.dir.resolve("maestro.pids"));
		assertThat(pids.killLeftovers(this.dir)).isEmpty();
		Files.writeString(this.dir.resolve("maestro.pids"), "not-a-pid\n999999999\n");
		assertThat(pids.killLeftovers(this.dir)).isEmpty();
	}

}
