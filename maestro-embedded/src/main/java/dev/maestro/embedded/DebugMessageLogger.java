package dev.maestro.embedded;

import org.apache.qpid.server.logging.LogMessage;
import org.apache.qpid.server.logging.LogSubject;
import org.apache.qpid.server.logging.MessageLogger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends Qpid's operational messages to one SLF4J logger at DEBUG. Qpid's own implementation logs
 * every connection and channel at INFO under {@code qpid.message.*}, which drowns the host's
 * console in tests that open many connections.
 */
final class DebugMessageLogger implements MessageLogger {

	private static final Logger logger = LoggerFactory.getLogger("dev.maestro.embedded.qpid");

	@Override
	public boolean isEnabled() {
		return logger.isDebugEnabled();
	}

	@Override
	public boolean isMessageEnabled(String logHierarchy) {
		return logger.isDebugEnabled();
	}

	@Override
	public void message(LogMessage message) {
		logger.debug("{}", message);
	}

	@Override
	public void message(LogSubject subject, LogMessage message) {
		logger.debug("{} {}", subject.toLogString(), message);
	}

}
