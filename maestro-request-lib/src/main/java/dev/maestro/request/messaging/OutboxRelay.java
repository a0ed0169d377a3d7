package dev.maestro.request.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.ReactiveMongoOperations;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

/**
 * Moves messages from the outbox to the broker, each confirmed by the broker before it is
 * marked published. While the broker is away, messages wait and are retried with back-off;
 * none is dropped. Several replicas may run a relay: each message is leased to one of them,
 * and a lease that outlives a crashed replica lets another take over (so a message may, rarely,
 * be delivered twice — consumers are idempotent on the envelope id).
 */
final class OutboxRelay implements SmartLifecycle {

	/** The claim's index before {@code due_in_order}: nothing reads it, and every write would keep it up. */
	private static final String FORMER_CLAIM_INDEX = "publishedAt_1_nextAttemptAt_1";

	private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

	private final ReactiveMongoOperations mongo;

	private final RabbitTemplate rabbit;

	private final MessagingProperties.Outbox properties;

	private final Sinks.Many<Boolean> wakeUps = Sinks.many().multicast().directBestEffort();

	private volatile Disposable loop;

	OutboxRelay(ReactiveMongoOperations mongo, RabbitTemplate rabbit, MessagingProperties.Outbox properties) {
		this.mongo = mongo;
		this.rabbit = rabbit;
		this.properties = properties;
	}

	/** Asks the relay to look for pending messages now rather than at the next poll. */
	void wakeUp() {
		this.wakeUps.tryEmitNext(Boolean.TRUE);
	}

	@Override
	public void start() {
		this.loop = createIndexes()
			.thenMany(Flux.merge(Flux.interval(Duration.ZERO, this.properties.pollInterval()).map((tick) -> true),
					this.wakeUps.asFlux()))
			.onBackpressureLatest()
			.concatMap((tick) -> drain().onErrorResume((ex) -> {
				log.warn("Outbox relay could not read the outbox: {}", ex.toString());
				return Mono.empty();
			}), 1)
			.subscribe();
	}

	@Override
	public void stop() {
		Disposable running = this.loop;
		if (running != null) {
			running.dispose();
		}
		this.loop = null;
	}

	@Override
	public boolean isRunning() {
		return this.loop != null && !this.loop.isDisposed();
	}

	/**
	 * The claim's index, in the order equality, sort, range ({@code publishedAt: null}, oldest
	 * {@code createdAt} first, {@code nextAttemptAt} due): the claim reads the pending messages in
	 * order and stops at the first one due, instead of reading and sorting every pending message
	 * for each claim (a third of the embedded store's time while a bulk upsert queued thousands of
	 * events).
	 */
	private Mono<Void> createIndexes() {
		return this.mongo.indexOps(OutboxMessage.COLLECTION)
			.createIndex(new Index().on("publishedAt", Sort.Direction.ASC)
				.on("createdAt", Sort.Direction.ASC)
				.on("nextAttemptAt", Sort.Direction.ASC)
				.named("due_in_order"))
			.then(this.mongo.indexOps(OutboxMessage.COLLECTION)
				.getIndexInfo()
				.filter((index) -> FORMER_CLAIM_INDEX.equals(index.getName()))
				.flatMap((index) -> this.mongo.indexOps(OutboxMessage.COLLECTION).dropIndex(index.getName()))
				.then())
			.then(this.mongo.indexOps(OutboxMessage.COLLECTION)
				.createIndex(new Index().on("publishedAt", Sort.Direction.ASC)
					.named("publishedAt_ttl")
					.expire(this.properties.keepPublished())))
			.onErrorResume((ex) -> {
				log.warn("Could not create the outbox indexes (will retry at the next start): {}", ex.toString());
				return Mono.empty();
			})
			.then();
	}

	/** Publishes pending messages until none is due or a batch is done; emits how many it handled. */
	Mono<Long> drain() {
		return claimNext().flatMap(this::publish)
			.thenReturn(true)
			.defaultIfEmpty(false)
			.repeat(this.properties.batchSize() - 1L)
			.takeWhile(Boolean::booleanValue)
			.count();
	}

	private Mono<OutboxMessage> claimNext() {
		Instant now = Instant.now();
		Query due = Query
			.query(Criteria.where("publishedAt")
				.is(null)
				.and("nextAttemptAt")
				.lte(now)
				.orOperator(Criteria.where("claimedUntil").is(null), Criteria.where("claimedUntil").lte(now)))
			.with(Sort.by("createdAt"));
		return this.mongo.findAndModify(due, new Update().set("claimedUntil", now.plus(this.properties.lease())),
				FindAndModifyOptions.options().returnNew(true), OutboxMessage.class);
	}

	private Mono<Void> publish(OutboxMessage message) {
		return Mono.fromRunnable(() -> send(message))
			.subscribeOn(Schedulers.boundedElastic())
			.then(Mono.defer(() -> this.mongo.updateFirst(Query.query(Criteria.where("_id").is(message.id())),
					new Update().set("publishedAt", Instant.now()).unset("claimedUntil"), OutboxMessage.class)))
			.then()
			.onErrorResume((ex) -> retryLater(message, ex));
	}

	private void send(OutboxMessage message) {
		MessageProperties properties = new MessageProperties();
		properties.setContentType(MessageProperties.CONTENT_TYPE_JSON);
		properties.setContentEncoding(StandardCharsets.UTF_8.name());
		properties.setDeliveryMode(MessageDeliveryMode.PERSISTENT);
		properties.setMessageId(message.id());
		properties.setType(message.routingKey());
		if (message.headers() != null) {
			message.headers().forEach(properties::setHeader);
		}
		Message amqp = MessageBuilder.withBody(message.payload().getBytes(StandardCharsets.UTF_8))
			.andProperties(properties)
			.build();
		this.rabbit.invoke((operations) -> {
			operations.send(message.exchange(), message.routingKey(), amqp);
			operations.waitForConfirmsOrDie(TimeUnit.MILLISECONDS.convert(this.properties.confirmTimeout()));
			return null;
		});
	}

	private Mono<Void> retryLater(OutboxMessage message, Throwable ex) {
		int attempts = message.attempts() + 1;
		long factor = 1L << Math.min(attempts - 1, 16);
		Duration delay = this.properties.initialBackoff().multipliedBy(factor);
		if (delay.compareTo(this.properties.maxBackoff()) > 0) {
			delay = this.properties.maxBackoff();
		}
		if (attempts == 1 || attempts % 10 == 0) {
			log.warn("Could not publish {} to {} (attempt {}), retrying in {}: {}", message.id(), message.exchange(),
					attempts, delay, ex.toString());
		}
		Update update = new Update().set("attempts", attempts)
			.set("nextAttemptAt", Instant.now().plus(delay))
			.set("lastError", String.valueOf(ex.getMessage()))
			.unset("claimedUntil");
		return this.mongo.updateFirst(Query.query(Criteria.where("_id").is(message.id())), update, OutboxMessage.class)
			.then();
	}

}
