// End-to-end tests of the Maestro web UI in headless Chromium (Debian's /usr/bin/chromium driven
// by playwright-core). Runs against a suite started on the embedded default:
//
//   MAESTRO_URL=http://localhost:8080 node web-tests/run.mjs
//
// Every step runs even when an earlier one failed (so one missing service does not hide the
// state of the others); the exit code is non-zero when any step failed. Screenshots of the main
// screens go to docs/screenshots/ (desktop and phone).

import { chromium } from 'playwright-core';
import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const BASE = (process.env.MAESTRO_URL || 'http://localhost:8080').replace(/\/$/, '');
const SHOTS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'screenshots');
const FAILURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), 'failures');
const SLOW = Number(process.env.MAESTRO_E2E_TIMEOUT_MS || 120000);
const run = Date.now().toString(36);
const user = { name: 'Ada Operator', email: `ada.${run}@example.com`, password: `Correct-horse-${run}-battery` };
const names = { server: `web-${run}-01.prod.local`, ip: `10.${(Date.now() >> 16) & 255}.${(Date.now() >> 8) & 255}.${Date.now() & 255 || 1}`, db: `orders-db-${run}`, app: `orders-api-${run}` };

const results = [];
const consoleErrors = [];

async function step(name, fn) {
	const started = Date.now();
	try {
		await fn();
		results.push({ name, ok: true, ms: Date.now() - started });
		console.log(`  ✓ ${name}`);
	} catch (e) {
		results.push({ name, ok: false, error: e.message.split('\n')[0] });
		await mkdir(FAILURES, { recursive: true });
		await page.screenshot({ path: path.join(FAILURES, `${results.length}.png`) }).catch(() => {});
		console.log(`  ✗ ${name}\n      ${e.message.split('\n').slice(0, 3).join('\n      ')}`);
	}
}

// A sync refused because one is already running (409) is an answer the discovery screen handles (it
// says so and shows that run), but the browser logs every 4xx response as a console error.
function handledRefusal(msg) {
	return /status of 409/.test(msg.text()) && /\/syncs$/.test(msg.location()?.url ?? '');
}

function watch(page, label) {
	page.on('console', (msg) => {
		if (msg.type() === 'error' && !handledRefusal(msg)) consoleErrors.push(`${label} ${page.url()}: ${msg.text()}`);
	});
	page.on('pageerror', (err) => consoleErrors.push(`${label} ${page.url()}: ${err.message}`));
}

async function shot(page, name) {
	await mkdir(SHOTS, { recursive: true });
	await page.waitForTimeout(300);
	await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: false });
}

async function go(page, hash) {
	await page.goto(`${BASE}/#/${hash}`);
	await page.waitForFunction(() => !document.querySelector('main[aria-busy]'), null, { timeout: 30000 });
}

async function toast(page, text, timeout = 15000) {
	await page.locator('#toasts .toast', { hasText: text }).first().waitFor({ timeout });
}

async function pick(page, inputSelector, text) {
	const input = page.locator(inputSelector);
	await input.fill(text);
	const option = page.locator('.pick-list [role=option]', { hasText: text }).first();
	await option.waitFor({ timeout: 10000 });
	await input.press('ArrowDown');
	await input.press('Enter');
}

const browser = await chromium.launch({
	executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
	args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
console.log(`Maestro web UI end-to-end tests against ${BASE}`);
const desktop = await browser.newContext({ viewport: { width: 1366, height: 860 }, acceptDownloads: true });
const page = await desktop.newPage();
watch(page, '[desktop]');

await step('the login page is served and shown to a visitor without a session', async () => {
	const res = await page.goto(`${BASE}/`);
	if (!res.ok()) throw new Error(`GET / answered ${res.status()}`);
	await page.waitForURL(/#\/login/);
	await page.getByRole('heading', { name: 'Log in' }).waitFor();
	await shot(page, 'login');
});

await step('sign up creates the account and logs in', async () => {
	await go(page, 'signup');
	await page.getByLabel('Your name').fill(user.name);
	await page.getByLabel('E-mail').fill(user.email);
	await page.getByLabel('Password').fill(user.password);
	await page.getByRole('button', { name: 'Create account' }).click();
	// registration hashes the password (bcrypt): slow on a busy machine
	await page.locator('#logout').waitFor({ timeout: 45000 });
	await page.locator('#team-switcher').waitFor();
});

await step('log out clears the session', async () => {
	await page.locator('#logout').click();
	await page.waitForURL(/#\/login/);
	const stored = await page.evaluate(() => sessionStorage.length);
	if (stored !== 0) throw new Error(`sessionStorage still holds ${stored} entries`);
	await go(page, 'inventory/servers');
	await page.waitForURL(/#\/login/);
});

await step('keyboard-only login', async () => {
	await page.goto(`${BASE}/#/login`);
	await page.getByLabel('E-mail').waitFor();
	// the e-mail field has focus when the page opens
	await page.keyboard.type(user.email);
	await page.keyboard.press('Tab');
	await page.keyboard.type(user.password);
	await page.keyboard.press('Enter');
	await page.locator('#logout').waitFor({ timeout: 45000 });
	const focusVisible = await page.evaluate(() => {
		const b = document.querySelector('#logout');
		b.focus();
		return getComputedStyle(b).outlineStyle !== 'none';
	});
	if (!focusVisible) throw new Error('focused button shows no focus outline');
	await page.locator('.cards .card').first().waitFor();
	await shot(page, 'overview');
});

await step('create a server (with live duplicate warning for a second one)', async () => {
	await go(page, 'inventory/servers/new');
	await page.getByLabel('Hostname').fill(names.server);
	await page.getByLabel('Private IPv4').fill(names.ip);
	await page.getByLabel('Environment').selectOption('Production');
	await page.getByLabel('OS', { exact: true }).fill('Linux');
	await page.getByLabel('CPU cores').fill('4');
	await page.getByLabel('Memory (MB)').fill('8192');
	await shot(page, 'server-form');
	await page.getByRole('button', { name: 'Create server' }).click();
	await toast(page, 'Server created');
	await go(page, 'inventory/servers/new');
	await page.getByLabel('Hostname').fill(names.server);
	await page.locator('.warn-inline', { hasText: 'already use' }).first().waitFor({ timeout: 10000 });
	await go(page, 'inventory/servers');
	await page.getByRole('link', { name: names.server }).waitFor();
	await shot(page, 'servers');
});

await step('create an Oracle database and an application', async () => {
	await go(page, 'inventory/databases/new');
	await page.locator('input[name="name"]').fill(names.db);
	await page.getByLabel('Engine').selectOption('ORACLE');
	await page.getByLabel('Topology').selectOption('SINGLE_NODE');
	await page.getByLabel('Storage').selectOption('ASM');
	await shot(page, 'database-form');
	await page.getByRole('button', { name: 'Create database' }).click();
	await toast(page, 'Database created');
	await go(page, 'inventory/applications/new');
	await page.locator('input[name="name"]').fill(names.app);
	await page.getByLabel('Environment').selectOption('Production');
	await page.getByLabel('Language / runtime').fill('Java');
	await pick(page, 'input[name="serverIds"]', names.server);
	await page.getByRole('button', { name: 'Create application' }).click();
	await toast(page, 'Application created');
});

await step('link the application to the database in the dependency maker', async () => {
	await go(page, 'dependencies');
	await pick(page, '#dep-source', names.app);
	await page.locator('#dep-target').waitFor();
	await page.locator('#dep-protocol').selectOption('JDBC');
	await pick(page, '#dep-target', names.db);
	await page.locator('.dep-item', { hasText: names.db }).waitFor();
	await page.locator('#dep-save').click();
	await toast(page, 'Dependencies of');
	await shot(page, 'dependency-maker');
	// the application's own form now shows the dependency, and its history the change
	const appId = await page.evaluate(() => decodeURIComponent(document.querySelector('.dep-item a').getAttribute('href').split('/').pop()));
	if (!appId) throw new Error('no dependency link');
});

await step('history of the server reads as a diff', async () => {
	await go(page, 'inventory/servers');
	await page.getByRole('link', { name: names.server }).first().click();
	await page.getByLabel('CPU cores').fill('8');
	await page.getByRole('button', { name: 'Save changes' }).click();
	await toast(page, 'Server saved');
	await page.getByRole('link', { name: 'History' }).click();
	await page.locator('table.diff', { hasText: 'cpu' }).first().waitFor();
	await shot(page, 'history');
});

let graphUrl = null;
await step('generate a graph, receive the toast and see it', async () => {
	await go(page, 'graphs');
	await page.locator('#graph-name').fill(`orders-${run}`);
	await pick(page, '#graph-applicationIds', names.app);
	await page.locator('#graph-create').click();
	await page.waitForURL(/#\/graphs\/[^/]+$/);
	graphUrl = page.url();
	await toast(page, 'Graph ready', SLOW);
	await page.locator('.graph-canvas svg').waitFor({ timeout: 30000 });
	await page.locator('.graph-canvas g.node', { hasText: names.app }).first().waitFor();
	await shot(page, 'graph');
	await page.locator('#zoom-in').click();
	await page.locator('#graph-search').fill(names.db);
	await page.getByText('1 match').waitFor();
	await page.locator('.graph-canvas g.graph-hit').first().hover();
	await page.locator('.graph-details', { hasText: names.db }).waitFor();
});

await step('impact view lists the dependents of the database', async () => {
	await go(page, 'impact');
	await pick(page, '#impact-app', names.db);
	await page.locator('.name-list a', { hasText: names.app }).first().waitFor({ timeout: 15000 });
	await shot(page, 'impact');
});

await step('build a general report and download it as CSV', async () => {
	await go(page, 'reports');
	await page.locator('#report-name').fill(`servers-${run}`);
	await page.locator('#report-entity').selectOption('servers');
	await page.locator('#report-create').click();
	await page.waitForURL(/#\/reports\/[^/]+$/);
	await page.locator('#download-csv:not([disabled])').waitFor({ timeout: SLOW });
	const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#download-csv').click()]);
	const file = await download.path();
	const { readFile } = await import('node:fs/promises');
	const csv = await readFile(file, 'utf8');
	if (!csv.includes(names.server)) throw new Error(`the CSV does not list ${names.server}: ${csv.slice(0, 200)}`);
	await shot(page, 'report');
});

await step('discovery lists the providers and their credential fields', async () => {
	await go(page, 'discovery');
	const provider = page.locator('#conn-provider');
	await provider.waitFor();
	const options = await provider.locator('option').count();
	if (options < 2) throw new Error('no provider offered');
	await provider.selectOption({ index: 1 });
	await page.getByRole('button', { name: 'Create connection' }).waitFor();
	await shot(page, 'discovery');
});

await step('a discovery connection: create, test, sync and see the run in its history', async () => {
	await go(page, 'discovery');
	const provider = page.locator('#conn-provider');
	const aws = await provider.locator('option[value="aws"]').count();
	if (!aws) throw new Error('provider aws not offered');
	await provider.selectOption('aws');
	const form = page.locator('form', { hasText: 'connection' }).last();
	await form.locator('input[name="name"]').fill(`aws-${run}`);
	await form.locator('input[name="credentials.accessKeyId"]').fill('AKIAEXAMPLEEXAMPLE00');
	await form.locator('input[name="credentials.secretAccessKey"]').fill('not-a-real-secret-key');
	await form.locator('input[name="regions"]').fill('eu-west-1');
	// nothing answers there: the sync fails quickly, which is what the screen must show
	await form.locator('input[name="endpoint"]').fill('http://127.0.0.1:9');
	await form.getByRole('button', { name: 'Create connection' }).click();
	await page.waitForURL(/#\/discovery\/[^/]+$/);
	await page.locator('#conn-test').click();
	await page.locator('[role=status]', { hasText: /✓|✗/ }).first().waitFor({ timeout: 30000 });
	await page.locator('#conn-sync').click();
	// a new connection may already be syncing (409): the screen says so and shows that run
	await toast(page, /Sync requested|already running/);
	await page.locator('table.grid .badge', { hasText: /FAILED|SUCCEEDED|RUNNING|PENDING/ }).first().waitFor({ timeout: 30000 });
	await page.locator('table.grid .badge', { hasText: /FAILED|SUCCEEDED/ }).first().waitFor({ timeout: SLOW });
	await shot(page, 'discovery-connection');
});

await step('team screen shows the members', async () => {
	await go(page, 'team');
	await page.locator('table.grid', { hasText: user.email }).waitFor();
	await shot(page, 'team');
});

await step('every screen opens without console errors', async () => {
	for (const hash of ['', 'profile', 'team', 'inventory/servers', 'inventory/applications', 'inventory/databases',
		'inventory/load-balancers', 'inventory/datacenters', 'inventory/systems', 'inventory/clients', 'inventory/services',
		'inventory/datacenters/new', 'inventory/systems/new', 'inventory/clients/new', 'inventory/load-balancers/new',
		'dependencies', 'graphs', 'impact', 'reports', 'discovery']) {
		try {
			await go(page, hash);
			await page.locator('main h1').first().waitFor();
		} catch (e) {
			throw new Error(`#/${hash}: ${e.message.split('\n')[0]}`);
		}
		// one user's pace: the gateway rate-limits each client (20 requests/s)
		await page.waitForTimeout(400);
	}
	if (consoleErrors.length) throw new Error(`${consoleErrors.length} console errors:\n${consoleErrors.join('\n')}`);
});

await step('usable on a phone', async () => {
	const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
	const p = await phone.newPage();
	watch(p, '[phone]');
	await p.goto(`${BASE}/#/login`);
	await p.getByLabel('E-mail').fill(user.email);
	await p.getByLabel('Password').fill(user.password);
	await p.getByRole('button', { name: 'Log in' }).click();
	await p.locator('#logout').waitFor({ timeout: 15000 });
	await shot(p, 'phone-overview');
	await p.goto(`${BASE}/#/inventory/servers`);
	await p.getByRole('link', { name: names.server }).waitFor();
	const overflow = await p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
	if (overflow > 2) throw new Error(`the page is ${overflow}px wider than the phone`);
	await shot(p, 'phone-servers');
	await p.getByRole('button', { name: 'Menu' }).click();
	await p.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Reports' }).waitFor();
	await shot(p, 'phone-menu');
	await phone.close();
});

await browser.close();
const failed = results.filter((r) => !r.ok);
await writeFile(path.join(SHOTS, '..', '..', 'web-tests', 'last-run.json'), JSON.stringify({ base: BASE, at: new Date().toISOString(), results, consoleErrors }, null, 2)).catch(() => {});
console.log(`\n${results.length - failed.length} passed, ${failed.length} failed${graphUrl ? ` (graph: ${graphUrl})` : ''}`);
process.exit(failed.length ? 1 : 0);
