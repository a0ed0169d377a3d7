// Tiny DOM toolkit: element builder, toasts, dialogs, debounce. No framework, no inline script,
// no innerHTML with data (everything user-provided goes through text nodes).

/**
 * h('button', {class: 'primary', onclick: fn, 'aria-label': 'x'}, 'Save') → HTMLElement.
 * Children may be strings, numbers, nodes, arrays, null/undefined/false (skipped).
 */
export function h(tag, props, ...children) {
	const svg = tag.startsWith('svg:');
	const el = svg ? document.createElementNS('http://www.w3.org/2000/svg', tag.slice(4)) : document.createElement(tag);
	for (const [key, value] of Object.entries(props || {})) {
		if (value === undefined || value === null || value === false) continue;
		if (key.startsWith('on') && typeof value === 'function') {
			el.addEventListener(key.slice(2).toLowerCase(), value);
		} else if (key === 'class') {
			el.setAttribute('class', Array.isArray(value) ? value.filter(Boolean).join(' ') : value);
		} else if (key === 'value' && !svg) {
			el.value = value;
		} else if (key === 'checked' || key === 'selected' || key === 'disabled' || key === 'multiple') {
			el[key] = Boolean(value);
		} else if (key === 'ref' && typeof value === 'function') {
			value(el);
		} else {
			el.setAttribute(key, value === true ? '' : String(value));
		}
	}
	append(el, children);
	return el;
}

function append(el, children) {
	for (const child of children) {
		if (child === null || child === undefined || child === false) continue;
		if (Array.isArray(child)) append(el, child);
		else el.append(child instanceof Node ? child : document.createTextNode(String(child)));
	}
}

/** Replaces the content of el with the given children. */
export function mount(el, ...children) {
	el.replaceChildren();
	append(el, children);
	return el;
}

export function debounce(fn, ms) {
	let timer;
	return (...args) => {
		clearTimeout(timer);
		timer = setTimeout(() => fn(...args), ms);
	};
}

let uid = 0;
/** A unique id for label/input pairs. */
export function nextId(prefix = 'f') {
	uid += 1;
	return `${prefix}-${uid}`;
}

/** Toasts go to the aria-live region of index.html, so screen readers announce them. */
export function toast(message, kind = 'info', action) {
	const region = document.getElementById('toasts');
	if (!region) return;
	const close = h('button', { class: 'icon', 'aria-label': 'Dismiss notification', type: 'button' }, '×');
	const item = h('div', { class: `toast toast-${kind}`, role: kind === 'error' ? 'alert' : null },
		h('span', { class: 'toast-text' }, message),
		action ? h('a', { href: action.href, class: 'toast-action' }, action.label) : null,
		close);
	const remove = () => item.remove();
	close.addEventListener('click', remove);
	region.append(item);
	setTimeout(remove, kind === 'error' ? 10000 : 6000);
}

/**
 * A modal dialog built on <dialog> (focus trap and Escape come with it). Returns the dialog;
 * content(close) builds its body. Focus goes back where it was when it closes.
 */
export function dialog(title, content) {
	const previous = document.activeElement;
	const titleId = nextId('dlg');
	const dlg = h('dialog', { class: 'modal', 'aria-labelledby': titleId });
	const close = () => {
		dlg.close();
	};
	dlg.addEventListener('close', () => {
		dlg.remove();
		if (previous && previous.focus) previous.focus();
	});
	dlg.append(h('header', { class: 'modal-head' },
		h('h2', { id: titleId }, title),
		h('button', { class: 'icon', type: 'button', 'aria-label': 'Close', onclick: close }, '×')),
	h('div', { class: 'modal-body' }, content(close)));
	document.body.append(dlg);
	dlg.showModal();
	const first = dlg.querySelector('.modal-body input, .modal-body select, .modal-body textarea, .modal-body button');
	if (first) first.focus();
	return dlg;
}

export function confirmDialog(title, message, confirmLabel = 'Confirm') {
	return new Promise((resolve) => {
		let answered = false;
		const dlg = dialog(title, (close) => [
			h('p', {}, message),
			h('div', { class: 'actions' },
				h('button', { type: 'button', onclick: () => close() }, 'Cancel'),
				h('button', { type: 'button', class: 'danger', onclick: () => { answered = true; close(); } }, confirmLabel)),
		]);
		dlg.addEventListener('close', () => resolve(answered));
	});
}

export function formatTime(iso) {
	if (!iso) return '';
	const d = new Date(iso);
	return Number.isNaN(d.getTime()) ? String(iso) : d.toLocaleString();
}

/** Reads a dotted path ('os.base') from an object. */
export function pick(obj, path) {
	return path.split('.').reduce((o, k) => (o == null ? undefined : o[k]), obj);
}

/** Sets a dotted path, creating objects on the way. */
export function put(obj, path, value) {
	const keys = path.split('.');
	let o = obj;
	keys.slice(0, -1).forEach((k) => {
		if (o[k] == null || typeof o[k] !== 'object') o[k] = {};
		o = o[k];
	});
	o[keys[keys.length - 1]] = value;
}

export function display(value) {
	if (value === null || value === undefined || value === '') return '—';
	if (Array.isArray(value)) return value.map(display).join(', ');
	if (typeof value === 'object') return JSON.stringify(value);
	return String(value);
}
