package dev.maestro.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One service running as a child JVM, its output appended to its own log file.
 */
final class ServiceProcess {

	private final Service service;

	private final Process process;

	private final Path log;

	private ServiceProcess(Service service, Process process, Path log) {
		this.service = service;
		this.process = process;
		this.log = log;
	}

	static ServiceProcess start(Service service, List<String> command, Map<String, String> extraEnv, Path log) {
		try {
			Files.createDirectories(log.getParent());
			Files.writeString(log, "%n==== %s starting %s at %s ====%n".formatted(Instant.now(), service.module(),
					service.url()), StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
			ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
				.redirectInput(ProcessBuilder.Redirect.PIPE);
			builder.environment().putAll(extraEnv);
			return new ServiceProcess(service, builder.start(), log);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start " + service.module(), ex);
		}
	}

	/** {@code java -Xmx384m -XX:+UseSerialGC -jar <jar>}, with the launcher's own Java. */
	static List<String> javaCommand(Path javaHome, Path jar) {
		List<String> command = new ArrayList<>();
		command.add(javaHome.resolve("bin").resolve("java").toString());
		command.add("-Xmx384m");
		command.add("-XX:+UseSerialGC");
		command.add("-jar");
		command.add(jar.toString());
		return command;
	}

	Service service() {
		return this.service;
	}

	Process process() {
		return this.process;
	}

	Path log() {
		return this.log;
	}

	boolean isAlive() {
		return this.process.isAlive();
	}

	/** Asks the service to stop (SIGTERM, so Spring Boot shuts down gracefully). */
	void requestStop() {
		this.process.descendants().forEach(ProcessHandle::destroy);
		this.process.destroy();
	}

	/** Waits until {@code deadline}, then kills the service and anything it started. */
	boolean awaitStopOrKill(Instant deadline) throws InterruptedException {
		long remaining = Math.max(0, deadline.toEpochMilli() - System.currentTimeMillis());
		if (this.process.waitFor(remaining, TimeUnit.MILLISECONDS)) {
			return true;
		}
		this.process.descendants().forEach(ProcessHandle::destroyForcibly);
		this.process.destroyForcibly();
		this.process.waitFor(5, TimeUnit.SECONDS);
		return false;
	}

	/** The last lines of a log, for the console when a service fails. */
	static List<String> tail(Path log, int lines) {
		if (!Files.isRegularFile(log)) {
			return List.of();
		}
		Deque<String> last = new ArrayDeque<>(lines);
		try (Stream<String> all = Files.lines(log, StandardCharsets.ISO_8859_1)) {
			// ISO-8859-1 decodes any byte, so a half-written UTF-8 character cannot break this.
			all.forEach((line) -> {
				if (last.size() == lines) {
					last.removeFirst();
				}
				last.addLast(line);
			});
		}
		catch (IOException | UncheckedIOException ex) {
			return List.of("(could not read " + log + ": " + ex.getMessage() + ")");
		}
		return List.copyOf(last);
	}

}
