// Sign up, log in, forgot and reset password: the only screens without a session.

import { h, mount, nextId, toast } from '../dom.js';
import * as api from '../api.js';
import { field, showErrors } from '../forms.js';

function input(name, label, type = 'text', { hint, ...extra } = {}) {
	const el = h('input', { name, type, id: nextId(name), required: true, ...extra });
	return { el, wrap: field(label, el, { required: true, hint }) };
}

function card(title, intro, formEl, footer) {
	return h('div', { class: 'auth-card' },
		h('div', { class: 'auth-brand' }, h('img', { src: '/favicon.svg', alt: '', width: 40, height: 40 }), h('span', {}, 'Maestro')),
		h('h1', {}, title),
		intro ? h('p', { class: 'muted' }, intro) : null,
		formEl,
		footer ? h('p', { class: 'auth-footer' }, footer) : null);
}

export function login(main, params) {
	const email = input('email', 'E-mail', 'email', { autocomplete: 'username' });
	const password = input('password', 'Password', 'password', { autocomplete: 'current-password' });
	const summary = h('div', { class: 'alert alert-error', role: 'alert', hidden: true });
	const submit = h('button', { type: 'submit', class: 'primary wide' }, 'Log in');
	const formEl = h('form', { novalidate: true, 'aria-label': 'Log in' }, summary, email.wrap, password.wrap, submit);
	formEl.addEventListener('submit', async (e) => {
		e.preventDefault();
		submit.disabled = true;
		try {
			await api.login(email.el.value.trim(), password.el.value);
			const { loggedIn } = await import('../main.js');
			await loggedIn(params.next);
		} catch (err) {
			if (err.status === 401) err.message = 'Wrong e-mail or password.';
			if (err.status === 429) err.message = 'Too many attempts. Wait a few minutes and try again.';
			showErrors(formEl, err, summary);
			password.el.value = '';
			password.el.focus();
		} finally {
			submit.disabled = false;
		}
	});
	mount(main, card('Log in', 'The operations console of your CMDB.', formEl,
		[h('a', { href: '#/forgot' }, 'Forgot your password?'), ' · ', h('a', { href: '#/signup' }, 'Create an account')]));
	email.el.focus();
}

export function signup(main) {
	const name = input('name', 'Your name', 'text', { autocomplete: 'name' });
	const email = input('email', 'E-mail', 'email', { autocomplete: 'email' });
	const password = input('password', 'Password', 'password', { autocomplete: 'new-password', hint: 'At least 10 characters, not a common password, not your e-mail name.' });
	const summary = h('div', { class: 'alert alert-error', role: 'alert', hidden: true });
	const submit = h('button', { type: 'submit', class: 'primary wide' }, 'Create account');
	const formEl = h('form', { novalidate: true, 'aria-label': 'Sign up' }, summary, name.wrap, email.wrap, password.wrap, submit);
	formEl.addEventListener('submit', async (e) => {
		e.preventDefault();
		submit.disabled = true;
		try {
			await api.register(email.el.value.trim(), password.el.value, name.el.value.trim());
			await api.login(email.el.value.trim(), password.el.value);
			toast('Welcome to Maestro! Your personal team is ready.', 'success');
			const { loggedIn } = await import('../main.js');
			await loggedIn('');
		} catch (err) {
			showErrors(formEl, err, summary);
		} finally {
			submit.disabled = false;
		}
	});
	mount(main, card('Create your account', 'You get a personal team; invite colleagues into shared teams later.', formEl,
		['Already registered? ', h('a', { href: '#/login' }, 'Log in')]));
	name.el.focus();
}

export function forgot(main) {
	const email = input('email', 'E-mail', 'email', { autocomplete: 'email' });
	const summary = h('div', { class: 'alert alert-error', role: 'alert', hidden: true });
	const done = h('div', { class: 'alert alert-ok', role: 'status', hidden: true });
	const submit = h('button', { type: 'submit', class: 'primary wide' }, 'Send reset link');
	const formEl = h('form', { novalidate: true, 'aria-label': 'Forgot password' }, summary, done, email.wrap, submit);
	formEl.addEventListener('submit', async (e) => {
		e.preventDefault();
		submit.disabled = true;
		try {
			await api.call('POST', '/api/auth/forgot-password', { email: email.el.value.trim() }, { anonymous: true });
			showErrors(formEl, null, summary);
			done.hidden = false;
			done.textContent = 'If this address has an account, a reset link is on its way. It works for 30 minutes.';
		} catch (err) {
			showErrors(formEl, err, summary);
		} finally {
			submit.disabled = false;
		}
	});
	mount(main, card('Reset your password', 'We e-mail you a link to choose a new password.', formEl, [h('a', { href: '#/login' }, 'Back to log in')]));
	email.el.focus();
}

export function reset(main, params) {
	const password = input('newPassword', 'New password', 'password', { autocomplete: 'new-password', hint: 'At least 10 characters.' });
	const summary = h('div', { class: 'alert alert-error', role: 'alert', hidden: true });
	const submit = h('button', { type: 'submit', class: 'primary wide' }, 'Set new password');
	const formEl = h('form', { novalidate: true, 'aria-label': 'Set new password' }, summary, password.wrap, submit);
	formEl.addEventListener('submit', async (e) => {
		e.preventDefault();
		submit.disabled = true;
		try {
			await api.call('POST', '/api/auth/reset-password', { token: params.token || '', newPassword: password.el.value }, { anonymous: true });
			toast('Password changed. Log in with the new one.', 'success');
			location.hash = '#/login';
		} catch (err) {
			showErrors(formEl, err, summary);
		} finally {
			submit.disabled = false;
		}
	});
	mount(main, card('Choose a new password', params.token ? null : 'This link has no reset token; ask for a new link.', formEl, [h('a', { href: '#/forgot' }, 'Ask for a new link')]));
	password.el.focus();
}
