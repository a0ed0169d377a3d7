package dev.maestro.gateway.token;

/**
 * The body of {@code POST /api/auth/token} on inventory-service for a personal token.
 *
 * @param grantType always {@code personal_token} here
 * @param token the personal API token ({@code mst_…})
 */
record TokenExchange(String grantType, String token) {

	static TokenExchange personal(String token) {
		return new TokenExchange("personal_token", token);
	}

}
