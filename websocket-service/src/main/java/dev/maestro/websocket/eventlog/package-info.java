/**
 * The event log: every event of {@code maestro.events}, stored once, kept for the replay
 * window, so that a client that reconnects can ask for what it missed.
 */
package dev.maestro.websocket.eventlog;
