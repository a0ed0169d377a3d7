package dev.maestro.gateway.token;

/**
 * What inventory-service answers to a successful token exchange.
 *
 * @param accessToken the signed JWT
 * @param tokenType {@code Bearer}
 * @param expiresIn seconds until the access token expires
 */
record AccessToken(String accessToken, String tokenType, long expiresIn) {
}
