// Entry point: the shell (header, navigation, team switcher), the hash router and the session
// lifecycle. Each screen is a module under views/ exporting render(container, params, ctx) that
// may return a cleanup function (unsubscribing from events, stopping timers).

import { h, mount, toast } from './dom.js';
import * as api from './api.js';
import * as events from './events.js';
import { COLLECTIONS } from './views/collections.js';

const PUBLIC = ['login', 'signup', 'forgot', 'reset-password'];

const ROUTES = [
	{ path: /^login$/, load: () => import('./views/auth.js'), view: 'login', title: 'Log in' },
	{ path: /^signup$/, load: () => import('./views/auth.js'), view: 'signup', title: 'Sign up' },
	{ path: /^forgot$/, load: () => import('./views/auth.js'), view: 'forgot', title: 'Forgot password' },
	{ path: /^reset-password$/, load: () => import('./views/auth.js'), view: 'reset', title: 'Reset password' },
	{ path: /^$|^home$/, load: () => import('./views/home.js'), view: 'home', title: 'Overview' },
	{ path: /^profile$/, load: () => import('./views/team.js'), view: 'profile', title: 'Profile' },
	{ path: /^team$/, load: () => import('./views/team.js'), view: 'team', title: 'Team' },
	{ path: /^inventory\/([a-z-]+)$/, load: () => import('./views/inventory.js'), view: 'list', title: 'Inventory', keys: ['kind'] },
	{ path: /^inventory\/([a-z-]+)\/new$/, load: () => import('./views/inventory.js'), view: 'create', title: 'New record', keys: ['kind'] },
	{ path: /^inventory\/([a-z-]+)\/([^/]+)$/, load: () => import('./views/inventory.js'), view: 'edit', title: 'Record', keys: ['kind', 'id'] },
	{ path: /^inventory\/([a-z-]+)\/([^/]+)\/history$/, load: () => import('./views/inventory.js'), view: 'history', title: 'History', keys: ['kind', 'id'] },
	{ path: /^dependencies$/, load: () => import('./views/dependencies.js'), view: 'render', title: 'Dependency maker' },
	{ path: /^graphs$/, load: () => import('./views/graphs.js'), view: 'list', title: 'Graphs' },
	{ path: /^graphs\/([^/]+)$/, load: () => import('./views/graphs.js'), view: 'show', title: 'Graph', keys: ['id'] },
	{ path: /^impact$/, load: () => import('./views/graphs.js'), view: 'impact', title: 'Impact' },
	{ path: /^discovery$/, load: () => import('./views/discovery.js'), view: 'list', title: 'Discovery' },
	{ path: /^discovery\/([^/]+)$/, load: () => import('./views/discovery.js'), view: 'show', title: 'Connection', keys: ['id'] },
	{ path: /^reports$/, load: () => import('./views/reports.js'), view: 'list', title: 'Reports' },
	{ path: /^reports\/([^/]+)$/, load: () => import('./views/reports.js'), view: 'show', title: 'Report', keys: ['id'] },
];

const root = document.getElementById('app');
let me = null;
let cleanup = null;
let renderToken = 0;

/** The state screens share: who is logged in, in which team, with which role. */
export const ctx = {
	get me() {
		return me;
	},
	get team() {
		const s = api.currentSession();
		return me && s ? me.teams.find((t) => t.id === s.teamId) : null;
	},
	canEdit() {
		const t = this.team;
		return Boolean(t && ['EDITOR', 'ADMIN', 'OWNER'].includes(t.role));
	},
	isAdmin() {
		const t = this.team;
		return Boolean(t && ['ADMIN', 'OWNER'].includes(t.role));
	},
	async reloadMe() {
		me = await api.get('/api/me');
		const s = api.currentSession();
		if (!s.teamId || !me.teams.some((t) => t.id === s.teamId)) {
			api.setSessionValue('teamId', me.teams.length ? me.teams[0].id : null);
		}
		return me;
	},
	navigate(hash) {
		if (location.hash === `#/${hash}`) route();
		else location.hash = `#/${hash}`;
	},
};

function parse() {
	const raw = location.hash.replace(/^#\/?/, '');
	const [path, search] = raw.split('?');
	return { path: decodeURI(path || ''), params: new URLSearchParams(search || '') };
}

async function route() {
	const token = ++renderToken;
	const { path, params } = parse();
	const first = path.split('/')[0];
	const loggedIn = Boolean(api.currentSession());
	if (!loggedIn && !PUBLIC.includes(first)) {
		const back = path ? `?next=${encodeURIComponent(path)}` : '';
		location.replace(`#/login${back}`);
		return;
	}
	if (loggedIn && (first === 'login' || first === 'signup')) {
		location.replace('#/');
		return;
	}
	const match = ROUTES.map((r) => ({ r, m: path.match(r.path) })).find((x) => x.m);
	if (cleanup) {
		try {
			cleanup();
		} catch {
			// a screen failing to clean up must not block navigation
		}
		cleanup = null;
	}
	if (loggedIn && !me) {
		try {
			await ctx.reloadMe();
		} catch (e) {
			if (e.status === 401) {
				api.endSession();
				return;
			}
			toast(e.message, 'error');
		}
		if (token !== renderToken) return;
	}
	const main = shell(loggedIn, path);
	if (!match) {
		mount(main, h('div', { class: 'empty' }, h('h1', {}, 'Not found'), h('p', {}, 'This page does not exist. '), h('a', { href: '#/' }, 'Go to the overview')));
		document.title = 'Not found · Maestro';
		return;
	}
	const values = {};
	(match.r.keys || []).forEach((k, i) => {
		values[k] = decodeURIComponent(match.m[i + 1]);
	});
	params.forEach((v, k) => {
		values[k] = v;
	});
	document.title = `${match.r.title} · Maestro`;
	main.setAttribute('aria-busy', 'true');
	try {
		const module = await match.r.load();
		if (token !== renderToken) return;
		const result = await module[match.r.view](main, values, ctx);
		if (token !== renderToken) {
			if (typeof result === 'function') result();
			return;
		}
		cleanup = typeof result === 'function' ? result : null;
	} catch (e) {
		if (token !== renderToken) return;
		mount(main, h('div', { class: 'empty' }, h('h1', {}, 'Something went wrong'), h('p', {}, e.message || String(e))));
	} finally {
		main.removeAttribute('aria-busy');
	}
	const heading = main.querySelector('h1');
	if (heading && document.activeElement === document.body) {
		heading.setAttribute('tabindex', '-1');
		heading.focus({ preventScroll: true });
	}
}

function navLink(href, label, current) {
	const active = current === href || (href !== '' && current.startsWith(`${href}/`));
	return h('li', {}, h('a', { href: `#/${href}`, 'aria-current': active ? 'page' : null, class: active ? 'active' : null }, label));
}

/** Draws the header and navigation; returns the <main> element the screen renders into. */
function shell(loggedIn, path) {
	if (!loggedIn) {
		root.removeAttribute('aria-busy');
		const main = h('main', { id: 'main', class: 'auth-main' });
		mount(root, main);
		return main;
	}
	const team = ctx.team;
	const navOpen = h('button', {
		class: 'icon nav-toggle', type: 'button', 'aria-label': 'Menu', 'aria-expanded': 'false', 'aria-controls': 'nav',
	}, '☰');
	const nav = h('nav', { id: 'nav', class: 'side', 'aria-label': 'Main' },
		h('ul', {},
			navLink('', 'Overview', path),
			h('li', { class: 'group' }, 'Inventory'),
			COLLECTIONS.filter((c) => c.nav).map((c) => navLink(`inventory/${c.kind}`, c.plural, path)),
			h('li', { class: 'group' }, 'Analysis'),
			navLink('dependencies', 'Dependency maker', path),
			navLink('graphs', 'Graphs', path),
			navLink('impact', 'Impact', path),
			navLink('reports', 'Reports', path),
			h('li', { class: 'group' }, 'Operations'),
			navLink('discovery', 'Discovery', path),
			navLink('team', 'Team & members', path)));
	navOpen.addEventListener('click', () => {
		const open = nav.classList.toggle('open');
		navOpen.setAttribute('aria-expanded', String(open));
	});
	nav.addEventListener('click', (e) => {
		if (e.target.closest('a')) {
			nav.classList.remove('open');
			navOpen.setAttribute('aria-expanded', 'false');
		}
	});
	const teamSelect = h('select', { id: 'team-switcher', 'aria-label': 'Team' },
		(me ? me.teams : []).map((t) => h('option', { value: t.id, selected: team && t.id === team.id }, `${t.name} (${t.role.toLowerCase()})`)));
	teamSelect.addEventListener('change', () => {
		api.setSessionValue('teamId', teamSelect.value);
		toast(`Switched to ${teamSelect.selectedOptions[0].textContent}`);
		route();
	});
	const liveDot = h('span', { class: 'live-dot', id: 'live-status', title: 'Live updates', 'aria-label': 'Live updates' });
	const header = h('header', { class: 'top' },
		navOpen,
		h('a', { class: 'brand', href: '#/' }, h('img', { src: '/favicon.svg', alt: '', width: 24, height: 24 }), 'Maestro'),
		h('div', { class: 'top-right' },
			liveDot,
			teamSelect,
			h('a', { href: '#/profile', class: 'who' }, me ? me.name : 'Profile'),
			h('button', { type: 'button', class: 'ghost', id: 'logout', onclick: doLogout }, 'Log out')));
	const main = h('main', { id: 'main', class: 'content' });
	root.removeAttribute('aria-busy');
	mount(root, header, h('div', { class: 'layout' }, nav, main));
	updateLiveDot(liveState);
	return main;
}

let liveState = 'off';
function updateLiveDot(state) {
	liveState = state;
	const dot = document.getElementById('live-status');
	if (!dot) return;
	dot.className = `live-dot live-${state}`;
	const label = { live: 'Live updates on', connecting: 'Connecting to live updates', offline: 'Live updates reconnecting', off: 'Live updates off' }[state];
	dot.title = label;
	dot.setAttribute('aria-label', label);
}
events.onStatus(updateLiveDot);

async function doLogout() {
	events.disconnect();
	await api.logout();
	me = null;
	document.getElementById('toasts').replaceChildren();
	location.hash = '#/login';
}

const short = (text) => (String(text).length > 140 ? `${String(text).slice(0, 140)}…` : String(text));

// Toasts for the work that finishes in the background.
const TOASTS = {
	'discovery.sync.finished': (e) => ['Sync finished', 'success', e.data && e.data.connectionId ? { href: `#/discovery/${e.data.connectionId}`, label: 'Open' } : null],
	'discovery.sync.failed': (e) => [`Sync failed${e.data && e.data.error ? `: ${short(e.data.error)}` : ''}`, 'error', e.data && e.data.connectionId ? { href: `#/discovery/${e.data.connectionId}`, label: 'Open' } : null],
	'analytics.graph.ready': (e) => ['Graph ready', 'success', e.data && e.data.graphId ? { href: `#/graphs/${e.data.graphId}`, label: 'View' } : null],
	'analytics.graph.failed': (e) => ['Graph failed', 'error', e.data && e.data.graphId ? { href: `#/graphs/${e.data.graphId}`, label: 'Open' } : null],
	'reports.report.ready': (e) => ['Report ready', 'success', e.data && e.data.reportId ? { href: `#/reports/${e.data.reportId}`, label: 'Open' } : null],
	'reports.report.failed': (e) => ['Report failed', 'error', e.data && e.data.reportId ? { href: `#/reports/${e.data.reportId}`, label: 'Open' } : null],
};
events.on('', (event) => {
	if (event.type === 'inventory.membership.changed' && me && event.data && event.data.userId === me.id) {
		// my role changed, or I joined or left a team: a new token carries it, and the live
		// connection is reopened with it so that the events follow
		api.refresh().then(() => ctx.reloadMe()).then(() => events.reconnect()).then(() => route()).catch(() => {});
		return;
	}
	const s = api.currentSession();
	if (s && event.teamId && s.teamId && event.teamId !== s.teamId) return;
	const make = TOASTS[event.type];
	if (make) {
		const [text, kind, action] = make(event);
		toast(text, kind, action);
	}
});

api.onSessionChange((s) => {
	if (!s) {
		me = null;
		events.disconnect();
		if (!PUBLIC.includes(parse().path.split('/')[0])) location.hash = '#/login';
	}
});

window.addEventListener('hashchange', route);

(async function start() {
	// The password-reset e-mail's link arrives as /?token=… (see application.yml).
	const token = new URLSearchParams(location.search).get('token');
	if (token) {
		history.replaceState(null, '', `/#/reset-password?token=${encodeURIComponent(token)}`);
	}
	if (await api.resume()) events.connect();
	route();
}());

/** Called by the login screen once tokens are in. */
export async function loggedIn(next) {
	me = null;
	await ctx.reloadMe();
	events.connect();
	location.hash = `#/${next || ''}`;
}
