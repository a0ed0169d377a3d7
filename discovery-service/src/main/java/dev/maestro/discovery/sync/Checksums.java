package dev.maestro.discovery.sync;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * SHA-256 of a body in a canonical form (keys sorted at every level), so that the same record
 * gives the same checksum whatever order the provider listed its fields in.
 */
final class Checksums {

	private Checksums() {
	}

	static String of(Map<String, Object> body) {
		StringBuilder out = new StringBuilder(256);
		write(body, out);
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(out.toString().getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void write(Object value, StringBuilder out) {
		if (value instanceof Map<?, ?> map) {
			out.append('{');
			new TreeMap<>(map.entrySet()
				.stream()
				.filter((e) -> e.getValue() != null)
				.collect(java.util.stream.Collectors.toMap((e) -> String.valueOf(e.getKey()), Map.Entry::getValue)))
				.forEach((key, item) -> {
					out.append('"').append(key.replace("\"", "\\\"")).append("\":");
					write(item, out);
					out.append(',');
				});
			out.append('}');
		}
		else if (value instanceof List<?> list) {
			out.append('[');
			list.forEach((item) -> {
				write(item, out);
				out.append(',');
			});
			out.append(']');
		}
		else if (value instanceof String text) {
			out.append('"').append(text.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
		}
		else {
			out.append(value);
		}
	}

}
