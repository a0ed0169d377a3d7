package dev.maestro.inventory.entity;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;

/**
 * Ids of new records: time-ordered UUIDs (version 7, RFC 9562), unique across replicas like
 * random ones but in the order records were created. A store keeps documents in the order of
 * their {@code _id}, so a batch of 1,000 new servers lands in a few pages at the end instead of
 * in 1,000 pages spread over the whole collection — each of which the embedded store wrote out
 * again and MongoDB's cache had to hold — and a team's records stay together. Lists without a
 * sort ({@code _id} order) give records in the order they were created.
 */
final class RecordIds {

	private static final TimeBasedEpochGenerator GENERATOR = Generators.timeBasedEpochGenerator();

	private RecordIds() {
	}

	static String next() {
		return GENERATOR.generate().toString();
	}

}
