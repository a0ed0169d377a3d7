// Live events from websocket-service (/ws). Reconnects with back-off after a drop and asks for
// what it missed with ?since=<last event id>, so a toast or a refresh is never lost to a short
// network outage. Screens subscribe by event type prefix.

import { accessToken, refresh } from './api.js';

const subscribers = new Set();
const seen = new Set();
let socket = null;
let lastEventId = null;
let retryDelay = 1000;
let reconnectTimer = null;
let wanted = false;
let statusListener = () => {};
let failedOpens = 0;

/** on('analytics.graph.', fn): fn(event) for every event whose type starts with the prefix. */
export function on(prefix, fn) {
	const sub = { prefix, fn };
	subscribers.add(sub);
	return () => subscribers.delete(sub);
}

export function onStatus(fn) {
	statusListener = fn;
}

export function connect() {
	wanted = true;
	open();
}

export function disconnect() {
	wanted = false;
	lastEventId = null;
	seen.clear();
	clearTimeout(reconnectTimer);
	if (socket) {
		const s = socket;
		socket = null;
		s.close(1000, 'logout');
	}
	statusListener('off');
}

/** Reopens the connection (with since) so that a fresh token, and the teams it names, is used. */
export function reconnect() {
	if (socket) socket.close(1000, 'new token');
	else open();
}

function url() {
	const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
	const params = new URLSearchParams({ access_token: accessToken() || '' });
	if (lastEventId) params.set('since', lastEventId);
	return `${scheme}//${location.host}/ws?${params}`;
}

function open() {
	if (!wanted || !accessToken() || socket) return;
	let ws;
	try {
		ws = new WebSocket(url());
	} catch {
		schedule();
		return;
	}
	socket = ws;
	let opened = false;
	statusListener('connecting');
	ws.addEventListener('open', () => {
		opened = true;
		failedOpens = 0;
		retryDelay = 1000;
		statusListener('live');
	});
	ws.addEventListener('message', (message) => {
		let event;
		try {
			event = JSON.parse(message.data);
		} catch {
			return;
		}
		if (!event || !event.type) return;
		if (event.id) {
			if (seen.has(event.id)) return;
			seen.add(event.id);
			if (seen.size > 2000) seen.delete(seen.values().next().value);
			lastEventId = event.id;
		}
		for (const sub of subscribers) {
			if (event.type.startsWith(sub.prefix)) {
				try {
					sub.fn(event);
				} catch (e) {
					// a screen's handler must not stop the others
					setTimeout(() => { throw e; });
				}
			}
		}
	});
	ws.addEventListener('close', (e) => {
		if (socket === ws) socket = null;
		if (!wanted) return;
		statusListener('offline');
		if (!opened) {
			failedOpens += 1;
			// a replay position the server no longer knows is refused at the handshake: after
			// two refusals, reconnect without it rather than never again
			if (failedOpens >= 2 && lastEventId) lastEventId = null;
		}
		// 1008 (policy) or 4401: the token was refused, so get a fresh one before retrying
		if (e.code === 1008 || e.code === 4401 || e.code === 4403) {
			refresh().catch(() => {}).finally(schedule);
		} else {
			schedule();
		}
	});
	ws.addEventListener('error', () => {
		// close follows; reconnecting happens there
	});
}

function schedule() {
	clearTimeout(reconnectTimer);
	const jitter = Math.random() * 500;
	reconnectTimer = setTimeout(open, retryDelay + jitter);
	retryDelay = Math.min(retryDelay * 2, 30000);
}

// Reconnect at once when the browser says the network is back.
window.addEventListener('online', () => {
	if (wanted && !socket) {
		retryDelay = 1000;
		open();
	}
});
