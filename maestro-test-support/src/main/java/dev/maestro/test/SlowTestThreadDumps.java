package dev.maestro.test;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;

/**
 * Prints every thread of the test JVM (the service under test and, on the embedded set-up, its
 * store and broker) when a test is still running after {@code maestro.test.thread-dump-after}
 * seconds, and again every such period (20 s by default; 0 turns it off), so that a test that waits for an answer that never comes
 * says what the JVM was doing meanwhile. Registered for every module that tests with this
 * library (a JUnit Platform listener, found by the service loader); the dump goes to the test's
 * standard output, which Surefire keeps in {@code target/surefire-reports/<class>-output.txt}.
 */
public final class SlowTestThreadDumps implements TestExecutionListener {

	private final Duration after = Duration.ofSeconds(Long.getLong("maestro.test.thread-dump-after", 20));

	private final Map<String, ScheduledFuture<?>> watched = new ConcurrentHashMap<>();

	private volatile ScheduledExecutorService timer;

	@Override
	public void executionStarted(TestIdentifier test) {
		if (!test.isTest() || this.after.isZero()) {
			return;
		}
		long started = System.nanoTime();
		// Again every period: a wait that starts late in a long test is caught too.
		this.watched.put(test.getUniqueId(), timer().scheduleAtFixedRate(() -> System.out.println("Test "
				+ test.getDisplayName() + " (" + test.getUniqueId() + ") still running after "
				+ Duration.ofNanos(System.nanoTime() - started).toSeconds() + " s; every thread:\n" + allThreads()),
				this.after.toMillis(), this.after.toMillis(), TimeUnit.MILLISECONDS));
	}

	@Override
	public void executionFinished(TestIdentifier test, TestExecutionResult result) {
		ScheduledFuture<?> dump = this.watched.remove(test.getUniqueId());
		if (dump != null) {
			dump.cancel(false);
		}
	}

	private ScheduledExecutorService timer() {
		ScheduledExecutorService current = this.timer;
		if (current == null) {
			synchronized (this) {
				if (this.timer == null) {
					this.timer = Executors.newSingleThreadScheduledExecutor((task) -> {
						Thread thread = new Thread(task, "slow-test-thread-dumps");
						thread.setDaemon(true);
						return thread;
					});
				}
				current = this.timer;
			}
		}
		return current;
	}

	/** Every thread's name, state, the lock it waits for and its stack, as {@code jstack} would show them. */
	public static String allThreads() {
		StringBuilder dump = new StringBuilder();
		for (ThreadInfo thread : ManagementFactory.getThreadMXBean().dumpAllThreads(true, true)) {
			dump.append('"').append(thread.getThreadName()).append("\" ").append(thread.getThreadState());
			if (thread.getLockName() != null) {
				dump.append(" on ").append(thread.getLockName()).append(" held by ").append(thread.getLockOwnerName());
			}
			dump.append('\n');
			for (StackTraceElement frame : thread.getStackTrace()) {
				dump.append("\tat ").append(frame).append('\n');
			}
		}
		return dump.toString();
	}

}
