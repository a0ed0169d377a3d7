package dev.maestro.inventory.team;

import java.time.Instant;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/** A team's avatar image, kept apart from the team so that listing teams never loads images. */
@Document("team_avatars")
record TeamAvatar(@Id String teamId, String contentType, byte[] image, Instant updatedAt) {

	/** Largest avatar accepted. */
	static final int MAX_BYTES = 256 * 1024;

	/** The image type announced by its first bytes, or {@code null} when it is none we accept. */
	static String detectType(byte[] bytes) {
		if (bytes.length > 8 && (bytes[0] & 0xFF) == 0x89 && bytes[1] == 'P' && bytes[2] == 'N' && bytes[3] == 'G') {
			return "image/png";
		}
		if (bytes.length > 3 && (bytes[0] & 0xFF) == 0xFF && (bytes[1] & 0xFF) == 0xD8 && (bytes[2] & 0xFF) == 0xFF) {
			return "image/jpeg";
		}
		if (bytes.length > 12 && bytes[0] == 'R' && bytes[1] == 'I' && bytes[2] == 'F' && bytes[3] == 'F'
				&& bytes[8] == 'W' && bytes[9] == 'E' && bytes[10] == 'B' && bytes[11] == 'P') {
			return "image/webp";
		}
		return null;
	}

}
