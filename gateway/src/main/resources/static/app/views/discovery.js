// Discovery: connections built from each provider's own credential fields (GET /api/providers),
// credential tests, syncs with live progress and history, orphans, and the confirmation of a
// sync that would orphan many records at once.

import { h, mount, toast, formatTime, nextId, confirmDialog } from '../dom.js';
import * as api from '../api.js';
import * as events from '../events.js';
import { field, showErrors } from '../forms.js';

const ACTIVE = ['PENDING', 'RUNNING'];

function items(page) {
	return Array.isArray(page) ? page : (page && page.items) || [];
}

function badge(status) {
	return h('span', { class: `badge badge-${String(status || '').toLowerCase()}` }, String(status || '—').replace(/_/g, ' '));
}

export async function list(main, params, ctx) {
	const tbody = h('tbody');
	let providers = [];
	try {
		providers = items(await api.get('/api/providers'));
	} catch (e) {
		toast(`Providers unavailable: ${e.message}`, 'error');
	}
	async function load() {
		try {
			const connections = items(await api.get(api.teamPath('/connections')));
			mount(tbody, connections.length ? connections.map((c) => h('tr', {},
				h('th', { scope: 'row' }, h('a', { href: `#/discovery/${encodeURIComponent(c.id)}` }, c.name)),
				h('td', { 'data-label': 'Provider' }, c.provider),
				h('td', { 'data-label': 'Regions' }, (c.regions || []).join(', ') || '—'),
				h('td', { 'data-label': 'Schedule' }, c.schedule && Object.keys(c.schedule).length ? Object.entries(c.schedule).map(([k, v]) => `${k}: ${v}`).join(', ') : 'manual'))) : h('tr', {}, h('td', { colspan: 4, class: 'muted' }, 'No connections yet.')));
		} catch (e) {
			mount(tbody, h('tr', {}, h('td', { colspan: 4 }, e.message)));
		}
	}
	const formHolder = h('div', {});
	const providerSelect = h('select', { id: 'conn-provider', name: 'provider' }, h('option', { value: '' }, 'Choose a provider'), providers.map((p) => h('option', { value: p.id }, p.name || p.id)));
	providerSelect.addEventListener('change', () => drawForm(providers.find((p) => p.id === providerSelect.value)));

	function drawForm(provider) {
		if (!provider) {
			formHolder.replaceChildren();
			return;
		}
		const summary = h('div', { class: 'alert alert-error', role: 'alert', hidden: true });
		const name = h('input', { name: 'name', required: true, autocomplete: 'off' });
		const creds = (provider.credentialFields || []).map((f) => {
			const input = h('input', { name: `credentials.${f.name}`, type: f.secret ? 'password' : 'text', autocomplete: 'off', required: f.required });
			const wrap = field(f.label || f.name, input, { required: f.required });
			wrap.dataset.field = `credentials.${f.name}`;
			return { f, input, wrap };
		});
		const regions = h('input', { name: 'regions', placeholder: 'eu-west-1, us-east-1', autocomplete: 'off' });
		const endpoint = h('input', { name: 'endpoint', type: 'url', placeholder: 'optional, e.g. http://localhost:4566', autocomplete: 'off' });
		const schedules = (provider.tasks || []).map((t) => {
			const input = h('input', { name: `schedule.${t.id}`, placeholder: `manual (default ${t.defaultInterval})`, autocomplete: 'off' });
			return { t, input, wrap: field(`${t.id} → ${t.collection}`, input) };
		});
		const formEl = h('form', { class: 'panel', novalidate: true, 'aria-labelledby': 'nc-title' },
			h('h2', { id: 'nc-title' }, `New ${provider.name || provider.id} connection`), summary,
			h('div', { class: 'form-grid' },
				field('Name', name, { required: true }),
				creds.map((c) => c.wrap),
				provider.regional !== false ? field('Regions (comma separated)', regions) : null,
				field('API endpoint override', endpoint, { hint: 'For LocalStack or a private cloud.' })),
			schedules.length ? h('fieldset', { class: 'field' }, h('legend', {}, 'Schedule (e.g. 6h, 1d; empty = manual only)'), h('div', { class: 'form-grid' }, schedules.map((s) => s.wrap))) : null,
			h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, 'Create connection')));
		formEl.addEventListener('submit', async (e) => {
			e.preventDefault();
			const body = { name: name.value.trim(), provider: provider.id, credentials: {} };
			creds.forEach((c) => {
				if (c.input.value) body.credentials[c.f.name] = c.input.value;
			});
			const r = regions.value.split(',').map((x) => x.trim()).filter(Boolean);
			if (r.length) body.regions = r;
			if (endpoint.value.trim()) body.endpoint = endpoint.value.trim();
			const schedule = {};
			schedules.forEach((s) => {
				if (s.input.value.trim()) schedule[s.t.id] = s.input.value.trim();
			});
			if (Object.keys(schedule).length) body.schedule = schedule;
			try {
				const created = await api.post(api.teamPath('/connections'), body);
				creds.forEach((c) => { c.input.value = ''; });
				toast('Connection created', 'success');
				location.hash = `#/discovery/${encodeURIComponent(created.id)}`;
			} catch (err) {
				showErrors(formEl, err, summary);
			}
		});
		mount(formHolder, formEl);
		name.focus();
	}

	mount(main,
		h('h1', {}, 'Discovery'),
		h('p', { class: 'muted' }, 'Connections read your clouds and keep the inventory up to date. Credentials are stored encrypted and never shown again.'),
		h('div', { class: 'table-wrap' }, h('table', { class: 'grid' },
			h('thead', {}, h('tr', {}, ['Name', 'Provider', 'Regions', 'Schedule'].map((c) => h('th', { scope: 'col' }, c)))), tbody)),
		ctx.isAdmin() ? h('section', { class: 'panel' }, h('h2', {}, 'Add a connection'), h('div', { class: 'field' }, h('label', { for: 'conn-provider' }, 'Provider'), providerSelect)) : null,
		formHolder);
	await load();
	return events.on('discovery.', load);
}

export async function show(main, params, ctx) {
	const id = params.id;
	const base = api.teamPath(`/connections/${encodeURIComponent(id)}`);
	let connection;
	try {
		connection = await api.get(base);
	} catch (e) {
		mount(main, h('div', { class: 'empty' }, h('h1', {}, 'Connection not found'), h('p', {}, e.message), h('a', { href: '#/discovery' }, 'Back to discovery')));
		return undefined;
	}
	let provider = null;
	try {
		provider = items(await api.get('/api/providers')).find((p) => p.id === connection.provider);
	} catch {
		// tasks are then not offered one by one
	}
	const testResult = h('span', { role: 'status', class: 'muted' });
	const runs = h('tbody');
	const current = h('div', { 'aria-live': 'polite' });
	const orphans = h('tbody');
	let timer = null;

	const taskBoxes = ((provider && provider.tasks) || []).map((t) => {
		const boxId = nextId('task');
		const box = h('input', { type: 'checkbox', id: boxId, value: t.id, checked: true });
		return { box, el: h('span', { class: 'check' }, box, h('label', { for: boxId }, t.id)) };
	});

	async function test() {
		testResult.textContent = 'Testing…';
		try {
			const r = await api.post(`${base}/test`, {});
			testResult.textContent = r.ok ? `✓ ${r.message || 'Credentials work'}` : `✗ ${r.message || 'Refused'}`;
			testResult.className = r.ok ? 'ok' : 'error';
		} catch (e) {
			testResult.textContent = `✗ ${e.message}`;
			testResult.className = 'error';
		}
	}

	async function sync() {
		const chosen = taskBoxes.filter((t) => t.box.checked).map((t) => t.box.value);
		const body = chosen.length && chosen.length < taskBoxes.length ? { tasks: chosen } : {};
		try {
			await api.post(`${base}/syncs`, body);
			toast('Sync requested', 'info');
			loadRuns();
		} catch (e) {
			if (e.status === 409) {
				toast('A sync of this connection is already running; its progress is shown below.', 'info');
				loadRuns();
			} else {
				toast(e.message, 'error');
			}
		}
	}

	function counts(c) {
		if (!c) return '—';
		return `+${c.created || 0} new · ${c.updated || 0} updated · ${c.unchanged || 0} unchanged · ${c.orphaned || 0} orphaned${c.failed ? ` · ${c.failed} failed` : ''}`;
	}

	async function decide(run, action) {
		const ok = await confirmDialog(action === 'confirm' ? 'Confirm the deletion?' : 'Reject the deletion?',
			action === 'confirm' ? 'The records this sync no longer saw become orphans.' : 'The records stay as they are.', action === 'confirm' ? 'Confirm' : 'Reject');
		if (!ok) return;
		try {
			await api.post(`${base}/syncs/${encodeURIComponent(run.id)}/${action}`, {});
			toast(action === 'confirm' ? 'Deletion confirmed' : 'Deletion rejected', 'success');
			loadRuns();
		} catch (e) {
			toast(e.message, 'error');
		}
	}

	async function loadRuns() {
		clearTimeout(timer);
		let list = [];
		try {
			list = items(await api.get(`${base}/syncs${api.query({ limit: 20 })}`));
		} catch (e) {
			mount(runs, h('tr', {}, h('td', { colspan: 5 }, e.message)));
			return;
		}
		mount(runs, list.length ? list.map((r) => h('tr', {},
			h('td', { 'data-label': 'Requested' }, formatTime(r.createdAt)),
			h('td', { 'data-label': 'Status' }, badge(r.status)),
			h('td', { 'data-label': 'Trigger' }, r.trigger || '—'),
			h('td', { 'data-label': 'Result' }, counts(r.counts)),
			h('td', { 'data-label': 'Error' }, r.error ? (r.error.length > 120 ? h('details', {}, h('summary', {}, `${r.error.slice(0, 120)}…`), r.error) : r.error) : ''))) : h('tr', {}, h('td', { colspan: 5, class: 'muted' }, 'No syncs yet.')));
		const latest = list[0];
		const waiting = list.find((r) => r.status === 'AWAITING_CONFIRMATION');
		const parts = [];
		if (latest && ACTIVE.includes(latest.status)) {
			const p = latest.progress || {};
			parts.push(h('div', { class: 'panel progress', role: 'status' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }),
				`Sync ${latest.status.toLowerCase()}: ${p.pages || 0} pages, ${p.records || 0} records fetched. ${counts(latest.counts)}`));
			timer = setTimeout(loadRuns, 2000);
		}
		if (waiting) {
			parts.push(h('div', { class: 'panel alert' },
				h('h2', {}, 'A mass deletion is waiting for your decision'),
				h('p', {}, `The sync of ${formatTime(waiting.createdAt)} no longer saw many records. Confirm to orphan them, or reject to keep them.`),
				h('ul', {}, (waiting.pendingScopes || []).map((s) => h('li', {}, `${s.task} ${s.region || ''} → ${s.collection}`))),
				ctx.isAdmin() ? h('div', { class: 'actions' },
					h('button', { type: 'button', onclick: () => decide(waiting, 'reject') }, 'Reject'),
					h('button', { type: 'button', class: 'danger', onclick: () => decide(waiting, 'confirm') }, 'Confirm deletion')) : h('p', { class: 'muted' }, 'An admin of the team decides.')));
		}
		mount(current, parts);
	}

	async function loadOrphans() {
		try {
			const page = await api.get(api.teamPath(`/servers${api.query({ status: 'ORPHAN', limit: 20, sort: '-updatedAt' })}`));
			const mine = page.items.filter((s) => !s.discovery || s.discovery.connectionId === id);
			mount(orphans, mine.length ? mine.map((s) => h('tr', {},
				h('th', { scope: 'row' }, h('a', { href: `#/inventory/servers/${encodeURIComponent(s.id)}` }, s.hostname)),
				h('td', { 'data-label': 'Orphaned' }, formatTime(s.discovery && s.discovery.orphanedAt)),
				h('td', { 'data-label': 'Last seen' }, formatTime(s.discovery && s.discovery.lastSeenAt)))) : h('tr', {}, h('td', { colspan: 3, class: 'muted' }, 'No orphans.')));
		} catch (e) {
			mount(orphans, h('tr', {}, h('td', { colspan: 3 }, e.message)));
		}
	}

	mount(main,
		h('nav', { class: 'crumbs', 'aria-label': 'Breadcrumb' }, h('a', { href: '#/discovery' }, 'Discovery'), ' / '),
		h('div', { class: 'page-head' }, h('h1', {}, connection.name), h('span', { class: 'badge' }, connection.provider)),
		h('dl', { class: 'facts inline' },
			h('dt', {}, 'Regions'), h('dd', {}, (connection.regions || []).join(', ') || '—'),
			h('dt', {}, 'Endpoint'), h('dd', {}, connection.endpoint || 'provider default'),
			h('dt', {}, 'Schedule'), h('dd', {}, connection.schedule && Object.keys(connection.schedule).length ? Object.entries(connection.schedule).map(([k, v]) => `${k}: ${v}`).join(', ') : 'manual')),
		ctx.canEdit() ? h('section', { class: 'panel' },
			h('div', { class: 'toolbar' },
				h('button', { type: 'button', id: 'conn-test', onclick: test }, 'Test credentials'), testResult),
			taskBoxes.length ? h('fieldset', { class: 'field' }, h('legend', {}, 'Tasks to run'), taskBoxes.map((t) => t.el)) : null,
			h('div', { class: 'actions' }, h('button', { type: 'button', class: 'primary', id: 'conn-sync', onclick: sync }, 'Run sync now'))) : null,
		current,
		h('h2', {}, 'Sync history'),
		h('div', { class: 'table-wrap' }, h('table', { class: 'grid' },
			h('thead', {}, h('tr', {}, ['Requested', 'Status', 'Trigger', 'Result', 'Error'].map((c) => h('th', { scope: 'col' }, c)))), runs)),
		h('h2', {}, 'Orphaned servers'),
		h('p', { class: 'muted' }, 'Servers the provider no longer reports. They are deleted after the grace period unless they come back.'),
		h('div', { class: 'table-wrap' }, h('table', { class: 'grid' },
			h('thead', {}, h('tr', {}, ['Server', 'Orphaned', 'Last seen'].map((c) => h('th', { scope: 'col' }, c)))), orphans)));
	await Promise.all([loadRuns(), loadOrphans()]);
	const off = events.on('discovery.sync.', (e) => {
		if (!e.data || !e.data.connectionId || e.data.connectionId === id) {
			loadRuns();
			loadOrphans();
		}
	});
	return () => {
		clearTimeout(timer);
		off();
	};
}
