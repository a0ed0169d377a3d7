package dev.maestro.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Remembers the services' process ids, so that services orphaned by a launcher that was killed
 * with SIGKILL (and so never ran its shutdown hook) do not keep the ports and block the next
 * start.
 */
final class PidFile {

	private final Path file;

	PidFile(Path file) {
		this.file = file;
	}

	void write(Collection<ProcessHandle> processes) throws IOException {
		List<String> lines = new ArrayList<>();
		for (ProcessHandle process : processes) {
			lines.add(Long.toString(process.pid()));
		}
		Files.createDirectories(this.file.getParent());
		Files.write(this.file, lines, StandardCharsets.UTF_8);
	}

	void delete() throws IOException {
		Files.deleteIfExists(this.file);
	}

	/**
	 * Kills the processes listed by an earlier run that are still alive and still run one of the
	 * jars under {@code home}; a recycled pid that now belongs to something else is left alone.
	 * @return the processes that were killed
	 */
	List<ProcessHandle> killLeftovers(Path home) throws IOException, InterruptedException {
		if (!Files.isRegularFile(this.file)) {
			return List.of();
		}
		List<ProcessHandle> killed = new ArrayList<>();
		for (String line : Files.readAllLines(this.file, StandardCharsets.UTF_8)) {
			Optional<ProcessHandle> process = parse(line).flatMap(ProcessHandle::of);
			if (process.isPresent() && process.get().isAlive() && runsJarUnder(process.get(), home)) {
				process.get().destroy();
				killed.add(process.get());
			}
		}
		for (ProcessHandle process : killed) {
			try {
				process.onExit().get(20, TimeUnit.SECONDS);
			}
			catch (ExecutionException | TimeoutException ex) {
				process.destroyForcibly();
			}
		}
		delete();
		return killed;
	}

	private static boolean runsJarUnder(ProcessHandle process, Path home) {
		return process.info().commandLine().map((commandLine) -> commandLine.contains(home.toString())).orElse(false);
	}

	private static Optional<Long> parse(String line) {
		try {
			return Optional.of(Long.parseLong(line.trim()));
		}
		catch (NumberFormatException ex) {
			return Optional.empty();
		}
	}

}
