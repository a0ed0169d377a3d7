/**
 * Team memberships that ended: a removed member stops receiving the team's events at once, on
 * live connections and on connections opened later with a token issued before the removal.
 */
package dev.maestro.websocket.membership;
