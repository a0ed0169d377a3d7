/**
 * The client-facing edges: {@code GET /ws} (WebSocket), {@code GET /api/events/stream} (SSE) and
 * {@code GET /api/events} (polling), with their token and {@code since} checks.
 */
package dev.maestro.websocket.web;
