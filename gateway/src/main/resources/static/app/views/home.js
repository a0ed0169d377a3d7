// Overview: what the team holds (first page counts, never a full scan) and the latest changes.

import { h, mount, formatTime } from '../dom.js';
import * as api from '../api.js';
import * as events from '../events.js';
import { COLLECTIONS } from './collections.js';
import { recordName } from '../forms.js';

const KINDS = new Set(COLLECTIONS.map((c) => c.kind));

/** A link to the changed record, named once its name is known (deleted records keep their id). */
function entityLink(e) {
	const label = h('span', {}, `${e.collection || ''} ${e.entityId || ''}`);
	if (e.collection && e.entityId) {
		recordName(e.collection, e.entityId).then((n) => {
			label.textContent = `${e.collection}: ${n}`;
		});
	}
	return KINDS.has(e.collection) ? h('a', { href: `#/inventory/${e.collection}/${encodeURIComponent(e.entityId || '')}` }, label) : label;
}

export async function home(main, params, ctx) {
	const team = ctx.team;
	const cards = h('div', { class: 'cards', 'aria-busy': 'true' }, h('p', { class: 'muted' }, 'Counting…'));
	const recent = h('ol', { class: 'history compact' }, h('li', { class: 'muted' }, 'Loading…'));
	mount(main,
		h('div', { class: 'page-head' }, h('h1', {}, team ? team.name : 'Overview'), team ? h('span', { class: 'badge' }, team.role) : null),
		h('section', { 'aria-labelledby': 'inv-title' }, h('h2', { id: 'inv-title' }, 'Inventory'), cards),
		h('section', { class: 'panel', 'aria-labelledby': 'recent-title' }, h('h2', { id: 'recent-title' }, 'Latest changes'), recent),
		h('section', { class: 'panel quick' }, h('h2', {}, 'Quick actions'),
			h('div', { class: 'actions start' },
				ctx.canEdit() ? h('a', { class: 'button', href: '#/inventory/servers/new' }, 'New server') : null,
				ctx.canEdit() ? h('a', { class: 'button', href: '#/inventory/applications/new' }, 'New application') : null,
				h('a', { class: 'button', href: '#/dependencies' }, 'Link dependencies'),
				h('a', { class: 'button', href: '#/graphs' }, 'Graphs'),
				h('a', { class: 'button', href: '#/reports' }, 'Reports'))));
	if (!team) return undefined;

	async function load() {
		const shown = COLLECTIONS.filter((c) => c.nav);
		const counts = await Promise.all(shown.map(async (c) => {
			try {
				// one small page: "100+" rather than counting 100,000 rows
				const page = await api.get(api.teamPath(`/${c.collection || c.kind}${api.query({ limit: 100, fields: 'id', ...(c.fixed || {}) })}`));
				return `${page.items.length}${page.nextCursor ? '+' : ''}`;
			} catch {
				return '—';
			}
		}));
		cards.removeAttribute('aria-busy');
		mount(cards, shown.map((c, i) => h('a', { class: 'card', href: `#/inventory/${c.kind}` }, h('span', { class: 'card-count' }, counts[i]), h('span', { class: 'card-label' }, c.plural))));
		try {
			const page = await api.get(api.teamPath(`/history${api.query({ limit: 10 })}`));
			mount(recent, page.items.length ? page.items.map((e) => h('li', { class: 'history-entry' },
				h('span', { class: `badge badge-${String(e.action).toLowerCase()}` }, e.action),
				' ', entityLink(e),
				h('span', { class: 'muted' }, ` ${formatTime(e.at)} · ${(e.changes || []).map((c) => c.field).slice(0, 4).join(', ')}`))) : h('li', { class: 'muted' }, 'No changes yet. Create a server to get started.'));
		} catch {
			mount(recent, h('li', { class: 'muted' }, 'History unavailable.'));
		}
	}
	await load();
	let pending = null;
	return events.on('inventory.entity.changed', () => {
		clearTimeout(pending);
		pending = setTimeout(load, 800);
	});
}
