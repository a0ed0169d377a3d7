// Inventory screens: a list per collection (search, filters, sorting, cursor paging — one page
// at a time, never all rows), the create/edit form (fresh data on every open, If-Match, 412
// handling, duplicate warnings while typing) and the history of a record as a diff.

import { h, mount, debounce, toast, confirmDialog, formatTime, pick, put, display } from '../dom.js';
import * as api from '../api.js';
import * as events from '../events.js';
import { collectionOf, labelOf } from './collections.js';
import { control, showErrors, forgetNames } from '../forms.js';

const PAGE_SIZE = 50;

function notFound(main, kind) {
	mount(main, h('div', { class: 'empty' }, h('h1', {}, 'Unknown inventory'), h('p', {}, `There is no inventory called “${kind}”.`)));
}

export async function list(main, params, ctx) {
	const c = collectionOf(params.kind);
	if (!c) return notFound(main, params.kind);
	const state = {
		q: params.q || '',
		sort: params.sort || (c.columns[0].sort || ''),
		filters: {},
		cursors: [null],
		page: 0,
	};
	(c.filters || []).forEach((f) => {
		if (params[f.name]) state.filters[f.name] = params[f.name];
	});
	const status = h('p', { class: 'muted', role: 'status', 'aria-live': 'polite' });
	const table = h('table', { class: 'grid' });
	const prev = h('button', { type: 'button', disabled: true }, '← Previous');
	const next = h('button', { type: 'button', disabled: true }, 'Next →');
	const pageLabel = h('span', { class: 'muted' });
	const search = h('input', { type: 'search', id: 'list-search', value: state.q, placeholder: `Search ${c.searchHint || 'name'}`, autocomplete: 'off' });
	let controller = null;

	const filters = (c.filters || []).map((f) => {
		const select = h('select', { id: `filter-${f.name.replace(/\W/g, '-')}` },
			h('option', { value: '' }, `All`), f.options.map((o) => h('option', { value: o, selected: state.filters[f.name] === o }, o)));
		select.addEventListener('change', () => {
			state.filters[f.name] = select.value;
			reset();
		});
		return h('div', { class: 'field inline' }, h('label', { for: select.id }, f.label), select);
	});

	function reset() {
		state.cursors = [null];
		state.page = 0;
		load();
	}

	async function load() {
		if (controller) controller.abort();
		controller = new AbortController();
		const query = {
			limit: PAGE_SIZE, cursor: state.cursors[state.page], sort: state.sort, q: state.q,
			...(c.fixed || {}), ...state.filters,
		};
		status.textContent = 'Loading…';
		table.setAttribute('aria-busy', 'true');
		try {
			const res = await api.call('GET', api.teamPath(`/${c.collection}${api.query(query)}`), undefined, { signal: controller.signal });
			const page = res.body;
			state.cursors[state.page + 1] = page.nextCursor;
			drawTable(page.items);
			prev.disabled = state.page === 0;
			next.disabled = !page.nextCursor;
			pageLabel.textContent = `Page ${state.page + 1}`;
			status.textContent = page.items.length ? `${page.items.length} ${page.items.length === 1 ? 'record' : 'records'} on this page` : 'No records match.';
		} catch (e) {
			if (e.name === 'AbortError') return;
			status.textContent = e.message;
			drawTable([]);
		} finally {
			table.removeAttribute('aria-busy');
		}
	}

	function sortHeader(col) {
		if (!col.sort) return h('th', { scope: 'col' }, col.label);
		const asc = state.sort === col.sort;
		const desc = state.sort === `-${col.sort}`;
		const button = h('button', { type: 'button', class: 'sort' }, col.label, h('span', { 'aria-hidden': 'true' }, asc ? ' ▲' : desc ? ' ▼' : ''));
		button.addEventListener('click', () => {
			state.sort = asc ? `-${col.sort}` : col.sort;
			reset();
		});
		return h('th', { scope: 'col', 'aria-sort': asc ? 'ascending' : desc ? 'descending' : 'none' }, button);
	}

	function drawTable(items) {
		mount(table,
			h('caption', { class: 'sr-only' }, `${c.plural}, sortable by the column buttons`),
			h('thead', {}, h('tr', {}, c.columns.map(sortHeader))),
			h('tbody', {}, items.length ? items.map((r) => h('tr', {},
				c.columns.map((col, i) => {
					const value = pick(r, col.field);
					let text = col.format ? col.format(value, r) : (col.time ? formatTime(value) : display(value));
					if (text === '' || text === undefined) text = '—';
					const cell = i === 0 ? h('a', { href: `#/inventory/${c.kind}/${encodeURIComponent(r.id)}` }, text || r.id) : (col.badge ? h('span', { class: `badge badge-${String(value).toLowerCase()}` }, text) : text);
					return h(i === 0 ? 'th' : 'td', { scope: i === 0 ? 'row' : null, class: col.numeric ? 'num' : null, 'data-label': col.label }, cell);
				}))) : h('tr', {}, h('td', { colspan: c.columns.length, class: 'muted' }, 'Nothing here yet.'))));
	}

	search.addEventListener('input', debounce(() => {
		state.q = search.value.trim();
		reset();
	}, 300));
	prev.addEventListener('click', () => {
		state.page = Math.max(0, state.page - 1);
		load();
	});
	next.addEventListener('click', () => {
		state.page += 1;
		load();
	});

	mount(main,
		h('div', { class: 'page-head' },
			h('h1', {}, c.plural),
			ctx.canEdit() ? h('a', { class: 'button primary', href: `#/inventory/${c.kind}/new` }, `New ${c.singular.toLowerCase()}`) : null),
		h('div', { class: 'toolbar', role: 'search' },
			h('div', { class: 'field inline grow' }, h('label', { for: 'list-search' }, 'Search'), search),
			filters),
		h('div', { class: 'table-wrap' }, table),
		h('div', { class: 'pager' }, prev, pageLabel, next),
		status);
	await load();
	// Another user, a sync or this user in another tab changed this collection: show it.
	const refresh = debounce(load, 500);
	return events.on('inventory.entity.changed', (e) => {
		if (e.data && e.data.collection === c.collection) refresh();
	});
}

export function create(main, params, ctx) {
	return form(main, params, ctx, null);
}

export function edit(main, params, ctx) {
	return form(main, params, ctx, params.id);
}

/** Opens the form; the record is always fetched anew, with its ETag for If-Match. */
async function form(main, params, ctx, id) {
	const c = collectionOf(params.kind);
	if (!c) return notFound(main, params.kind);
	const path = api.teamPath(`/${c.collection}`);
	let record = { ...(c.fixed || {}) };
	let etag = null;
	if (id) {
		mount(main, h('p', { class: 'muted' }, 'Loading…'));
		try {
			const res = await api.call('GET', `${path}/${encodeURIComponent(id)}`);
			record = res.body;
			etag = res.etag;
		} catch (e) {
			mount(main, h('div', { class: 'empty' }, h('h1', {}, e.status === 404 ? 'Not found' : 'Cannot open this record'), h('p', {}, e.message), h('a', { href: `#/inventory/${c.kind}` }, `Back to ${c.plural.toLowerCase()}`)));
			return undefined;
		}
	}
	const editable = ctx.canEdit();
	const summary = h('div', { class: 'alert alert-error', role: 'alert', hidden: true });
	const warnings = h('div', { class: 'warnings', 'aria-live': 'polite' });
	const formEl = h('form', { class: 'record-form', novalidate: true });
	let controls = [];

	/** The body as the form has it now (for showIf on family/engine). */
	function current() {
		const body = JSON.parse(JSON.stringify(record));
		controls.forEach(({ spec, ctl }) => {
			put(body, spec.name, ctl.read());
		});
		return body;
	}

	function build() {
		const body = controls.length ? current() : record;
		const focusedName = document.activeElement && document.activeElement.name;
		controls = [];
		const sections = [];
		let group = h('div', { class: 'form-grid' });
		sections.push(group);
		for (const spec of c.fields) {
			if (spec.showIf && !spec.showIf(body)) continue;
			if (spec.section) {
				sections.push(h('h2', { class: 'section' }, spec.section), spec.hint ? h('p', { class: 'muted' }, spec.hint) : null);
				group = h('div', { class: 'form-grid' });
				sections.push(group);
				continue;
			}
			const ctl = control(spec, body, onChange(spec));
			if (!editable) ctl.element.querySelectorAll('input, select, textarea, button').forEach((el) => { el.disabled = true; });
			controls.push({ spec, ctl });
			group.append(ctl.element);
			if (c.duplicateCheck && c.duplicateCheck.includes(spec.name) && ctl.input) watchDuplicates(spec, ctl.input);
		}
		const buttons = h('div', { class: 'actions' },
			h('a', { href: `#/inventory/${c.kind}`, class: 'button ghost' }, 'Cancel'),
			id ? h('a', { href: `#/inventory/${c.kind}/${encodeURIComponent(id)}/history`, class: 'button ghost' }, 'History') : null,
			id && editable ? h('button', { type: 'button', class: 'danger', onclick: remove }, 'Delete') : null,
			editable ? h('button', { type: 'submit', class: 'primary' }, id ? 'Save changes' : `Create ${c.singular.toLowerCase()}`) : null);
		mount(formEl, summary, warnings, sections, buttons);
		if (focusedName) {
			const again = formEl.querySelector(`[name="${CSS.escape(focusedName)}"]`);
			if (again) again.focus();
		}
	}

	function onChange(spec) {
		// Fields that decide which other fields exist rebuild the form.
		if (['family', 'database.engine'].includes(spec.name)) return () => build();
		return () => {};
	}

	const duplicateNotes = {};
	function watchDuplicates(spec, input) {
		const note = h('small', { class: 'warn-inline', 'aria-live': 'polite' });
		input.parentElement.append(note);
		duplicateNotes[spec.name] = note;
		const check = debounce(async () => {
			const v = input.value.trim();
			if (!v) {
				note.textContent = '';
				return;
			}
			try {
				const page = await api.get(`${path}${api.query({ [spec.name]: v, limit: 5, fields: spec.name })}`);
				const others = page.items.filter((r) => r.id !== id);
				note.textContent = others.length ? `⚠ ${others.length === 5 ? '5+' : others.length} other server${others.length === 1 ? '' : 's'} already use${others.length === 1 ? 's' : ''} this ${spec.label.toLowerCase()}.` : '';
				note.replaceChildren(note.textContent ? document.createTextNode(note.textContent) : '', ...others.slice(0, 3).map((o) => h('a', { href: `#/inventory/${c.kind}/${encodeURIComponent(o.id)}`, class: 'dup-link' }, ' open')));
			} catch {
				note.textContent = '';
			}
		}, 400);
		input.addEventListener('input', check);
		if (input.value) check();
	}

	async function submit(e) {
		e.preventDefault();
		// A new record sends what is filled in; an edit sends only the fields that changed (a
		// merge patch), so that fields this form does not show are kept as they are.
		const body = {};
		controls.forEach(({ spec, ctl }) => {
			const v = ctl.read();
			if (!id || JSON.stringify(v === undefined ? null : v) !== JSON.stringify(pick(record, spec.name) ?? null)) {
				put(body, spec.name, v === undefined ? null : v);
			}
		});
		if (!id) Object.assign(body, c.fixed || {});
		// Fields hidden by the family/engine choice are removed, not left behind.
		const family = body.family !== undefined ? body.family : record.family;
		const engine = body.database && body.database.engine !== undefined ? body.database.engine : record.database && record.database.engine;
		if (id && record.database && record.database.oracle && engine !== 'ORACLE') put(body, 'database.oracle', null);
		if (id && record.database && record.database.mysql && !['MYSQL', 'AURORA', 'MARIADB', 'PERCONA'].includes(engine)) put(body, 'database.mysql', null);
		if (id && family !== 'Database' && record.database) body.database = null;
		if (id && family !== 'Loadbalance' && ((record.targets && record.targets.length) || record.loadBalancer)) {
			body.targets = null;
			body.loadBalancer = null;
		}
		const submitButton = formEl.querySelector('button[type=submit]');
		submitButton.disabled = true;
		try {
			let res;
			if (id) {
				res = await api.call('PATCH', `${path}/${encodeURIComponent(id)}`, body, {
					headers: { 'If-Match': etag }, contentType: 'application/merge-patch+json',
				});
			} else {
				res = await api.call('POST', path, prune(body));
			}
			forgetNames();
			const saved = res.body;
			const warn = (saved.warnings || []).map((w) => w.message);
			toast(id ? `${c.singular} saved` : `${c.singular} created`, 'success');
			warn.forEach((w) => toast(w, 'warning'));
			location.hash = `#/inventory/${c.kind}/${encodeURIComponent(saved.id || id)}`;
			if (id) {
				record = saved;
				etag = res.etag || etag;
				controls = [];
				build();
			}
		} catch (err) {
			if (err.status === 412) {
				stale();
			} else {
				showErrors(formEl, err, summary);
			}
		} finally {
			submitButton.disabled = false;
		}
	}

	function stale() {
		summary.hidden = false;
		mount(summary,
			h('strong', {}, 'Someone changed this record after you opened it. '),
			'Your changes were not saved. ',
			h('button', {
				type: 'button', class: 'small', onclick: async () => {
					const res = await api.call('GET', `${path}/${encodeURIComponent(id)}`);
					record = res.body;
					etag = res.etag;
					controls = [];
					summary.hidden = true;
					build();
					toast('Loaded the current version', 'info');
				},
			}, 'Load the current version'));
		summary.focus();
	}

	async function remove() {
		if (!(await confirmDialog(`Delete ${labelOf(record)}?`, 'The record is soft-deleted: it disappears from lists and can be restored through the API.', 'Delete'))) return;
		try {
			await api.call('DELETE', `${path}/${encodeURIComponent(id)}`, undefined, { headers: { 'If-Match': etag } });
			toast(`${c.singular} deleted`, 'success');
			location.hash = `#/inventory/${c.kind}`;
		} catch (err) {
			if (err.status === 412) stale();
			else toast(err.message, 'error');
		}
	}

	formEl.addEventListener('submit', submit);
	summary.setAttribute('tabindex', '-1');
	build();
	mount(main,
		h('nav', { class: 'crumbs', 'aria-label': 'Breadcrumb' }, h('a', { href: `#/inventory/${c.kind}` }, c.plural), ' / '),
		h('div', { class: 'page-head' },
			h('h1', {}, id ? labelOf(record) : `New ${c.singular.toLowerCase()}`),
			id ? h('span', { class: 'muted' }, `Updated ${formatTime(record.updatedAt)}`) : null),
		record.discovery ? h('p', { class: 'alert' }, `Discovered by connection ${record.discovery.connectionId}, last seen ${formatTime(record.discovery.lastSeenAt)}${record.discovery.orphanedAt ? ` — orphaned since ${formatTime(record.discovery.orphanedAt)}` : ''}.`) : null,
		!editable ? h('p', { class: 'alert' }, 'Your role in this team is read-only.') : null,
		formEl);
	if (!id) {
		const first = formEl.querySelector('input, select');
		if (first) first.focus();
	}
	if (!id) return undefined;
	return events.on('inventory.entity.changed', (e) => {
		if (e.data && e.data.entityId === id && e.data.collection === c.collection && !api.isOwnRequest(e.correlationId)) {
			toast(`${labelOf(record)} was changed elsewhere — save will ask you to reload.`, 'warning');
		}
	});
}

/** Drops empty values from a new record's body (a create sends no nulls). */
function prune(body) {
	if (Array.isArray(body)) return body.map(prune);
	if (body && typeof body === 'object') {
		const out = {};
		for (const [k, v] of Object.entries(body)) {
			if (v === null || v === undefined) continue;
			const p = prune(v);
			if (p && typeof p === 'object' && !Array.isArray(p) && !Object.keys(p).length) continue;
			out[k] = p;
		}
		return out;
	}
	return body;
}

export async function history(main, params, ctx) {
	const c = collectionOf(params.kind);
	if (!c) return notFound(main, params.kind);
	const base = api.teamPath(`/${c.collection}/${encodeURIComponent(params.id)}`);
	let name = params.id;
	try {
		name = labelOf(await api.get(base));
	} catch {
		// a deleted record still has a history
	}
	const people = new Map();
	try {
		(await api.get(api.teamPath('/members'))).forEach((m) => people.set(m.id, m.id === ctx.me.id ? 'you' : m.name));
	} catch {
		// actors then show as ids
	}
	const entries = h('ol', { class: 'history' });
	const more = h('button', { type: 'button', hidden: true }, 'Older changes');
	let cursor = null;
	async function load() {
		const page = await api.get(`${base}/history${api.query({ cursor, limit: 25 })}`);
		page.items.forEach((item) => entries.append(entry(item, people)));
		cursor = page.nextCursor;
		more.hidden = !cursor;
		if (!entries.children.length) entries.append(h('li', { class: 'muted' }, 'No changes recorded.'));
	}
	more.addEventListener('click', load);
	mount(main,
		h('nav', { class: 'crumbs', 'aria-label': 'Breadcrumb' }, h('a', { href: `#/inventory/${c.kind}` }, c.plural), ' / ', h('a', { href: `#/inventory/${c.kind}/${encodeURIComponent(params.id)}` }, name), ' / '),
		h('h1', {}, `History of ${name}`),
		entries, more);
	await load();
}

function value(v, tag) {
	if (v === null || v === undefined) return h('span', { class: 'muted' }, '—');
	return h(tag, {}, typeof v === 'object' ? JSON.stringify(v) : String(v));
}

/** "you", a member's name, "discovery" or the raw actor id. */
function actorName(actor, people) {
	if (!actor) return 'unknown';
	if (people.has(actor)) return people.get(actor);
	if (actor.startsWith('service:')) return actor.slice(8);
	return actor;
}

function entry(item, people) {
	return h('li', { class: 'history-entry' },
		h('div', { class: 'history-head' },
			h('span', { class: `badge badge-${String(item.action).toLowerCase()}` }, item.action),
			h('time', { datetime: item.at }, formatTime(item.at)),
			h('span', { class: 'muted' }, ` by ${actorName(item.actor, people)} via ${item.source || 'user'}`)),
		(item.changes && item.changes.length) ? h('table', { class: 'diff' },
			h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Field'), h('th', { scope: 'col' }, 'Before'), h('th', { scope: 'col' }, 'After'))),
			h('tbody', {}, item.changes.map((ch) => h('tr', {},
				h('th', { scope: 'row' }, ch.field),
				h('td', { class: 'del' }, value(ch.from, 'del')),
				h('td', { class: 'ins' }, value(ch.to, 'ins')))))) : null);
}
