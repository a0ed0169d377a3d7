// Graphs: create one for systems/clients/applications, watch it progress (events + polling as
// a fallback), view the SVG with pan, zoom, search and hover details, export SVG/PNG, copy the
// public embed link. And the impact view of an application.

import { h, mount, toast, formatTime } from '../dom.js';
import * as api from '../api.js';
import * as events from '../events.js';
import { recordPicker, recordName, showErrors, field } from '../forms.js';

const DONE = ['READY', 'FAILED'];

function statusBadge(status) {
	return h('span', { class: `badge badge-${String(status || '').toLowerCase()}` }, status || '—');
}

function items(page) {
	if (Array.isArray(page)) return page;
	return (page && (page.items || page.graphs || page.content)) || [];
}

export async function list(main, params, ctx) {
	const tbody = h('tbody');
	async function load() {
		try {
			const graphs = items(await api.get(api.teamPath('/graphs')));
			mount(tbody, graphs.length ? graphs.map((g) => h('tr', {},
				h('th', { scope: 'row' }, h('a', { href: `#/graphs/${encodeURIComponent(g.id)}` }, g.name || g.id)),
				h('td', { 'data-label': 'Status' }, statusBadge(g.status)),
				h('td', { 'data-label': 'Nodes', class: 'num' }, g.stats && g.stats.nodes !== undefined ? g.stats.nodes : '—'),
				h('td', { 'data-label': 'Edges', class: 'num' }, g.stats && g.stats.edges !== undefined ? g.stats.edges : '—'),
				h('td', { 'data-label': 'Created' }, formatTime(g.createdAt || g.requestedAt)))) : h('tr', {}, h('td', { colspan: 5, class: 'muted' }, 'No graphs yet.')));
		} catch (e) {
			mount(tbody, h('tr', {}, h('td', { colspan: 5, class: 'alert alert-error' }, e.message)));
		}
	}
	const name = h('input', { name: 'name', required: true, autocomplete: 'off', id: 'graph-name' });
	const systems = recordPicker({ collection: 'systems', label: 'Systems', name: 'systemIds' });
	const clients = recordPicker({ collection: 'clients', label: 'Clients', name: 'clientIds' });
	const apps = recordPicker({ collection: 'applications', label: 'Applications', name: 'applicationIds' });
	const dependents = h('input', { type: 'checkbox', id: 'graph-dependents', name: 'dependents' });
	const direction = h('select', { id: 'graph-direction', name: 'direction' }, h('option', { value: 'LR' }, 'Left to right'), h('option', { value: 'TB' }, 'Top to bottom'));
	const summary = h('div', { class: 'alert alert-error', role: 'alert', hidden: true });
	const scoped = (label, picker, fieldName) => {
		picker.input.id = `graph-${fieldName}`;
		return h('div', { class: 'field', 'data-field': fieldName }, h('label', { for: picker.input.id }, label), picker.element, h('small', { class: 'error', role: 'alert' }));
	};
	const formEl = h('form', { class: 'panel', novalidate: true, 'aria-labelledby': 'ng-title' },
		h('h2', { id: 'ng-title' }, 'New graph'), summary,
		h('div', { class: 'form-grid' },
			field('Name', name, { required: true }),
			scoped('Systems', systems, 'systemIds'), scoped('Clients', clients, 'clientIds'), scoped('Applications', apps, 'applicationIds'),
			field('Direction', direction),
			h('div', { class: 'field field-check', 'data-field': 'dependents' }, dependents, h('label', { for: 'graph-dependents' }, 'Also what depends on them'))),
		h('p', { class: 'muted' }, 'The graph holds the chosen applications (and those of the chosen systems and clients) and everything they depend on.'),
		h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary', id: 'graph-create' }, 'Generate graph')));
	formEl.addEventListener('submit', async (e) => {
		e.preventDefault();
		const body = { name: name.value.trim() };
		if (systems.value.length) body.systemIds = systems.value;
		if (clients.value.length) body.clientIds = clients.value;
		if (apps.value.length) body.applicationIds = apps.value;
		if (dependents.checked) body.dependents = true;
		if (direction.value !== 'LR') body.direction = direction.value;
		try {
			const graph = await api.post(api.teamPath('/graphs'), body);
			toast('Graph requested; you will be told when it is ready', 'info');
			location.hash = `#/graphs/${encodeURIComponent(graph.id)}`;
		} catch (err) {
			showErrors(formEl, err, summary);
		}
	});
	mount(main,
		h('h1', {}, 'Graphs'),
		ctx.canEdit() ? formEl : null,
		h('div', { class: 'table-wrap' }, h('table', { class: 'grid' },
			h('thead', {}, h('tr', {}, ['Name', 'Status', 'Nodes', 'Edges', 'Created'].map((c) => h('th', { scope: 'col' }, c)))), tbody)));
	await load();
	return events.on('analytics.graph.', load);
}

export async function show(main, params) {
	const id = params.id;
	const base = api.teamPath(`/graphs/${encodeURIComponent(id)}`);
	const head = h('div', { class: 'page-head' });
	const body = h('div', {});
	let timer = null;
	let stopped = false;

	async function load() {
		let graph;
		try {
			graph = await api.get(base);
		} catch (e) {
			mount(body, h('p', { class: 'alert alert-error' }, e.message));
			return;
		}
		mount(head, h('h1', {}, graph.name || 'Graph'), statusBadge(graph.status));
		if (!DONE.includes(graph.status)) {
			mount(body, h('div', { class: 'panel progress', role: 'status' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), `Building the graph (${graph.status})…`));
			clearTimeout(timer);
			if (!stopped) timer = setTimeout(load, 3000);
			return;
		}
		if (graph.status === 'FAILED') {
			mount(body, h('p', { class: 'alert alert-error' }, `The graph failed${graph.error ? `: ${graph.error}` : '.'}`));
			return;
		}
		await viewer(body, base, graph);
	}
	mount(main, h('nav', { class: 'crumbs', 'aria-label': 'Breadcrumb' }, h('a', { href: '#/graphs' }, 'Graphs'), ' / '), head, body);
	await load();
	const off = events.on('analytics.graph.', (e) => {
		if (e.data && e.data.graphId === id) load();
	});
	return () => {
		stopped = true;
		clearTimeout(timer);
		off();
	};
}

/**
 * Strips anything active from a rendered SVG while it is still in the inert parsed document,
 * before it joins the page: scripts, event attributes, javascript: links and <style>. Style
 * attributes are parked in data-style (the page's CSP refuses them as markup) and re-applied
 * through the CSSOM, which the CSP allows, once the SVG is in the page.
 */
function sanitize(svg) {
	svg.querySelectorAll('script, foreignObject, iframe, object, embed, style').forEach((n) => n.remove());
	[svg, ...svg.querySelectorAll('*')].forEach((el) => {
		for (const attr of [...el.attributes]) {
			const n = attr.name.toLowerCase();
			if (n.startsWith('on') || ((n === 'href' || n === 'xlink:href') && /^\s*javascript:/i.test(attr.value))) {
				el.removeAttribute(attr.name);
			} else if (n === 'style') {
				el.setAttribute('data-style', attr.value);
				el.removeAttribute('style');
			}
		}
	});
}

function restyle(svg) {
	svg.querySelectorAll('[data-style]').forEach((el) => {
		el.style.cssText = el.getAttribute('data-style');
		el.removeAttribute('data-style');
	});
}

let graphSheet = null;

/**
 * The SVG's own <style> rules, applied through a constructed stylesheet (CSSOM, which the CSP
 * allows) and scoped to the graph canvas so that they cannot restyle the rest of the page.
 */
function adoptStyles(styles) {
	if (typeof CSSStyleSheet === 'undefined' || !('adoptedStyleSheets' in document)) return;
	if (!graphSheet) {
		graphSheet = new CSSStyleSheet();
		document.adoptedStyleSheets = [...document.adoptedStyleSheets, graphSheet];
	}
	try {
		graphSheet.replaceSync(styles.join('\n'));
		for (const rule of [...graphSheet.cssRules]) {
			if (rule.selectorText) rule.selectorText = rule.selectorText.split(',').map((sel) => `.graph-canvas ${sel.trim()}`).join(', ');
		}
	} catch {
		graphSheet.replaceSync('');
	}
}

async function viewer(container, base, graph) {
	const stats = graph.stats || {};
	const canvas = h('div', { class: 'graph-canvas', tabindex: '0', role: 'img', 'aria-label': `Dependency graph ${graph.name || ''}: ${stats.nodes || 0} nodes, ${stats.edges || 0} edges. Arrow keys pan, plus and minus zoom.` });
	const details = h('div', { class: 'graph-details', 'aria-live': 'polite' }, h('span', { class: 'muted' }, 'Hover or focus a node for details.'));
	const search = h('input', { type: 'search', id: 'graph-search', placeholder: 'Find a node', autocomplete: 'off' });
	const found = h('span', { class: 'muted', role: 'status' });
	const link = h('input', { readonly: true, id: 'embed-link', class: 'grow', placeholder: 'Create the link to share or embed' });
	mount(container,
		h('dl', { class: 'facts inline' }, Object.entries(stats).filter(([k]) => k !== 'depthHistogram').map(([k, v]) => [h('dt', {}, k),
			h('dd', {}, v && typeof v === 'object' ? Object.entries(v).map(([a, b]) => `${a} ${b}`).join(', ') : String(v))])),
		h('div', { class: 'toolbar' },
			h('div', { class: 'field inline grow' }, h('label', { for: 'graph-search' }, 'Search'), search), found,
			h('button', { type: 'button', id: 'zoom-in', 'aria-label': 'Zoom in' }, '+'),
			h('button', { type: 'button', id: 'zoom-out', 'aria-label': 'Zoom out' }, '−'),
			h('button', { type: 'button', id: 'zoom-fit' }, 'Fit'),
			h('button', { type: 'button', id: 'export-svg' }, 'Export SVG'),
			h('button', { type: 'button', id: 'export-png' }, 'Export PNG')),
		canvas, details,
		h('div', { class: 'toolbar' }, h('label', { for: 'embed-link' }, 'Public embed link'), link,
			h('button', { type: 'button', id: 'embed-create' }, 'Create & copy link')));
	const name = (graph.name || 'graph').replace(/[^\w.-]+/g, '_');
	container.querySelector('#export-svg').addEventListener('click', () => api.download(`${base}/svg`, `${name}.svg`, 'image/svg+xml').catch((e) => toast(e.message, 'error')));
	container.querySelector('#export-png').addEventListener('click', () => api.download(`${base}/png`, `${name}.png`, 'image/png').catch((e) => toast(e.message, 'error')));
	container.querySelector('#embed-create').addEventListener('click', async () => {
		try {
			const res = await api.post(`${base}/public-link`, {});
			const url = new URL(res.url, location.origin).toString();
			link.value = url;
			link.select();
			try {
				await navigator.clipboard.writeText(url);
				toast('Embed link copied', 'success');
			} catch {
				toast('Link created — copy it from the field', 'info');
			}
		} catch (e) {
			toast(e.message, 'error');
		}
	});

	let svg;
	try {
		const text = await (await api.blob(`${base}/svg`, 'image/svg+xml')).text();
		// A parsed document inherits the page's CSP, so inline styles and handlers are taken out
		// of the markup first (quoted XML attributes) and never reach the parser as such.
		const styles = [];
		const inert = text
			.replace(/<script[\s\S]*?<\/script\s*>/gi, '')
			.replace(/<style[^>]*>([\s\S]*?)<\/style\s*>/gi, (all, css) => {
				styles.push(css.replace(/<!\[CDATA\[|\]\]>/g, ''));
				return '';
			})
			.replace(/(\s)on[a-z]+\s*=\s*("[^"]*"|'[^']*')/gi, '$1')
			.replace(/(\s)style(\s*=\s*(?:"[^"]*"|'[^']*'))/gi, '$1data-style$2');
		const doc = new DOMParser().parseFromString(inert, 'image/svg+xml');
		svg = doc.documentElement;
		if (!svg || svg.nodeName.toLowerCase() !== 'svg') throw new Error('The graph could not be read.');
		sanitize(svg);
		svg = document.importNode(svg, true);
		restyle(svg);
		adoptStyles(styles);
	} catch (e) {
		mount(canvas, h('p', { class: 'alert alert-error' }, e.message));
		return;
	}
	const width = parseFloat(svg.getAttribute('width')) || 0;
	const height = parseFloat(svg.getAttribute('height')) || 0;
	canvas.append(svg);
	svg.setAttribute('width', '100%');
	svg.setAttribute('height', '100%');
	if (!svg.getAttribute('viewBox')) {
		const box = svg.getBBox();
		svg.setAttribute('viewBox', `${box.x} ${box.y} ${box.width || width || 800} ${box.height || height || 600}`);
	}
	const initial = svg.getAttribute('viewBox').split(/[\s,]+/).map(Number);
	let view = [...initial];
	const apply = () => svg.setAttribute('viewBox', view.join(' '));
	const zoom = (factor, cx = 0.5, cy = 0.5) => {
		const [x, y, w, hgt] = view;
		const nw = w * factor;
		const nh = hgt * factor;
		view = [x + (w - nw) * cx, y + (hgt - nh) * cy, nw, nh];
		apply();
	};
	const pan = (dx, dy) => {
		view[0] += dx * view[2];
		view[1] += dy * view[3];
		apply();
	};
	container.querySelector('#zoom-in').addEventListener('click', () => zoom(0.8));
	container.querySelector('#zoom-out').addEventListener('click', () => zoom(1.25));
	container.querySelector('#zoom-fit').addEventListener('click', () => {
		view = [...initial];
		apply();
	});
	canvas.addEventListener('wheel', (e) => {
		e.preventDefault();
		const r = canvas.getBoundingClientRect();
		zoom(e.deltaY < 0 ? 0.9 : 1.1, (e.clientX - r.left) / r.width, (e.clientY - r.top) / r.height);
	}, { passive: false });
	let drag = null;
	canvas.addEventListener('pointerdown', (e) => {
		drag = { x: e.clientX, y: e.clientY };
		canvas.setPointerCapture(e.pointerId);
	});
	canvas.addEventListener('pointermove', (e) => {
		if (!drag) return;
		const r = canvas.getBoundingClientRect();
		pan(-(e.clientX - drag.x) / r.width, -(e.clientY - drag.y) / r.height);
		drag = { x: e.clientX, y: e.clientY };
	});
	canvas.addEventListener('pointerup', () => {
		drag = null;
	});
	canvas.addEventListener('keydown', (e) => {
		const moves = { ArrowLeft: [-0.1, 0], ArrowRight: [0.1, 0], ArrowUp: [0, -0.1], ArrowDown: [0, 0.1] };
		if (moves[e.key]) {
			e.preventDefault();
			pan(...moves[e.key]);
		} else if (e.key === '+' || e.key === '=') zoom(0.8);
		else if (e.key === '-') zoom(1.25);
		else if (e.key === '0') {
			view = [...initial];
			apply();
		}
	});

	// Nodes: groups with a title or text (Graphviz-style "node" groups, or any group with text).
	const nodes = [...svg.querySelectorAll('g.node')];
	const nodeList = nodes.length ? nodes : [...svg.querySelectorAll('g')].filter((g) => g.querySelector(':scope > text'));
	const describe = (g) => {
		const title = g.querySelector('title');
		const texts = [...g.querySelectorAll('text')].map((t) => t.textContent.trim()).filter(Boolean);
		return { title: g.dataset.name || texts[0] || g.id, lines: [...texts, ...(title ? title.textContent.split('\n').map((l) => l.trim()) : [])].filter(Boolean) };
	};
	nodeList.forEach((g) => {
		g.classList.add('graph-node');
		const show = () => {
			const d = describe(g);
			mount(details, h('strong', {}, d.title), d.lines.filter((l) => l !== d.title).map((l) => h('span', { class: 'muted' }, ` · ${l}`)),
				g.dataset.id ? [' ', h('a', { href: `#/impact?applicationId=${encodeURIComponent(g.dataset.id)}` }, 'impact')] : null);
		};
		g.addEventListener('mouseenter', show);
		g.addEventListener('focus', show);
	});
	search.addEventListener('input', () => {
		const q = search.value.trim().toLowerCase();
		let count = 0;
		let first = null;
		nodeList.forEach((g) => {
			const hit = q && g.textContent.toLowerCase().includes(q);
			g.classList.toggle('graph-hit', Boolean(hit));
			g.classList.toggle('graph-dim', Boolean(q) && !hit);
			if (hit) {
				count += 1;
				if (!first) first = g;
			}
		});
		found.textContent = q ? `${count} match${count === 1 ? '' : 'es'}` : '';
		if (first && first.getBBox) {
			const b = first.getBBox();
			view = [b.x + b.width / 2 - view[2] / 2, b.y + b.height / 2 - view[3] / 2, view[2], view[3]];
			apply();
		}
	});
}

export async function impact(main, params) {
	const result = h('div', { 'aria-live': 'polite' });
	const picker = recordPicker({
		collection: 'applications', label: 'Application', single: true, name: 'applicationId',
		onChange: (ids) => {
			if (ids[0]) {
				history.replaceState(null, '', `#/impact?applicationId=${encodeURIComponent(ids[0])}`);
				load(ids[0]);
			}
		},
	});
	picker.input.id = 'impact-app';
	const names = (ids) => h('ul', { class: 'name-list' }, (ids || []).length ? ids.map((x) => {
		const id = typeof x === 'string' ? x : x.id || x.applicationId || x.targetId;
		const label = h('a', { href: `#/inventory/applications/${encodeURIComponent(id)}` }, (typeof x === 'object' && x.name) || id);
		if (!(typeof x === 'object' && x.name)) recordName('applications', id).then((n) => { label.textContent = n; });
		return h('li', {}, label);
	}) : h('li', { class: 'muted' }, 'none'));
	async function load(id) {
		mount(result, h('p', { class: 'muted' }, 'Computing…'));
		try {
			const r = await api.get(api.teamPath(`/impact/${encodeURIComponent(id)}`));
			const level = Number(r.criticalLevel || 0);
			mount(result,
				h('div', { class: 'panel impact-head' }, h('span', { class: 'muted' }, 'Critical level'),
					h('strong', { class: `crit-level crit-${level >= 20 ? 'high' : level >= 5 ? 'mid' : 'low'}` }, String(r.criticalLevel ?? '—'))),
				h('div', { class: 'three-col' },
					h('section', { class: 'panel' }, h('h2', {}, `Depends on (${(r.dependencies || []).length})`), names(r.dependencies)),
					h('section', { class: 'panel' }, h('h2', {}, `Direct dependents (${(r.dependents || []).length})`), names(r.dependents)),
					h('section', { class: 'panel' }, h('h2', {}, `Depend on it, directly or not (${(r.transitiveDependents || []).length})`), names(r.transitiveDependents))),
				r.stopsWith ? h('section', { class: 'panel' }, h('h2', {}, `Stops with it (${r.stopsWith.length})`),
					h('p', { class: 'muted' }, 'A load balancer stops only when all its targets are down.'), names(r.stopsWith)) : null,
				(r.cycles || []).length ? h('section', { class: 'panel alert' }, h('h2', {}, 'Dependency cycles'),
					h('ul', {}, r.cycles.map((cycle) => h('li', {}, (Array.isArray(cycle) ? cycle : cycle.members || []).map((x) => (x && x.name) || x).join(' → '))))) : null);
		} catch (e) {
			mount(result, h('p', { class: 'alert alert-error' }, e.message));
		}
	}
	mount(main, h('h1', {}, 'Impact'),
		h('p', { class: 'muted' }, 'What breaks if an application goes down: its direct and transitive dependents.'),
		h('div', { class: 'panel' }, h('div', { class: 'field' }, h('label', { for: 'impact-app' }, 'Application'), picker.element)),
		result);
	if (params.applicationId) {
		picker.value = [params.applicationId];
		await load(params.applicationId);
	} else {
		picker.input.focus();
	}
	return undefined;
}
