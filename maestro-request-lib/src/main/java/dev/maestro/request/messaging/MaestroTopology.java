package dev.maestro.request.messaging;

import java.util.ArrayList;
import java.util.List;

import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Declarable;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.amqp.core.TopicExchange;

/**
 * The exchanges and queues every service agrees on. Each service that talks AMQP declares all
 * of it at start-up (declarations are idempotent), so a job is never published to an exchange
 * without its queue — the in-process Qpid broker refuses unroutable messages, RabbitMQ would
 * silently drop them.
 */
public final class MaestroTopology {

	/** Topic exchange of work to do; one durable queue per job type. */
	public static final String JOBS = "maestro.jobs";

	/** Topic exchange of things that happened; every listener binds its own queue. */
	public static final String EVENTS = "maestro.events";

	/** Where jobs that failed every attempt go, with the reason in a header. */
	public static final String JOBS_DEAD_LETTER_EXCHANGE = "maestro.jobs.dlx";

	/** The queue that keeps dead jobs for inspection. */
	public static final String JOBS_DLQ = "maestro.jobs.dlq";

	/** Header naming why a job was dead-lettered. */
	public static final String FAILURE_REASON_HEADER = "x-maestro-failure-reason";

	private MaestroTopology() {
	}

	/** The durable queue that holds jobs of the given type. */
	public static String jobQueue(String jobType) {
		return JOBS + "." + jobType;
	}

	/** The complete shared topology. */
	public static Declarables declarables() {
		List<Declarable> declarables = new ArrayList<>();
		TopicExchange jobs = new TopicExchange(JOBS, true, false);
		TopicExchange events = new TopicExchange(EVENTS, true, false);
		TopicExchange deadLetters = new TopicExchange(JOBS_DEAD_LETTER_EXCHANGE, true, false);
		Queue dlq = QueueBuilder.durable(JOBS_DLQ).build();
		declarables.add(jobs);
		declarables.add(events);
		declarables.add(deadLetters);
		declarables.add(dlq);
		declarables.add(BindingBuilder.bind(dlq).to(deadLetters).with("#"));
		for (String type : MessageTypes.JOBS) {
			Queue queue = QueueBuilder.durable(jobQueue(type)).build();
			declarables.add(queue);
			declarables.add(BindingBuilder.bind(queue).to(jobs).with(type));
		}
		return new Declarables(declarables);
	}

	/** Binds a listener's own queue to the given event types on {@value #EVENTS}. */
	public static List<Binding> bindEvents(Queue queue, String... eventTypes) {
		TopicExchange events = new TopicExchange(EVENTS, true, false);
		List<Binding> bindings = new ArrayList<>();
		for (String type : eventTypes) {
			bindings.add(BindingBuilder.bind(queue).to(events).with(type));
		}
		return bindings;
	}

}
