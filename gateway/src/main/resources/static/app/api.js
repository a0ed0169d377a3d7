// The only way the UI talks to Maestro: the public API through the gateway (same origin).
// Holds the session (tokens in sessionStorage, so closing the tab forgets them), refreshes the
// access token before it expires, and turns problem+json answers into ApiError.

const STORE_KEY = 'maestro.session';
const REFRESH_MARGIN_MS = 60 * 1000;

/** A refused or failed call; `problem` is the RFC 9457 body when there was one. */
export class ApiError extends Error {
	constructor(status, problem) {
		super((problem && (problem.detail || problem.title)) || `Request failed (${status})`);
		this.status = status;
		this.problem = problem || {};
	}

	/** Field errors of a 400: {field: message}. */
	get fieldErrors() {
		const out = {};
		for (const e of this.problem.errors || []) {
			out[e.field] = out[e.field] ? `${out[e.field]}; ${e.message}` : e.message;
		}
		return out;
	}
}

let session = load();
let refreshTimer = null;
let refreshing = null;
const listeners = new Set();

function load() {
	try {
		return JSON.parse(sessionStorage.getItem(STORE_KEY)) || null;
	} catch {
		return null;
	}
}

function save() {
	if (session) sessionStorage.setItem(STORE_KEY, JSON.stringify(session));
	else sessionStorage.removeItem(STORE_KEY);
	listeners.forEach((fn) => fn(session));
}

export function onSessionChange(fn) {
	listeners.add(fn);
	return () => listeners.delete(fn);
}

export function currentSession() {
	return session;
}

export function accessToken() {
	return session && session.accessToken;
}

function accept(tokens) {
	session = {
		...(session || {}),
		accessToken: tokens.accessToken,
		refreshToken: tokens.refreshToken,
		expiresAt: Date.now() + (tokens.expiresIn || 600) * 1000,
	};
	save();
	scheduleRefresh();
}

function scheduleRefresh() {
	clearTimeout(refreshTimer);
	if (!session) return;
	const wait = Math.max(5000, session.expiresAt - Date.now() - REFRESH_MARGIN_MS);
	refreshTimer = setTimeout(() => {
		refresh().catch(() => {
			// refresh() already ended the session when the refresh token was refused
		});
	}, wait);
}

/** Trades the refresh token for a new pair; concurrent callers share one exchange. */
export function refresh() {
	if (!session || !session.refreshToken) return Promise.reject(new ApiError(401, { detail: 'Not logged in' }));
	if (!refreshing) {
		refreshing = raw('POST', '/api/auth/refresh', { refreshToken: session.refreshToken }, { anonymous: true })
			.then((res) => accept(res.body))
			.catch((e) => {
				if (e.status === 401) endSession();
				throw e;
			})
			.finally(() => {
				refreshing = null;
			});
	}
	return refreshing;
}

export async function login(email, password) {
	const res = await raw('POST', '/api/auth/login', { email, password }, { anonymous: true });
	session = null;
	accept(res.body);
	return res.body;
}

export function register(email, password, name) {
	return raw('POST', '/api/auth/register', { email, password, name }, { anonymous: true }).then((r) => r.body);
}

/** Logs out: revokes the refresh token, then forgets everything this tab holds. */
export async function logout() {
	const token = session && session.refreshToken;
	if (token) {
		try {
			await raw('POST', '/api/auth/logout', { refreshToken: token }, { anonymous: true });
		} catch {
			// the token is forgotten locally either way
		}
	}
	endSession();
}

export function endSession() {
	clearTimeout(refreshTimer);
	session = null;
	sessionStorage.clear();
	try {
		localStorage.removeItem('maestro.prefs');
	} catch {
		// storage may be unavailable
	}
	save();
}

export function setSessionValue(key, value) {
	if (!session) return;
	session = { ...session, [key]: value };
	save();
}

/** Resumes a stored session after a reload: refresh now if the access token is (nearly) stale. */
export async function resume() {
	if (!session) return false;
	if (session.expiresAt - Date.now() < REFRESH_MARGIN_MS) {
		try {
			await refresh();
		} catch {
			return false;
		}
	} else {
		scheduleRefresh();
	}
	return Boolean(session);
}

/** Request ids of this tab's own changes: their events are not news to this tab. */
const ownRequests = new Set();

export function isOwnRequest(requestId) {
	return Boolean(requestId) && ownRequests.has(requestId);
}

async function raw(method, path, body, options = {}) {
	const headers = { Accept: 'application/json, application/problem+json', ...(options.headers || {}) };
	if (method !== 'GET' && window.crypto && crypto.randomUUID) {
		headers['X-Request-Id'] = crypto.randomUUID();
		ownRequests.add(headers['X-Request-Id']);
		if (ownRequests.size > 500) ownRequests.delete(ownRequests.values().next().value);
	}
	if (!options.anonymous && session && session.accessToken) headers.Authorization = `Bearer ${session.accessToken}`;
	let payload;
	if (body !== undefined && body !== null) {
		headers['Content-Type'] = options.contentType || 'application/json';
		payload = typeof body === 'string' ? body : JSON.stringify(body);
	}
	let res;
	try {
		res = await fetch(path, { method, headers, body: payload, signal: options.signal });
	} catch (e) {
		if (e.name === 'AbortError') throw e;
		throw new ApiError(0, { title: 'Network error', detail: 'Maestro cannot be reached. Check your connection.' });
	}
	if (res.status === 429 && (options.attempt || 0) < 3) {
		// rate limited: wait as told (bounded) and try again
		const wait = Math.min(5, Number(res.headers.get('Retry-After')) || 1) * 1000;
		await new Promise((resolve) => { setTimeout(resolve, wait); });
		return raw(method, path, body, { ...options, attempt: (options.attempt || 0) + 1 });
	}
	const type = res.headers.get('Content-Type') || '';
	let data = null;
	if (options.blob && res.ok) {
		data = await res.blob();
	} else if (res.status !== 204) {
		const text = await res.text();
		if (text && type.includes('json')) {
			try {
				data = JSON.parse(text);
			} catch {
				data = null;
			}
		} else {
			data = text || null;
		}
	}
	if (!res.ok) throw new ApiError(res.status, data && typeof data === 'object' ? data : { detail: res.statusText });
	return { status: res.status, body: data, etag: res.headers.get('ETag'), location: res.headers.get('Location'), headers: res.headers };
}

/**
 * An authenticated call. A 401 triggers one refresh and one retry; if that fails too the
 * session ends (the app shows the login page).
 */
export async function call(method, path, body, options = {}) {
	if (session && session.expiresAt - Date.now() < 5000) {
		try {
			await refresh();
		} catch {
			// fall through: the call answers 401 and the session ends
		}
	}
	try {
		return await raw(method, path, body, options);
	} catch (e) {
		if (e.status === 401 && !options.anonymous && session && session.refreshToken && !options.retried) {
			try {
				await refresh();
			} catch {
				throw e;
			}
			return call(method, path, body, { ...options, retried: true });
		}
		throw e;
	}
}

export const get = (path, options) => call('GET', path, undefined, options).then((r) => r.body);
export const post = (path, body, options) => call('POST', path, body, options).then((r) => r.body);

/** The team-scoped base path of the current team. */
export function teamPath(suffix = '') {
	return `/api/teams/${encodeURIComponent(session.teamId)}${suffix}`;
}

/** Query string from an object, skipping empty values. */
export function query(params) {
	const q = new URLSearchParams();
	for (const [k, v] of Object.entries(params || {})) {
		if (v === undefined || v === null || v === '') continue;
		q.set(k, v);
	}
	const s = q.toString();
	return s ? `?${s}` : '';
}

/** Downloads an authenticated resource as a file (the browser cannot add the token to a link). */
export async function download(path, filename, accept) {
	const res = await call('GET', path, undefined, { blob: true, headers: accept ? { Accept: accept } : {} });
	const url = URL.createObjectURL(res.body);
	const a = document.createElement('a');
	a.href = url;
	a.download = filename;
	document.body.append(a);
	a.click();
	a.remove();
	setTimeout(() => URL.revokeObjectURL(url), 10000);
}

/** Fetches an authenticated binary/text resource as a Blob. */
export function blob(path, accept) {
	return call('GET', path, undefined, { blob: true, headers: accept ? { Accept: accept } : {} }).then((r) => r.body);
}
