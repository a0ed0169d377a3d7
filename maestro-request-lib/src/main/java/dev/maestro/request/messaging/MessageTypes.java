package dev.maestro.request.messaging;

import java.util.List;

/** The routing keys of {@code maestro.jobs} and {@code maestro.events}: one vocabulary for every service. */
public final class MessageTypes {

	/** Jobs (exchange {@value MaestroTopology#JOBS}), each consumed by competing workers. */
	public static final String GRAPH_REQUESTED = "analytics.graph.requested";

	public static final String REPORT_REQUESTED = "reports.report.requested";

	public static final String SYNC_REQUESTED = "discovery.sync.requested";

	/** Events (exchange {@value MaestroTopology#EVENTS}), seen by every interested instance. */
	public static final String SYNC_FINISHED = "discovery.sync.finished";

	public static final String SYNC_FAILED = "discovery.sync.failed";

	public static final String GRAPH_READY = "analytics.graph.ready";

	public static final String GRAPH_FAILED = "analytics.graph.failed";

	public static final String REPORT_READY = "reports.report.ready";

	public static final String REPORT_FAILED = "reports.report.failed";

	public static final String ENTITY_CHANGED = "inventory.entity.changed";

	/** A user joined or left a team, or their role changed: {@code {userId, role}} ({@code role} null when removed). */
	public static final String MEMBERSHIP_CHANGED = "inventory.membership.changed";

	/** Every job type; each gets its own durable queue. */
	public static final List<String> JOBS = List.of(GRAPH_REQUESTED, REPORT_REQUESTED, SYNC_REQUESTED);

	private MessageTypes() {
	}

}
