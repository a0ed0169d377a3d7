package dev.maestro.request.messaging;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.rabbitmq.client.Channel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.amqp.rabbit.listener.api.ChannelAwareMessageListener;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.ReactiveMongoOperations;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

/**
 * Consumes the queue of every {@link JobHandler} of the service: one listener container per job
 * type, manual acknowledgement after the work (or its failure) is recorded, so a worker that
 * dies mid-job leaves the message to be redelivered to another one.
 *
 * <p>Per delivery the job gets {@code maestro.messaging.consumer.max-attempts} in-process
 * attempts with exponential back-off; across deliveries a counter in {@code job_deliveries}
 * gives up after {@code max-deliveries} (a job that crashes its worker every time must not
 * circle forever). Giving up calls {@link JobHandler#failed} and parks the job in the DLQ.
 */
public final class JobListeners implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(JobListeners.class);

	static final String DELIVERIES = "job_deliveries";

	private final ConnectionFactory connectionFactory;

	private final List<JobHandler> handlers;

	private final ReactiveMongoOperations mongo;

	private final ProcessedEvents processed;

	private final EventPublisher publisher;

	private final JsonMapper json;

	private final MessagingProperties.Consumer settings;

	private final List<SimpleMessageListenerContainer> containers = new ArrayList<>();

	private volatile boolean running;

	JobListeners(ConnectionFactory connectionFactory, List<JobHandler> handlers, ReactiveMongoOperations mongo,
			ProcessedEvents processed, EventPublisher publisher, JsonMapper json, MessagingProperties.Consumer settings) {
		this.connectionFactory = connectionFactory;
		this.handlers = handlers;
		this.mongo = mongo;
		this.processed = processed;
		this.publisher = publisher;
		this.json = json;
		this.settings = settings;
	}

	@Override
	public void start() {
		this.mongo.indexOps(DELIVERIES)
			.createIndex(new org.springframework.data.mongodb.core.index.Index()
				.on("at", org.springframework.data.domain.Sort.Direction.ASC)
				.named("at_ttl")
				.expire(this.settings.keepProcessed()))
			.subscribe(null, (ex) -> log.warn("Could not create the {} index: {}", DELIVERIES, ex.toString()));
		for (JobHandler handler : this.handlers) {
			SimpleMessageListenerContainer container = new SimpleMessageListenerContainer(this.connectionFactory);
			container.setQueueNames(MaestroTopology.jobQueue(handler.jobType()));
			container.setAcknowledgeMode(AcknowledgeMode.MANUAL);
			container.setPrefetchCount(1);
			container.setConcurrentConsumers(Math.max(1, this.settings.concurrency()));
			container.setMissingQueuesFatal(false);
			container.setMessageListener((ChannelAwareMessageListener) (message, channel) -> onMessage(handler,
					message, channel));
			container.afterPropertiesSet();
			container.start();
			this.containers.add(container);
		}
		this.running = true;
	}

	@Override
	public void stop() {
		this.containers.forEach(SimpleMessageListenerContainer::stop);
		this.containers.clear();
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		// After the web server and the broker connection, before nothing else: stop consuming first.
		return Integer.MAX_VALUE - 100;
	}

	private void onMessage(JobHandler handler, Message message, Channel channel) throws IOException {
		long tag = message.getMessageProperties().getDeliveryTag();
		EventEnvelope job;
		try {
			job = this.json.readValue(message.getBody(), EventEnvelope.class);
		}
		catch (RuntimeException ex) {
			log.error("Dropping an unreadable {} job: {}", handler.jobType(), ex.toString());
			channel.basicReject(tag, false);
			return;
		}
		try {
			run(handler, job).block();
			channel.basicAck(tag, false);
		}
		catch (RuntimeException ex) {
			// Recording the outcome failed (the store is away): leave the job to a later delivery.
			log.warn("Job {} ({}) could not be settled, it will be redelivered: {}", job.id(), handler.jobType(),
					ex.toString());
			sleepQuietly(this.settings.initialBackoff());
			channel.basicNack(tag, false, true);
		}
	}

	/** One delivery of a job: counted, then handled once, or failed for good. */
	Mono<Void> run(JobHandler handler, EventEnvelope job) {
		String consumer = "job:" + handler.jobType();
		return countDelivery(consumer, job).flatMap((deliveries) -> {
			if (deliveries > this.settings.maxDeliveries()) {
				return giveUp(handler, job, "abandoned after " + this.settings.maxDeliveries()
						+ " deliveries (its worker stopped during each of them)");
			}
			Mono<Void> work = Mono.defer(() -> handler.handle(job))
				.retryWhen(Retry.backoff(Math.max(0, this.settings.maxAttempts() - 1), this.settings.initialBackoff())
					.maxBackoff(this.settings.maxBackoff())
					.filter((ex) -> !(ex instanceof JobHandler.JobFailure))
					.onRetryExhaustedThrow((spec, signal) -> signal.failure())
					.doBeforeRetry((signal) -> log.warn("Job {} ({}) attempt {} failed: {}", job.id(),
							handler.jobType(), signal.totalRetries() + 1, signal.failure().toString())));
			return this.processed.once(consumer, job, work)
				.then()
				.onErrorResume((ex) -> !isStoreDown(ex), (ex) -> giveUp(handler, job, reason(ex)));
		});
	}

	private Mono<Void> giveUp(JobHandler handler, EventEnvelope job, String reason) {
		log.error("Job {} ({}) failed: {}", job.id(), handler.jobType(), reason);
		String consumer = "job:" + handler.jobType();
		return this.processed.once(consumer, job, handler.failed(job, reason).then(this.publisher.deadLetter(job, reason)))
			.then();
	}

	private Mono<Long> countDelivery(String consumer, EventEnvelope job) {
		Query query = Query.query(Criteria.where("_id").is(consumer + ":" + job.id()));
		Update update = new Update().inc("count", 1).setOnInsert("at", Instant.now());
		return this.mongo
			.findAndModify(query, update, FindAndModifyOptions.options().upsert(true).returnNew(true),
					org.bson.Document.class, DELIVERIES)
			.map((document) -> ((Number) document.get("count")).longValue());
	}

	private static boolean isStoreDown(Throwable ex) {
		return ex instanceof org.springframework.dao.DataAccessResourceFailureException
				|| ex instanceof com.mongodb.MongoTimeoutException || ex instanceof com.mongodb.MongoSocketException;
	}

	private static String reason(Throwable ex) {
		String message = ex.getMessage();
		return (message != null && !message.isBlank()) ? message : ex.getClass().getSimpleName();
	}

	private static void sleepQuietly(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
