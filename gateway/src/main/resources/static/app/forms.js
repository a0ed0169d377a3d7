// Form building blocks: labelled fields driven by a field spec (see views/collections.js),
// record pickers that search the API as you type, and field-error display for 400 problems.

import { h, debounce, nextId, pick } from './dom.js';
import * as api from './api.js';
import { labelOf } from './views/collections.js';

const nameCache = new Map();

/** The display name of a record id, fetched once per collection+id. */
export function recordName(collection, id) {
	const key = `${collection}/${id}`;
	if (!nameCache.has(key)) {
		nameCache.set(key, api.get(api.teamPath(`/${collection}/${encodeURIComponent(id)}`))
			.then(labelOf)
			.catch(() => `${id} (unavailable)`));
	}
	return nameCache.get(key);
}

export function forgetNames() {
	nameCache.clear();
}

/** A labelled wrapper: label, control, hint and the place its error goes. */
export function field(label, control, { hint, required, error } = {}) {
	const id = control.id || nextId();
	control.id = id;
	const hintId = hint ? `${id}-hint` : null;
	const errorId = `${id}-error`;
	control.setAttribute('aria-describedby', [hintId, errorId].filter(Boolean).join(' '));
	if (required) control.setAttribute('aria-required', 'true');
	return h('div', { class: 'field', 'data-field': control.name || '' },
		h('label', { for: id }, label, required ? h('span', { class: 'req', 'aria-hidden': 'true' }, ' *') : null),
		control,
		hint ? h('small', { id: hintId, class: 'hint' }, hint) : null,
		h('small', { id: errorId, class: 'error', role: 'alert' }, error || ''));
}

/** Shows the field errors of a 400 on the form (unknown fields go to the form-level message). */
export function showErrors(form, err, summary) {
	form.querySelectorAll('.field .error').forEach((e) => {
		e.textContent = '';
	});
	form.querySelectorAll('[aria-invalid]').forEach((e) => e.removeAttribute('aria-invalid'));
	const errors = (err && err.problem && err.problem.errors) || [];
	const unplaced = [];
	for (const e of errors) {
		const base = String(e.field || '').replace(/\[\d+\].*$/, '').replace(/\.[^.]*\[.*$/, '');
		const candidates = [e.field, base, String(e.field || '').split('.')[0]];
		let placed = false;
		for (const c of candidates) {
			const wrapper = c && form.querySelector(`.field[data-field="${CSS.escape(c)}"]`);
			if (wrapper) {
				const slot = wrapper.querySelector('.error');
				slot.textContent = slot.textContent ? `${slot.textContent}; ${e.message}` : e.message;
				const control = wrapper.querySelector('input, select, textarea');
				if (control) control.setAttribute('aria-invalid', 'true');
				placed = true;
				break;
			}
		}
		if (!placed) unplaced.push(`${e.field}: ${e.message}`);
	}
	if (summary) {
		summary.textContent = err ? [err.message, ...unplaced].join(' — ') : '';
		summary.hidden = !err;
	}
	const first = form.querySelector('[aria-invalid="true"]');
	if (first) first.focus();
}

/**
 * A picker of records from a collection: a search box listing matches (q=), selected records as
 * removable chips. single=true keeps one. onChange(ids) after each change.
 */
export function recordPicker({ collection, label, value = [], single = false, filter = {}, exclude = () => false, onChange = () => {}, name }) {
	let selected = [...(value || [])].filter(Boolean);
	const listId = nextId('pick');
	const input = h('input', {
		type: 'search', role: 'combobox', 'aria-expanded': 'false', 'aria-controls': listId, 'aria-autocomplete': 'list',
		placeholder: single ? 'Search to choose…' : 'Search to add…', autocomplete: 'off', name,
	});
	const list = h('ul', { id: listId, role: 'listbox', class: 'pick-list', hidden: true, 'aria-label': `${label} matches` });
	const chips = h('div', { class: 'chips' });
	const wrapper = h('div', { class: 'picker' }, chips, input, list);
	let active = -1;
	let results = [];

	function renderChips() {
		chips.replaceChildren();
		for (const id of selected) {
			const text = h('span', {}, id);
			recordName(collection, id).then((n) => {
				text.textContent = n;
			});
			chips.append(h('span', { class: 'chip' }, text,
				h('button', {
					type: 'button', class: 'chip-x', 'aria-label': 'Remove',
					onclick: (e) => {
						selected = selected.filter((x) => x !== id);
						renderChips();
						onChange(selected);
						e.currentTarget.blur();
						input.focus();
					},
				}, '×')));
		}
		wrapper.dataset.value = selected.join(',');
	}

	function choose(record) {
		nameCache.set(`${collection}/${record.id}`, Promise.resolve(labelOf(record)));
		if (single) selected = [record.id];
		else if (!selected.includes(record.id)) selected.push(record.id);
		input.value = '';
		close();
		renderChips();
		onChange(selected);
	}

	function close() {
		list.hidden = true;
		input.setAttribute('aria-expanded', 'false');
		input.removeAttribute('aria-activedescendant');
		active = -1;
	}

	function highlight(i) {
		const items = list.querySelectorAll('[role=option]');
		items.forEach((el, j) => el.classList.toggle('active', j === i));
		active = i;
		if (items[i]) {
			input.setAttribute('aria-activedescendant', items[i].id);
			items[i].scrollIntoView({ block: 'nearest' });
		}
	}

	const search = debounce(async () => {
		const q = input.value.trim();
		try {
			const page = await api.get(api.teamPath(`/${collection}${api.query({ q, limit: 15, ...filter })}`));
			results = page.items.filter((r) => !selected.includes(r.id) && !exclude(r));
		} catch (e) {
			results = [];
		}
		list.replaceChildren(...(results.length ? results.map((r, i) => h('li', {
			role: 'option', id: `${listId}-${i}`, class: 'pick-item',
			onmousedown: (e) => {
				e.preventDefault();
				choose(r);
			},
		}, h('strong', {}, labelOf(r)), r.family && r.family !== 'Application' ? h('span', { class: 'muted' }, ` ${r.family}`) : null,
		r.ipv4Private ? h('span', { class: 'muted' }, ` ${r.ipv4Private}`) : null)) : [h('li', { class: 'muted pick-none' }, 'No match')]));
		list.hidden = false;
		input.setAttribute('aria-expanded', 'true');
		active = -1;
	}, 250);

	input.addEventListener('input', search);
	input.addEventListener('focus', search);
	input.addEventListener('blur', () => setTimeout(close, 150));
	input.addEventListener('keydown', (e) => {
		if (e.key === 'ArrowDown') {
			e.preventDefault();
			if (list.hidden) search();
			else highlight(Math.min(active + 1, results.length - 1));
		} else if (e.key === 'ArrowUp') {
			e.preventDefault();
			highlight(Math.max(active - 1, 0));
		} else if (e.key === 'Enter' && !list.hidden && active >= 0 && results[active]) {
			e.preventDefault();
			choose(results[active]);
		} else if (e.key === 'Escape' && !list.hidden) {
			e.preventDefault();
			close();
		}
	});
	renderChips();
	return {
		element: wrapper,
		input,
		get value() {
			return selected;
		},
		set value(ids) {
			selected = [...(ids || [])];
			renderChips();
		},
	};
}

/**
 * A control for one field spec; returns {element, read(), focus}. read() gives the value to
 * send (undefined when empty, so the form can send null to clear it).
 */
export function control(spec, body, onChange) {
	const value = pick(body, spec.name);
	const type = spec.type || 'text';
	if (type === 'select') {
		const select = h('select', { name: spec.name },
			h('option', { value: '' }, '—'),
			spec.options.map((o) => h('option', { value: o, selected: value === o }, o)));
		select.addEventListener('change', onChange);
		return { element: field(spec.label, select, spec), read: () => select.value || undefined };
	}
	if (type === 'checkbox') {
		const box = h('input', { type: 'checkbox', name: spec.name, checked: value === true });
		box.addEventListener('change', onChange);
		const id = nextId();
		box.id = id;
		return {
			element: h('div', { class: 'field field-check', 'data-field': spec.name }, box, h('label', { for: id }, spec.label), h('small', { class: 'error', role: 'alert' })),
			read: () => (box.checked ? true : undefined),
		};
	}
	if (type === 'multi') {
		const boxes = spec.options.map((o) => {
			const id = nextId();
			const box = h('input', { type: 'checkbox', id, value: o, checked: Array.isArray(value) && value.includes(o) });
			return { box, el: h('span', { class: 'check' }, box, h('label', { for: id }, o)) };
		});
		return {
			element: h('fieldset', { class: 'field', 'data-field': spec.name }, h('legend', {}, spec.label), boxes.map((b) => b.el), h('small', { class: 'error', role: 'alert' })),
			read: () => {
				const v = boxes.filter((b) => b.box.checked).map((b) => b.box.value);
				return v.length ? v : undefined;
			},
		};
	}
	if (type === 'refs' || type === 'ref') {
		const picker = recordPicker({
			collection: spec.collection, label: spec.label, single: type === 'ref', name: spec.name,
			value: type === 'ref' ? (value ? [value] : []) : value || [], onChange,
		});
		picker.input.id = nextId();
		const wrapper = field(spec.label, picker.input, spec);
		wrapper.replaceChild(picker.element, picker.input);
		picker.element.insertBefore(picker.input, picker.element.querySelector('ul'));
		return {
			element: wrapper,
			read: () => (type === 'ref' ? picker.value[0] : (picker.value.length ? picker.value : undefined)),
		};
	}
	if (type === 'rows') {
		return rows(spec, Array.isArray(value) ? value : [], onChange);
	}
	let text;
	if (type === 'textarea') {
		text = h('textarea', { name: spec.name, rows: 3 }, value || '');
	} else {
		let shown = value;
		if (type === 'csv') shown = Array.isArray(value) ? value.join(', ') : '';
		if (type === 'kv') shown = value && typeof value === 'object' ? Object.entries(value).map(([k, v]) => `${k}=${v}`).join(', ') : '';
		const listId = spec.list ? nextId('dl') : null;
		text = h('input', {
			name: spec.name, type: type === 'number' ? 'number' : (type === 'url' ? 'url' : 'text'),
			value: shown === undefined || shown === null ? '' : shown, min: spec.min, max: spec.max,
			autocomplete: spec.autocomplete || 'off', list: listId, required: spec.required && !spec.showIf,
		});
		if (listId) {
			const dl = h('datalist', { id: listId }, spec.list.map((o) => h('option', { value: o })));
			const wrapped = field(spec.label, text, spec);
			wrapped.append(dl);
			text.addEventListener('input', onChange);
			return { element: wrapped, read: () => readText(type, text.value), input: text };
		}
	}
	text.addEventListener('input', onChange);
	return { element: field(spec.label, text, spec), read: () => readText(type, text.value), input: text };
}

function readText(type, raw) {
	const v = raw.trim();
	if (v === '') return undefined;
	if (type === 'number') return Number(v);
	if (type === 'csv') return v.split(',').map((x) => x.trim()).filter(Boolean);
	if (type === 'kv') {
		const out = {};
		v.split(',').map((x) => x.trim()).filter(Boolean).forEach((pair) => {
			const [k, ...rest] = pair.split('=');
			out[k.trim()] = rest.join('=').trim();
		});
		return out;
	}
	return v;
}

/** A repeatable group of sub-fields (storage[], contacts[], dependencies[] …). */
function rows(spec, initial, onChange) {
	const container = h('div', { class: 'rows' });
	const items = [];
	const add = (row) => {
		const controls = spec.fields.map((f) => ({ f, c: control({ ...f }, row || {}, onChange) }));
		const remove = h('button', { type: 'button', class: 'ghost small', 'aria-label': `Remove ${spec.label} row` }, 'Remove');
		const el = h('div', { class: 'row-item' }, controls.map((x) => x.c.element), remove);
		const item = { el, controls };
		remove.addEventListener('click', () => {
			items.splice(items.indexOf(item), 1);
			el.remove();
			onChange();
		});
		items.push(item);
		container.append(el);
		return item;
	};
	initial.forEach(add);
	const singular = spec.label.toLowerCase().replace(/ies$/, 'y').replace(/s$/, '');
	const addButton = h('button', { type: 'button', class: 'small' }, `Add ${singular}`);
	addButton.addEventListener('click', () => {
		const item = add({});
		const first = item.el.querySelector('input, select');
		if (first) first.focus();
	});
	return {
		element: h('fieldset', { class: 'field rows-field', 'data-field': spec.name }, h('legend', {}, spec.label), container, addButton, h('small', { class: 'error', role: 'alert' })),
		read: () => {
			const v = items.map((item) => {
				const o = {};
				item.controls.forEach(({ f, c }) => {
					const x = c.read();
					if (x !== undefined) o[f.name] = x;
				});
				return o;
			}).filter((o) => Object.keys(o).length);
			return v.length ? v : undefined;
		},
	};
}
