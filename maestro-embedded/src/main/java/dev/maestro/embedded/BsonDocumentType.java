package dev.maestro.embedded;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;
import org.h2.mvstore.type.ObjectDataType;

/**
 * How the store writes documents to its file: as BSON, the form they came in on the wire, with
 * mongo-java-server's own encoder. H2's default, {@link ObjectDataType}, writes a document with
 * Java serialization: several times larger and slower both ways, and the store writes and reads
 * whole pages of documents at a time (the top of the store's profile under bulk upserts).
 * <p>
 * Each value starts with a format byte. Files written before hold Java-serialized documents,
 * which start with {@code ObjectDataType}'s own tag; those are still read (and written as BSON
 * when their page is next written).
 * <p>
 * The page cache counts each document at about the heap it takes once decoded (5.5 times its
 * BSON size for a typical server record, measured), not at its size in the file.
 */
final class BsonDocumentType extends BasicDataType<Document> {

	static final BsonDocumentType INSTANCE = new BsonDocumentType();

	/** Not a tag {@link ObjectDataType} writes (its tags are 0 to 119). */
	private static final byte BSON = (byte) 0xB5;

	private final ObjectDataType legacy = new ObjectDataType();

	/**
	 * A decoded document's heap size against its BSON size: each field is a map entry, a key
	 * string and a boxed value or string on the heap (about 140 bytes) against 15 to 25 bytes of
	 * BSON; a list's string is about 55 bytes against 12. Counting documents at their encoded
	 * size let the page cache hold several times its budget (the store ran out of heap at 200,000
	 * servers).
	 */
	private static final int HEAP_PER_BSON_BYTE = 6;

	/** A running average of encoded sizes. */
	private volatile int averageSize = 1024;

	private BsonDocumentType() {
	}

	/** What the page cache counts a document as: the heap an average document takes. */
	@Override
	public int getMemory(Document document) {
		return this.averageSize * HEAP_PER_BSON_BYTE;
	}

	/**
	 * Writes the document as BSON; one holding a value BSON has no type for (the store itself
	 * never makes one, but H2 writes in the background, where a failure would lose the page) is
	 * written as before, with Java serialization.
	 */
	@Override
	public void write(WriteBuffer buffer, Document document) {
		ByteBuf bson = Unpooled.buffer(this.averageSize * 2);
		try {
			BsonEncoder.encodeDocument(document, bson);
			int size = bson.readableBytes();
			this.averageSize = (size + 15 * this.averageSize) / 16;
			buffer.put(BSON).put(bson.nioBuffer());
		}
		catch (IllegalArgumentException notBson) {
			this.legacy.write(buffer, document);
		}
		finally {
			bson.release();
		}
	}

	@Override
	public Document read(ByteBuffer buffer) {
		if (buffer.get(buffer.position()) != BSON) {
			return (Document) this.legacy.read(buffer);
		}
		int start = buffer.position() + 1;
		// BSON starts with its own length (the prefix included), little-endian.
		int length = buffer.getInt(start);
		if (buffer.order() != ByteOrder.LITTLE_ENDIAN) {
			length = Integer.reverseBytes(length);
		}
		Document document = BsonDecoder.decodeBson(Unpooled.wrappedBuffer(buffer.slice(start, length)));
		buffer.position(start + length);
		return document;
	}

	@Override
	public Document[] createStorage(int size) {
		return new Document[size];
	}

}
