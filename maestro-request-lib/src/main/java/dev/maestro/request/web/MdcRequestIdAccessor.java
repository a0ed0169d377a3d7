package dev.maestro.request.web;

import io.micrometer.context.ThreadLocalAccessor;
import org.slf4j.MDC;

/**
 * Copies the request id from the Reactor context into the logging MDC on whichever thread
 * runs the chain, so that every log line of a request names it.
 */
final class MdcRequestIdAccessor implements ThreadLocalAccessor<String> {

	@Override
	public Object key() {
		return RequestId.CONTEXT_KEY;
	}

	@Override
	public String getValue() {
		return MDC.get(RequestId.CONTEXT_KEY);
	}

	@Override
	public void setValue(String value) {
		MDC.put(RequestId.CONTEXT_KEY, value);
	}

	@Override
	public void setValue() {
		MDC.remove(RequestId.CONTEXT_KEY);
	}

}
