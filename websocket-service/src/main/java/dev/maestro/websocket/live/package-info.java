/**
 * Live delivery: this instance's own queue on {@code maestro.events}, the in-process hub that
 * hands each event to the connections of its team, and the per-connection streams (replay, then
 * live) that the WebSocket and SSE edges send.
 */
package dev.maestro.websocket.live;
