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
 */
final class BsonDocumentType extends BasicDataType<Document> {

	static final BsonDocumentType INSTANCE = new BsonDocumentType();

	/** Not a tag {@link ObjectDataType} writes (its tags are 0 to 119). */
	private static final byte BSON = (byte) 0xB5;

	private final ObjectDataType legacy = new ObjectDataType();

	/** A running average of encoded sizes, what the page cache counts a document as. */
	private volatile int averageSize = 1024;

	private BsonDocumentType() {
	}

	@Override
	public int getMemory(Document document) {
		return this.averageSize;
	}

	@Override
	public void write(WriteBuffer buffer, Document document) {
		ByteBuf bson = Unpooled.buffer(this.averageSize * 2);
		try {
			BsonEncoder.encodeDocument(document, bson);
			int size = bson.readableBytes();
			this.averageSize = (size + 15 * this.averageSize) / 16;
			buffer.put(BSON).put(bson.nioBuffer());
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
		int length = buffer.duplicate().order(ByteOrder.LITTLE_ENDIAN).getInt(start);
		Document document = BsonDecoder.decodeBson(Unpooled.wrappedBuffer(buffer.slice(start, length)));
		buffer.position(start + length);
		return document;
	}

	@Override
	public Document[] createStorage(int size) {
		return new Document[size];
	}

}
