package dev.maestro.gateway;

/**
 * The order of the gateway's own web filters around Spring Security's filter chain, in one
 * place so that the sequence a request goes through can be read at a glance:
 *
 * <ol>
 * <li>request id (the library's filter, first of all);</li>
 * <li>{@link #CORS}: preflights are answered here, without a token;</li>
 * <li>{@link #REQUEST_SIZE}: oversize bodies are refused before any work is done;</li>
 * <li>{@link #PERSONAL_TOKEN}: {@code mst_…} tokens become JWTs;</li>
 * <li>{@link #SECURITY}: Spring Security validates the JWT and applies the public paths;</li>
 * <li>{@link #RATE_LIMIT}: per client, keyed by the validated subject;</li>
 * <li>the gateway's routing (the WebFlux handler).</li>
 * </ol>
 */
public final class EdgeFilterOrder {

	/**
	 * Spring Security's {@code WebFilterChainProxy}
	 * ({@code WebFluxSecurityConfiguration.WEB_FILTER_CHAIN_FILTER_ORDER}, which is not public).
	 */
	public static final int SECURITY = -100;

	public static final int CORS = SECURITY - 100;

	public static final int REQUEST_SIZE = SECURITY - 90;

	public static final int PERSONAL_TOKEN = SECURITY - 50;

	public static final int RATE_LIMIT = SECURITY + 10;

	private EdgeFilterOrder() {
	}

}
