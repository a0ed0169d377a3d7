package dev.maestro.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds the executable jar that {@code mvn install} built for a module.
 */
final class ServiceJars {

	private ServiceJars() {
	}

	/**
	 * Finds {@code <home>/<module>/target/<module>-<version>.jar}: the Boot-repackaged jar, never
	 * the {@code .original} the Boot plugin keeps beside it, nor sources, javadoc or test jars.
	 * When several versions are there, the most recently built one wins.
	 */
	static Optional<Path> find(Path home, String module) {
		Path target = home.resolve(module).resolve("target");
		if (!Files.isDirectory(target)) {
			return Optional.empty();
		}
		try (Stream<Path> files = Files.list(target)) {
			return files.filter(Files::isRegularFile)
				.filter((file) -> isExecutableJar(file.getFileName().toString(), module))
				.max(Comparator.comparing(ServiceJars::lastModified));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not list " + target, ex);
		}
	}

	static boolean isExecutableJar(String fileName, String module) {
		return fileName.startsWith(module + "-") && fileName.endsWith(".jar") && !fileName.endsWith("-sources.jar")
				&& !fileName.endsWith("-javadoc.jar") && !fileName.endsWith("-tests.jar")
				&& !fileName.endsWith("-plain.jar")
				// "<module>-<version>.jar": the version starts with a digit, which keeps
				// analytics-api from matching analytics-api-client-1.0.jar, should one appear.
				&& Character.isDigit(fileName.charAt(module.length() + 1));
	}

	private static long lastModified(Path file) {
		try {
			return Files.getLastModifiedTime(file).toMillis();
		}
		catch (IOException ex) {
			return 0;
		}
	}

}
