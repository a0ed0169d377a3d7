package dev.maestro.reports.format;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.springframework.http.MediaType;

/** The formats a result is served in, by {@code ?format=} name or {@code Accept} media type. */
enum ResultFormat {

	JSON("json", MediaType.APPLICATION_JSON, "json"),
	CSV("csv", new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8), "csv"),
	XLSX("xlsx", MediaType.parseMediaType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"), "xlsx"),
	PDF("pdf", MediaType.APPLICATION_PDF, "pdf"),
	ANSIBLE("ansible", new MediaType("text", "plain", java.nio.charset.StandardCharsets.UTF_8), "ini");

	private final String name;

	private final MediaType mediaType;

	private final String extension;

	ResultFormat(String name, MediaType mediaType, String extension) {
		this.name = name;
		this.mediaType = mediaType;
		this.extension = extension;
	}

	MediaType mediaType() {
		return this.mediaType;
	}

	String extension() {
		return this.extension;
	}

	static Optional<ResultFormat> named(String name) {
		return Arrays.stream(values()).filter((format) -> format.name.equalsIgnoreCase(name)).findFirst();
	}

	/** The first acceptable format in the client's order of preference; JSON for a wildcard. */
	static Optional<ResultFormat> accepting(List<MediaType> accepted) {
		List<MediaType> sorted = new java.util.ArrayList<>(accepted);
		sorted.sort(java.util.Comparator.comparingDouble(MediaType::getQualityValue).reversed());
		for (MediaType type : sorted) {
			if (type.isWildcardType()) {
				return Optional.of(JSON);
			}
			for (ResultFormat format : values()) {
				if (type.isWildcardSubtype() ? type.getType().equals(format.mediaType.getType())
						: type.getType().equals(format.mediaType.getType())
								&& type.getSubtype().equals(format.mediaType.getSubtype())) {
					return Optional.of(format);
				}
			}
		}
		return Optional.empty();
	}

	static String names() {
		return String.join(", ", Arrays.stream(values()).map((format) -> format.name).toList());
	}

}
