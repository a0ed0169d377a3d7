package dev.maestro.embedded;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import de.bwaldvogel.mongo.bson.Document;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.ObjectDataType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BsonDocumentTypeTest {

	@Test
	void aDocumentIsWrittenAsBsonAndReadBackTheSame() {
		Document document = new Document("_id", "s1").append("cpu", 4)
			.append("seen", Instant.ofEpochMilli(1_764_000_000_123L))
			.append("os", new Document("base", "Linux"))
			.append("_grams", List.of("nod", "ode"));

		ByteBuffer written = write(document);

		assertThat(written.get(0)).isEqualTo((byte) 0xB5);
		assertThat(BsonDocumentType.INSTANCE.read(written)).isEqualTo(document);
		assertThat(written.hasRemaining()).isFalse();
	}

	@Test
	void aValueBsonHasNoTypeForFallsBackToJavaSerializationInsteadOfFailingTheWrite() {
		// java.util.Date: mongo-java-server keeps dates as Instant, and its encoder refuses Date.
		Document document = new Document("_id", "s2").append("seen", new Date(1_764_000_000_123L));

		ByteBuffer written = write(document);

		assertThat(written.get(0)).isNotEqualTo((byte) 0xB5);
		assertThat(BsonDocumentType.INSTANCE.read(written)).isEqualTo(document);
	}

	@Test
	void documentsWrittenWithJavaSerializationAreReadInAPageOfBsonOnes() {
		Document old = new Document("_id", "s3").append("name", "db-01");
		Document fresh = new Document("_id", "s4").append("name", "db-02");
		WriteBuffer buffer = new WriteBuffer();
		new ObjectDataType().write(buffer, old);
		BsonDocumentType.INSTANCE.write(buffer, fresh);
		ByteBuffer page = buffer.getBuffer().flip();

		Document[] read = BsonDocumentType.INSTANCE.createStorage(2);
		BsonDocumentType.INSTANCE.read(page, read, 2);

		assertThat(read).containsExactly(old, fresh);
	}

	private static ByteBuffer write(Document document) {
		WriteBuffer buffer = new WriteBuffer();
		BsonDocumentType.INSTANCE.write(buffer, document);
		return buffer.getBuffer().flip();
	}

}
