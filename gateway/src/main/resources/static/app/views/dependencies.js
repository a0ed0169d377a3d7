// The dependency-tree maker: pick an application, search and pick what it depends on, choose a
// protocol, save with one PATCH (If-Match), and move on to the next application — without
// opening each application's form.

import { h, mount, toast } from '../dom.js';
import * as api from '../api.js';
import { recordPicker, recordName, forgetNames } from '../forms.js';
import { PROTOCOLS, labelOf } from './collections.js';

export function render(main, params, ctx) {
	const editor = h('section', { class: 'panel', 'aria-live': 'polite' }, h('p', { class: 'muted' }, 'Choose an application to see and edit what it depends on.'));
	const sourcePicker = recordPicker({
		collection: 'applications', label: 'Application', single: true, name: 'source',
		onChange: (ids) => {
			if (ids[0]) open(ids[0]);
		},
	});
	sourcePicker.input.id = 'dep-source';

	async function open(id) {
		mount(editor, h('p', { class: 'muted' }, 'Loading…'));
		let res;
		try {
			res = await api.call('GET', api.teamPath(`/applications/${encodeURIComponent(id)}`));
		} catch (e) {
			mount(editor, h('p', { class: 'alert alert-error' }, e.message));
			return;
		}
		const app = res.body;
		let etag = res.etag;
		let deps = (app.dependencies || []).map((d) => ({ ...d }));
		const list = h('ul', { class: 'dep-list' });
		const protocol = h('select', { id: 'dep-protocol' }, PROTOCOLS.map((p) => h('option', { value: p }, p)));
		const endpoint = h('input', { id: 'dep-endpoint', placeholder: 'optional, e.g. db.internal:1521', autocomplete: 'off' });
		const targetPicker = recordPicker({
			collection: 'applications', label: 'Depends on', name: 'target',
			exclude: (r) => r.id === id || deps.some((d) => d.targetId === r.id),
			onChange: (ids) => {
				ids.forEach((t) => {
					if (!deps.some((d) => d.targetId === t)) deps.push({ targetId: t, protocol: protocol.value, endpoint: endpoint.value.trim() || undefined });
				});
				targetPicker.value = [];
				draw();
				targetPicker.input.focus();
			},
		});
		targetPicker.input.id = 'dep-target';
		const save = h('button', { type: 'button', class: 'primary', id: 'dep-save', disabled: !ctx.canEdit() }, 'Save dependencies');
		const state = h('span', { class: 'muted', role: 'status' });

		function draw() {
			mount(list, deps.length ? deps.map((d, i) => {
				const name = h('span', { class: 'dep-name' }, d.targetId);
				recordName('applications', d.targetId).then((n) => { name.textContent = n; });
				const proto = h('select', { 'aria-label': 'Protocol' }, PROTOCOLS.concat(d.protocol && !PROTOCOLS.includes(d.protocol) ? [d.protocol] : []).map((p) => h('option', { value: p, selected: p === d.protocol }, p)));
				proto.addEventListener('change', () => {
					d.protocol = proto.value;
					state.textContent = 'Unsaved changes';
				});
				return h('li', { class: 'dep-item' },
					h('span', { class: 'dep-arrow', 'aria-hidden': 'true' }, '→'), name, proto,
					d.endpoint ? h('code', {}, d.endpoint) : null,
					h('a', { href: `#/inventory/applications/${encodeURIComponent(d.targetId)}`, class: 'small' }, 'open'),
					h('button', {
						type: 'button', class: 'ghost small', 'aria-label': 'Remove dependency',
						onclick: () => {
							deps.splice(i, 1);
							draw();
							state.textContent = 'Unsaved changes';
						},
					}, 'Remove'));
			}) : h('li', { class: 'muted' }, 'No dependencies yet.'));
			state.textContent = 'Unsaved changes';
		}

		save.addEventListener('click', async () => {
			save.disabled = true;
			try {
				const body = { dependencies: deps.map((d) => ({ targetId: d.targetId, protocol: d.protocol || undefined, endpoint: d.endpoint || undefined })) };
				const saved = await api.call('PATCH', api.teamPath(`/applications/${encodeURIComponent(id)}`), body, {
					headers: { 'If-Match': etag }, contentType: 'application/merge-patch+json',
				});
				etag = saved.etag || etag;
				forgetNames();
				state.textContent = 'Saved';
				toast(`Dependencies of ${labelOf(app)} saved`, 'success');
			} catch (e) {
				if (e.status === 412) {
					toast('This application changed meanwhile; its current dependencies are loaded again.', 'warning');
					open(id);
				} else {
					toast(e.problem && e.problem.errors ? e.problem.errors.map((x) => `${x.field}: ${x.message}`).join('; ') : e.message, 'error');
				}
			} finally {
				save.disabled = !ctx.canEdit();
			}
		});

		mount(editor,
			h('h2', {}, labelOf(app), h('span', { class: 'muted' }, ` ${app.family || 'Application'}`)),
			list,
			ctx.canEdit() ? h('div', { class: 'dep-add' },
				h('div', { class: 'field' }, h('label', { for: 'dep-protocol' }, 'Protocol'), protocol),
				h('div', { class: 'field' }, h('label', { for: 'dep-endpoint' }, 'Endpoint'), endpoint),
				h('div', { class: 'field grow' }, h('label', { for: 'dep-target' }, 'Add a dependency (search)'), targetPicker.element)) : null,
			h('div', { class: 'actions' }, state, h('a', { class: 'button ghost', href: `#/impact?applicationId=${encodeURIComponent(id)}` }, 'Impact'), save));
		draw();
		state.textContent = '';
	}

	mount(main,
		h('h1', {}, 'Dependency maker'),
		h('p', { class: 'muted' }, 'Link applications to what they need: pick one, search its dependencies, choose the protocol, save. Then pick the next.'),
		h('div', { class: 'panel' }, h('div', { class: 'field' }, h('label', { for: 'dep-source' }, 'Application'), sourcePicker.element)),
		editor);
	if (params.applicationId) {
		sourcePicker.value = [params.applicationId];
		open(params.applicationId);
	}
	sourcePicker.input.focus();
}
