package dev.maestro.request.messaging;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How messages leave a service (through its outbox) and how consumers handle them.
 *
 * @param outbox the transactional outbox that keeps messages while the broker is away
 * @param consumer settings shared by the message consumers of a service
 */
@ConfigurationProperties("maestro.messaging")
public record MessagingProperties(@DefaultValue Outbox outbox, @DefaultValue Consumer consumer) {

	/**
	 * @param pollInterval how often pending messages are looked for (publishing also wakes
	 * the relay at once)
	 * @param batchSize messages published per wake-up before yielding
	 * @param confirmTimeout how long the broker may take to confirm one message
	 * @param lease how long a replica owns a message it is publishing (another replica takes
	 * it over after a crash)
	 * @param initialBackoff first delay after a failed publish
	 * @param maxBackoff largest delay between attempts; messages are never given up
	 * @param keepPublished how long published messages are kept for inspection
	 */
	public record Outbox(@DefaultValue("1s") Duration pollInterval, @DefaultValue("200") int batchSize,
			@DefaultValue("5s") Duration confirmTimeout, @DefaultValue("30s") Duration lease,
			@DefaultValue("500ms") Duration initialBackoff, @DefaultValue("30s") Duration maxBackoff,
			@DefaultValue("1d") Duration keepPublished) {
	}

	/**
	 * @param maxAttempts attempts of a job, in-process, before it is dead-lettered
	 * @param initialBackoff delay before the second attempt (doubling each time)
	 * @param maxBackoff largest delay between attempts
	 * @param keepProcessed how long processed message ids are remembered for de-duplication
	 * @param maxDeliveries deliveries of one job (each a worker that took it) before it is
	 * failed for good; a job whose worker dies every time must not circle forever
	 * @param concurrency jobs of one type a worker process handles at once
	 */
	public record Consumer(@DefaultValue("3") int maxAttempts, @DefaultValue("1s") Duration initialBackoff,
			@DefaultValue("10s") Duration maxBackoff, @DefaultValue("15d") Duration keepProcessed,
			@DefaultValue("5") int maxDeliveries, @DefaultValue("1") int concurrency) {
	}

}
