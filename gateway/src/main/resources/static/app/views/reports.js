// Reports: a builder for general reports (one entity, filters) and pivot reports (clients →
// systems → applications → servers, filters per level), downloads in every format, schedules.

import { h, mount, toast, formatTime, nextId, confirmDialog } from '../dom.js';
import * as api from '../api.js';
import * as events from '../events.js';
import { field, showErrors } from '../forms.js';

const ENTITIES = ['servers', 'applications', 'datacenters', 'systems', 'clients', 'services', 'volumes', 'snapshots', 'images', 'networks', 'flavors'];
const LEVELS = ['clients', 'systems', 'applications', 'servers'];
const OPS = ['equals', 'notEquals', 'contains', 'notContains', 'greater', 'less', 'before', 'after', 'in', 'exists'];
const FORMATS = [
	{ id: 'csv', label: 'CSV', accept: 'text/csv', ext: 'csv' },
	{ id: 'xlsx', label: 'Excel', accept: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', ext: 'xlsx' },
	{ id: 'pdf', label: 'PDF', accept: 'application/pdf', ext: 'pdf' },
	{ id: 'json', label: 'JSON', accept: 'application/json', ext: 'json' },
	{ id: 'ansible', label: 'Ansible inventory', accept: 'text/plain', ext: 'ini' },
];

function items(page) {
	return Array.isArray(page) ? page : (page && page.items) || [];
}

function badge(status) {
	return h('span', { class: `badge badge-${String(status || '').toLowerCase()}` }, status || '—');
}

/** Rows of {field, op, value} conditions. */
function filterEditor(label) {
	const rows = h('div', { class: 'rows' });
	const list = [];
	const add = (f = {}) => {
		const fieldInput = h('input', { 'aria-label': `${label}: field`, placeholder: 'field, e.g. os.base', value: f.field || '', autocomplete: 'off' });
		const op = h('select', { 'aria-label': `${label}: operator` }, OPS.map((o) => h('option', { value: o, selected: o === (f.op || 'equals') }, o)));
		const value = h('input', { 'aria-label': `${label}: value`, placeholder: 'value (in: a, b, c)', value: f.value === undefined ? '' : f.value, autocomplete: 'off' });
		const remove = h('button', { type: 'button', class: 'ghost small' }, 'Remove');
		const el = h('div', { class: 'filter-row' }, fieldInput, op, value, remove);
		const item = { fieldInput, op, value, el };
		remove.addEventListener('click', () => {
			list.splice(list.indexOf(item), 1);
			el.remove();
		});
		list.push(item);
		rows.append(el);
		fieldInput.focus();
	};
	const addButton = h('button', { type: 'button', class: 'small' }, 'Add condition');
	addButton.addEventListener('click', () => add());
	return {
		element: h('fieldset', { class: 'field' }, h('legend', {}, label), rows, addButton),
		read: () => list.filter((x) => x.fieldInput.value.trim()).map((x) => {
			const raw = x.value.value.trim();
			let value = raw;
			if (x.op.value === 'in') value = raw.split(',').map((v) => v.trim()).filter(Boolean);
			else if (x.op.value === 'exists') value = raw === '' ? true : raw !== 'false';
			else if (['greater', 'less'].includes(x.op.value) && raw !== '' && !Number.isNaN(Number(raw))) value = Number(raw);
			return { field: x.fieldInput.value.trim(), op: x.op.value, value };
		}),
	};
}

function scheduleFields() {
	const kind = h('select', { name: 'scheduleKind' }, h('option', { value: '' }, 'No schedule'), h('option', { value: 'interval' }, 'Every…'), h('option', { value: 'cron' }, 'Cron (UTC)'));
	const value = h('input', { name: 'schedule', placeholder: 'e.g. 1h, 1d — or 0 0 6 * * MON-FRI', autocomplete: 'off' });
	const wrap = h('div', { class: 'form-grid', 'data-field': 'schedule' }, field('Refresh', kind), field('Interval or cron', value));
	return {
		element: wrap,
		read: () => (kind.value && value.value.trim() ? { [kind.value]: value.value.trim() } : undefined),
	};
}

export async function list(main, params, ctx) {
	const tbody = h('tbody');
	async function load() {
		try {
			const reports = items(await api.get(api.teamPath(`/reports${api.query({ limit: 50 })}`)));
			mount(tbody, reports.length ? reports.map((r) => h('tr', {},
				h('th', { scope: 'row' }, h('a', { href: `#/reports/${encodeURIComponent(r.id)}` }, r.name)),
				h('td', { 'data-label': 'Type' }, r.type === 'pivot' ? 'pivot' : `general · ${r.entity}`),
				h('td', { 'data-label': 'Status' }, badge(r.status)),
				h('td', { 'data-label': 'Rows', class: 'num' }, r.rows ?? '—'),
				h('td', { 'data-label': 'Generated' }, formatTime(r.generatedAt)),
				h('td', { 'data-label': 'Schedule' }, r.schedule ? (r.schedule.cron || r.schedule.interval) : '—'))) : h('tr', {}, h('td', { colspan: 6, class: 'muted' }, 'No reports yet.')));
		} catch (e) {
			mount(tbody, h('tr', {}, h('td', { colspan: 6 }, e.message)));
		}
	}

	const summary = h('div', { class: 'alert alert-error', role: 'alert', hidden: true });
	const name = h('input', { name: 'name', required: true, autocomplete: 'off', id: 'report-name' });
	const typeId = nextId('type');
	const general = h('input', { type: 'radio', name: 'type', value: 'general', id: `${typeId}-g`, checked: true });
	const pivot = h('input', { type: 'radio', name: 'type', value: 'pivot', id: `${typeId}-p` });
	const entity = h('select', { name: 'entity', id: 'report-entity' }, ENTITIES.map((e) => h('option', { value: e }, e)));
	const columns = h('input', { name: 'columns', placeholder: 'default columns', autocomplete: 'off' });
	const filters = filterEditor('Filters');
	const levelEditors = LEVELS.map((l) => {
		const box = h('input', { type: 'checkbox', id: nextId('lvl'), checked: true });
		const editor = filterEditor(`${l} filters`);
		return { level: l, box, editor, el: h('div', { class: 'level' }, h('span', { class: 'check' }, box, h('label', { for: box.id }, l)), editor.element) };
	});
	const schedule = scheduleFields();
	const generalPart = h('div', {}, h('div', { class: 'form-grid' }, field('Entity', entity), field('Columns (comma separated)', columns)), filters.element);
	const pivotPart = h('div', { hidden: true, 'data-field': 'levels' }, h('p', { class: 'muted' }, 'Rows follow clients → systems → applications → servers; filter each level.'), levelEditors.map((l) => l.el));
	const onType = () => {
		generalPart.hidden = !general.checked;
		pivotPart.hidden = general.checked;
	};
	general.addEventListener('change', onType);
	pivot.addEventListener('change', onType);
	const formEl = h('form', { class: 'panel', novalidate: true, 'aria-labelledby': 'nr-title' },
		h('h2', { id: 'nr-title' }, 'New report'), summary,
		h('div', { class: 'form-grid' }, field('Name', name, { required: true }),
			h('fieldset', { class: 'field', 'data-field': 'type' }, h('legend', {}, 'Type'),
				h('span', { class: 'check' }, general, h('label', { for: general.id }, 'General')),
				h('span', { class: 'check' }, pivot, h('label', { for: pivot.id }, 'Pivot')))),
		generalPart, pivotPart, schedule.element,
		h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary', id: 'report-create' }, 'Generate report')));
	formEl.addEventListener('submit', async (e) => {
		e.preventDefault();
		const body = { name: name.value.trim(), type: general.checked ? 'general' : 'pivot' };
		if (general.checked) {
			body.entity = entity.value;
			body.filters = filters.read();
			const cols = columns.value.split(',').map((c) => c.trim()).filter(Boolean);
			if (cols.length) body.columns = cols;
		} else {
			body.levels = {};
			levelEditors.filter((l) => l.box.checked).forEach((l) => {
				body.levels[l.level] = { filters: l.editor.read() };
			});
		}
		const s = schedule.read();
		if (s) body.schedule = s;
		try {
			const created = await api.post(api.teamPath('/reports'), body);
			toast('Report requested; you will be told when it is ready', 'info');
			location.hash = `#/reports/${encodeURIComponent(created.id)}`;
		} catch (err) {
			showErrors(formEl, err, summary);
		}
	});
	mount(main,
		h('h1', {}, 'Reports'),
		ctx.canEdit() ? formEl : null,
		h('div', { class: 'table-wrap' }, h('table', { class: 'grid' },
			h('thead', {}, h('tr', {}, ['Name', 'Type', 'Status', 'Rows', 'Generated', 'Schedule'].map((c) => h('th', { scope: 'col' }, c)))), tbody)));
	await load();
	return events.on('reports.', load);
}

export async function show(main, params, ctx) {
	const id = params.id;
	const base = api.teamPath(`/reports/${encodeURIComponent(id)}`);
	const body = h('div', {});
	let timer = null;
	let stopped = false;

	async function load() {
		clearTimeout(timer);
		let report;
		try {
			report = await api.get(base);
		} catch (e) {
			mount(body, h('p', { class: 'alert alert-error' }, e.message));
			return;
		}
		const ready = report.status === 'READY';
		const safeName = (report.name || 'report').replace(/[^\w.-]+/g, '_');
		const downloads = h('div', { class: 'toolbar', role: 'group', 'aria-label': 'Download' },
			h('span', { class: 'muted' }, 'Download:'),
			FORMATS.map((f) => h('button', {
				type: 'button', id: `download-${f.id}`,
				disabled: !ready || (f.id === 'ansible' && !(report.entity === 'servers' || (report.levels && report.levels.servers))),
				title: f.id === 'ansible' ? 'An INI inventory of the servers (servers reports and pivots with a servers level)' : null,
				onclick: () => api.download(`${base}/result${api.query({ format: f.id })}`, `${safeName}.${f.ext}`, f.accept).catch((e) => toast(e.message, 'error')),
			}, f.label)));
		const preview = h('div', { class: 'table-wrap' });
		if (ready) {
			api.get(`${base}/result${api.query({ format: 'json', limit: 50 })}`).then((data) => {
				let rows = [];
				if (Array.isArray(data)) rows = data;
				else if (data && Array.isArray(data.items)) rows = data.items;
				else if (data && Array.isArray(data.rows)) rows = data.rows;
				if (!rows.length || typeof rows[0] !== 'object') {
					mount(preview, h('p', { class: 'muted' }, 'No rows.'));
					return;
				}
				const cols = (data && Array.isArray(data.columns) && data.columns.length) ? data.columns : Object.keys(rows[0]);
				const total = data && typeof data.rows === 'number' ? data.rows : rows.length;
				mount(preview, h('table', { class: 'grid' },
					h('caption', {}, `Preview: first ${Math.min(rows.length, 50)} of ${total} rows`),
					h('thead', {}, h('tr', {}, cols.map((c) => h('th', { scope: 'col' }, c)))),
					h('tbody', {}, rows.slice(0, 50).map((r) => h('tr', {}, cols.map((c) => h('td', { 'data-label': c }, r[c] === null || r[c] === undefined ? '' : typeof r[c] === 'object' ? JSON.stringify(r[c]) : String(r[c]))))))));
			}).catch(() => mount(preview, h('p', { class: 'muted' }, 'Preview unavailable.')));
		}
		const schedule = scheduleFields();
		const scheduleSummary = h('div', { class: 'alert alert-error', role: 'alert', hidden: true });
		const scheduleForm = h('form', { class: 'panel', novalidate: true, 'aria-labelledby': 'sch-title' },
			h('h2', { id: 'sch-title' }, 'Scheduled refresh'),
			h('p', { class: 'muted' }, report.schedule ? `Now: ${report.schedule.cron || report.schedule.interval}; next run ${formatTime(report.nextRunAt)}` : 'Not scheduled.'),
			scheduleSummary, schedule.element,
			h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Save schedule')));
		scheduleForm.addEventListener('submit', async (e) => {
			e.preventDefault();
			try {
				await api.call('PATCH', base, { schedule: schedule.read() || null }, { contentType: 'application/merge-patch+json' });
				toast('Schedule saved', 'success');
				load();
			} catch (err) {
				showErrors(scheduleForm, err, scheduleSummary);
			}
		});
		mount(body,
			h('div', { class: 'page-head' }, h('h1', {}, report.name), badge(report.status)),
			h('dl', { class: 'facts inline' },
				h('dt', {}, 'Type'), h('dd', {}, report.type === 'pivot' ? 'pivot' : `general · ${report.entity}`),
				h('dt', {}, 'Rows'), h('dd', {}, String(report.rows ?? '—')),
				h('dt', {}, 'Generated'), h('dd', {}, formatTime(report.generatedAt) || '—'),
				h('dt', {}, 'Filters'), h('dd', {}, (report.filters || []).map((f) => `${f.field} ${f.op} ${JSON.stringify(f.value)}`).join('; ') || 'none')),
			report.error ? h('p', { class: 'alert alert-error' }, report.error) : null,
			!ready && report.status !== 'FAILED' ? h('div', { class: 'panel progress', role: 'status' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), `Generating (${report.status})…`) : null,
			downloads,
			ctx.canEdit() ? h('div', { class: 'actions' },
				h('button', {
					type: 'button', onclick: async () => {
						try {
							await api.post(`${base}/runs`, {});
							toast('Refresh requested', 'info');
							load();
						} catch (e) {
							toast(e.message, 'error');
						}
					},
				}, 'Refresh now'),
				h('button', {
					type: 'button', class: 'danger', onclick: async () => {
						if (!(await confirmDialog(`Delete ${report.name}?`, 'The report and its results are removed.', 'Delete'))) return;
						try {
							await api.call('DELETE', base);
							location.hash = '#/reports';
						} catch (e) {
							toast(e.message, 'error');
						}
					},
				}, 'Delete')) : null,
			preview,
			ctx.canEdit() ? scheduleForm : null);
		if (!ready && report.status !== 'FAILED' && !stopped) timer = setTimeout(load, 3000);
	}
	mount(main, h('nav', { class: 'crumbs', 'aria-label': 'Breadcrumb' }, h('a', { href: '#/reports' }, 'Reports'), ' / '), body);
	await load();
	const off = events.on('reports.report.', (e) => {
		if (e.data && e.data.reportId === id) load();
	});
	return () => {
		stopped = true;
		clearTimeout(timer);
		off();
	};
}
