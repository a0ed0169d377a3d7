package dev.maestro.discovery.provider.files;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.maestro.discovery.DiscoveryProperties;
import org.bson.Document;
import org.bson.types.Binary;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.ReactiveMongoOperations;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/**
 * Uploaded files in MongoDB: a document per upload in {@code uploads} (metadata and summary) and
 * its content in 1 MB documents in {@code upload_chunks} (plain documents rather than GridFS so
 * the embedded test server needs nothing special). The newest {@code keep-uploads} of each name
 * are kept; a sync reads the newest of each name.
 */
@Component
public class Uploads {

	static final String UPLOADS = "uploads";

	static final String CHUNKS = "upload_chunks";

	private static final int CHUNK = 1024 * 1024;

	private final ReactiveMongoOperations mongo;

	private final DiscoveryProperties.Files settings;

	Uploads(ReactiveMongoOperations mongo, DiscoveryProperties properties) {
		this.mongo = mongo;
		this.settings = properties.files();
	}

	/** Stores an upload already parsed (so known good); answers its metadata. */
	Mono<Document> store(String teamId, String connectionId, String name, String kind, String format,
			String contentType, byte[] content, Map<String, Object> summary) {
		String id = UUID.randomUUID().toString();
		List<Document> chunks = new ArrayList<>();
		for (int offset = 0, n = 0; offset < content.length; offset += CHUNK, n++) {
			byte[] part = java.util.Arrays.copyOfRange(content, offset, Math.min(content.length, offset + CHUNK));
			chunks.add(new Document("uploadId", id).append("n", n).append("data", new Binary(part)));
		}
		Document upload = new Document("_id", id).append("teamId", teamId)
			.append("connectionId", connectionId)
			.append("name", name)
			.append("kind", kind)
			.append("format", format)
			.append("contentType", contentType)
			.append("size", content.length)
			.append("sha256", sha256(content))
			.append("chunks", chunks.size())
			.append("summary", new Document(summary))
			.append("createdAt", java.util.Date.from(Instant.now()));
		// Chunks first: an upload document only ever names complete content.
		return this.mongo.insert(chunks, CHUNKS).then(this.mongo.insert(upload, UPLOADS)).flatMap((saved) -> prune(connectionId, name).thenReturn(saved));
	}

	/** A connection's uploads, newest first. */
	Flux<Document> list(String connectionId) {
		return this.mongo.find(Query.query(Criteria.where("connectionId").is(connectionId))
			.with(Sort.by(Sort.Order.desc("createdAt"), Sort.Order.desc("_id"))), Document.class, UPLOADS);
	}

	/** The newest upload of each name of a connection. */
	Flux<Document> latest(String connectionId) {
		return list(connectionId).collectList().flatMapMany((all) -> {
			Map<String, Document> newest = new java.util.LinkedHashMap<>();
			all.forEach((upload) -> newest.putIfAbsent(upload.getString("name"), upload));
			return Flux.fromIterable(newest.values());
		});
	}

	/** An upload's content, from its chunks. */
	Mono<byte[]> content(Document upload) {
		return this.mongo.find(Query.query(Criteria.where("uploadId").is(upload.getString("_id"))).with(Sort.by("n")),
				Document.class, CHUNKS)
			.map((chunk) -> chunk.get("data", Binary.class).getData())
			.collectList()
			.map((parts) -> {
				if (parts.size() != upload.getInteger("chunks", 0)) {
					throw new IllegalStateException("upload " + upload.getString("_id") + " is incomplete");
				}
				java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
				parts.forEach(out::writeBytes);
				return out.toByteArray();
			});
	}

	/** Deletes every upload of a deleted connection. */
	public Mono<Void> forget(String connectionId) {
		return list(connectionId).concatMap((upload) -> delete(upload.getString("_id"))).then();
	}

	private Mono<Void> prune(String connectionId, String name) {
		return this.mongo.find(Query.query(Criteria.where("connectionId").is(connectionId).and("name").is(name))
			.with(Sort.by(Sort.Order.desc("createdAt"), Sort.Order.desc("_id")))
			.skip(Math.max(1, this.settings.keepUploads())), Document.class, UPLOADS)
			.concatMap((old) -> delete(old.getString("_id")))
			.then();
	}

	private Mono<Void> delete(String uploadId) {
		return this.mongo.remove(Query.query(Criteria.where("_id").is(uploadId)), UPLOADS)
			.then(this.mongo.remove(Query.query(Criteria.where("uploadId").is(uploadId)), CHUNKS))
			.then();
	}

	private static String sha256(byte[] content) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
