package dev.maestro.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class ServiceJarsTest {

	@TempDir
	Path home;

	@Test
	void findsTheRepackagedJarAndIgnoresTheOriginalAndSideArtifacts() throws IOException {
		Path target = Files.createDirectories(this.home.resolve("analytics-api/target"));
		Path jar = touch(target.resolve("analytics-api-0.1.0-SNAPSHOT.jar"), 100);
		touch(target.resolve("analytics-api-0.1.0-SNAPSHOT.jar.original"), 200);
		touch(target.resolve("analytics-api-0.1.0-SNAPSHOT-sources.jar"), 200);
		touch(target.resolve("analytics-api-client-1.0.jar"), 200);
		Files.createDirectories(target.resolve("classes"));

		assertThat(ServiceJars.find(this.home, "analytics-api")).contains(jar);
	}

	@Test
	void theNewestVersionWinsWhenSeveralAreThere() throws IOException {
		Path target = Files.createDirectories(this.home.resolve("gateway/target"));
		touch(target.resolve("gateway-0.1.0-SNAPSHOT.jar"), 100);
		Path newer = touch(target.resolve("gateway-0.2.0-SNAPSHOT.jar"), 200);

		assertThat(ServiceJars.find(this.home, "gateway")).contains(newer);
	}

	@Test
	void nothingIsFoundBeforeTheFirstBuild() throws IOException {
		assertThat(ServiceJars.find(this.home, "gateway")).isEmpty();
		Files.createDirectories(this.home.resolve("gateway/target"));
		touch(this.home.resolve("gateway/target/gateway-0.1.0-SNAPSHOT.jar.original"), 100);
		assertThat(ServiceJars.find(this.home, "gateway")).isEmpty();
	}

	private static Path touch(Path file, long epochSecond) throws IOException {
		Files.writeString(file, "jar");
		Files.setLastModifiedTime(file, FileTime.from(Instant.ofEpochSecond(epochSecond)));
		return file;
	}

}
