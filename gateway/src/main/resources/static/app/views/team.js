// Profile (name, e-mail, password change, teams) and the current team's members and roles.

import { h, mount, nextId, toast, confirmDialog } from '../dom.js';
import * as api from '../api.js';
import { field, showErrors } from '../forms.js';

const ROLES = ['VIEWER', 'EDITOR', 'ADMIN', 'OWNER'];

export function profile(main, params, ctx) {
	const me = ctx.me;
	const current = h('input', { type: 'password', name: 'currentPassword', autocomplete: 'current-password', required: true });
	const next = h('input', { type: 'password', name: 'newPassword', autocomplete: 'new-password', required: true });
	const summary = h('div', { class: 'alert alert-error', role: 'alert', hidden: true });
	const pwForm = h('form', { class: 'panel', novalidate: true, 'aria-labelledby': 'pw-title' },
		h('h2', { id: 'pw-title' }, 'Change password'), summary,
		field('Current password', current, { required: true }),
		field('New password', next, { required: true, hint: 'At least 10 characters. Other sessions are logged out.' }),
		h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, 'Change password')));
	pwForm.addEventListener('submit', async (e) => {
		e.preventDefault();
		try {
			await api.call('POST', '/api/me/password', { currentPassword: current.value, newPassword: next.value });
			current.value = '';
			next.value = '';
			showErrors(pwForm, null, summary);
			toast('Password changed', 'success');
		} catch (err) {
			showErrors(pwForm, err, summary);
		}
	});
	const teamName = h('input', { name: 'name', required: true, autocomplete: 'off' });
	const teamSummary = h('div', { class: 'alert alert-error', role: 'alert', hidden: true });
	const teamForm = h('form', { class: 'panel', novalidate: true, 'aria-labelledby': 'nt-title' },
		h('h2', { id: 'nt-title' }, 'Create a team'), teamSummary,
		field('Team name', teamName, { required: true }),
		h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, 'Create team')));
	teamForm.addEventListener('submit', async (e) => {
		e.preventDefault();
		try {
			const team = await api.post('/api/teams', { name: teamName.value.trim() });
			await api.refresh();
			api.setSessionValue('teamId', team.id);
			await ctx.reloadMe();
			toast(`Team ${team.name} created; you are its owner`, 'success');
			ctx.navigate('team');
		} catch (err) {
			showErrors(teamForm, err, teamSummary);
		}
	});
	mount(main,
		h('h1', {}, 'Profile'),
		h('section', { class: 'panel' },
			h('dl', { class: 'facts' },
				h('dt', {}, 'Name'), h('dd', {}, me.name),
				h('dt', {}, 'E-mail'), h('dd', {}, me.email),
				h('dt', {}, 'Teams'), h('dd', {}, me.teams.map((t) => `${t.name} (${t.role.toLowerCase()})`).join(', ')))),
		h('div', { class: 'two-col' }, pwForm, teamForm));
}

export async function team(main, params, ctx) {
	const t = ctx.team;
	if (!t) {
		mount(main, h('p', {}, 'You are not in any team.'));
		return;
	}
	const admin = ctx.isAdmin();
	const owner = t.role === 'OWNER';
	const tbody = h('tbody');
	async function load() {
		const members = await api.get(api.teamPath('/members'));
		mount(tbody, members.map((m) => {
			const isMe = m.id === ctx.me.id;
			let roleCell = m.role;
			if (admin && !isMe) {
				const id = nextId('role');
				const select = h('select', { id, 'aria-label': `Role of ${m.name}` },
					ROLES.filter((r) => owner || r !== 'OWNER' || m.role === 'OWNER').map((r) => h('option', { value: r, selected: r === m.role }, r)));
				select.disabled = m.role === 'OWNER' && !owner;
				select.addEventListener('change', async () => {
					try {
						await api.call('PATCH', api.teamPath(`/members/${encodeURIComponent(m.id)}`), { role: select.value });
						toast(`${m.name} is now ${select.value.toLowerCase()}`, 'success');
					} catch (err) {
						toast(err.message, 'error');
						select.value = m.role;
					}
				});
				roleCell = select;
			}
			const remove = admin && !isMe && (owner || m.role !== 'OWNER') ? h('button', {
				type: 'button', class: 'ghost small', 'aria-label': `Remove ${m.name}`, onclick: async () => {
					if (!(await confirmDialog(`Remove ${m.name}?`, `${m.email} loses access to ${t.name}.`, 'Remove'))) return;
					try {
						await api.call('DELETE', api.teamPath(`/members/${encodeURIComponent(m.id)}`));
						toast(`${m.name} removed`, 'success');
						load();
					} catch (err) {
						toast(err.message, 'error');
					}
				},
			}, 'Remove') : null;
			return h('tr', {}, h('th', { scope: 'row' }, m.name, isMe ? h('span', { class: 'muted' }, ' (you)') : null), h('td', { 'data-label': 'E-mail' }, m.email), h('td', { 'data-label': 'Role' }, roleCell), h('td', {}, remove));
		}));
	}
	const email = h('input', { type: 'email', name: 'email', required: true, autocomplete: 'off' });
	const role = h('select', { name: 'role' }, ROLES.filter((r) => owner || r !== 'OWNER').map((r) => h('option', { value: r, selected: r === 'EDITOR' }, r)));
	const summary = h('div', { class: 'alert alert-error', role: 'alert', hidden: true });
	const addForm = admin ? h('form', { class: 'panel', novalidate: true, 'aria-labelledby': 'add-title' },
		h('h2', { id: 'add-title' }, 'Add a member'), summary,
		h('div', { class: 'form-grid' }, field('E-mail of a registered user', email, { required: true }), field('Role', role)),
		h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, 'Add member'))) : null;
	if (addForm) {
		addForm.addEventListener('submit', async (e) => {
			e.preventDefault();
			try {
				await api.post(api.teamPath('/members'), { email: email.value.trim(), role: role.value });
				email.value = '';
				showErrors(addForm, null, summary);
				toast('Member added', 'success');
				load();
			} catch (err) {
				showErrors(addForm, err, summary);
			}
		});
	}
	const rename = h('input', { name: 'name', value: t.name, required: true });
	const renameSummary = h('div', { class: 'alert alert-error', role: 'alert', hidden: true });
	const renameForm = admin ? h('form', { class: 'panel', novalidate: true, 'aria-labelledby': 'rn-title' },
		h('h2', { id: 'rn-title' }, 'Team name'), renameSummary, field('Name', rename, { required: true }),
		h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Rename'))) : null;
	if (renameForm) {
		renameForm.addEventListener('submit', async (e) => {
			e.preventDefault();
			try {
				await api.call('PATCH', api.teamPath(''), { name: rename.value.trim() });
				await ctx.reloadMe();
				toast('Team renamed', 'success');
				ctx.navigate('team');
			} catch (err) {
				showErrors(renameForm, err, renameSummary);
			}
		});
	}
	mount(main,
		h('div', { class: 'page-head' }, h('h1', {}, `${t.name}: members`), h('span', { class: 'badge' }, `Your role: ${t.role}`)),
		h('div', { class: 'table-wrap' }, h('table', { class: 'grid' },
			h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Name'), h('th', { scope: 'col' }, 'E-mail'), h('th', { scope: 'col' }, 'Role'), h('th', { scope: 'col' }, h('span', { class: 'sr-only' }, 'Actions')))),
			tbody)),
		h('div', { class: 'two-col' }, addForm, renameForm));
	await load();
}
