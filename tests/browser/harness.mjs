// harness.mjs — what the browser tests share: a real ./hamahang on a free
// port of 127.0.0.1 with a fresh demo database in a temporary folder,
// Debian's chromium driven by playwright-core (never a downloaded browser),
// screenshots under build/artifacts/, and a summary in cmocka's words
// ("[  PASSED  ] N test(s)." / "[  FAILED  ] N test(s)") so that
// tests/run.sh counts these tests with the others.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

export const BIN = process.env.HAMAHANG_BIN || './hamahang';
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
export const ARTIFACTS = 'build/artifacts';

function freePort() {
	return new Promise((resolve, reject) => {
		const s = createServer();
		s.once('error', reject);
		s.listen(0, '127.0.0.1', () => {
			const { port } = s.address();
			s.close(() => resolve(port));
		});
	});
}

async function waitUp(base) {
	for (let i = 0; i < 100; i++) {
		try {
			const r = await fetch(base + '/healthz');
			if (r.ok) return;
		} catch { /* not yet listening */ }
		await new Promise((r) => setTimeout(r, 100));
	}
	throw new Error('the server did not answer /healthz');
}

// Starts the binary on a fresh demo database; returns { base, db, stop }.
export async function startServer() {
	const dir = mkdtempSync(join(tmpdir(), 'hamahang-browser-'));
	const db = join(dir, 'hamahang.db');
	const init = spawnSync(BIN, ['init', '--db', db, '--demo'], { encoding: 'utf8' });
	if (init.status !== 0) throw new Error('init failed: ' + init.stderr);
	const port = await freePort();
	const proc = spawn(BIN, ['serve', '--db', db, '--listen', `127.0.0.1:${port}`], { stdio: ['ignore', 'ignore', 'pipe'] });
	proc.stderr.resume();
	const base = `http://127.0.0.1:${port}`;
	await waitUp(base);
	return {
		base,
		db,
		stop: async () => {
			proc.kill('SIGTERM');
			await new Promise((r) => proc.once('exit', r));
			rmSync(dir, { recursive: true, force: true });
		},
	};
}

// Adds a user with ./hamahang user add (the password on standard input).
export function addUser(db, login, role, password, orgs = []) {
	const args = ['user', 'add', '--db', db, '--login', login, '--role', role, '--password-stdin'];
	for (const o of orgs) args.push('--org', String(o));
	const r = spawnSync(BIN, args, { input: password + '\n', encoding: 'utf8' });
	if (r.status !== 0) throw new Error('user add failed: ' + r.stderr + r.stdout);
}

export async function launch() {
	mkdirSync(ARTIFACTS, { recursive: true });
	return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
}

export async function shot(page, name) {
	await page.screenshot({ path: join(ARTIFACTS, name + '.png'), fullPage: true });
}

// Runs the tests in order, prints each result and the summary; exits 1 on a failure.
export async function run(tests) {
	let passed = 0;
	const failed = [];
	for (const [name, fn] of tests) {
		console.log(`[ RUN      ] ${name}`);
		try {
			await fn();
			passed++;
			console.log(`[       OK ] ${name}`);
		} catch (e) {
			failed.push(name);
			console.log(`[  FAILED  ] ${name}: ${e && e.stack ? e.stack : e}`);
		}
	}
	console.log(`[  PASSED  ] ${passed} test(s).`);
	if (failed.length) {
		console.log(`[  FAILED  ] ${failed.length} test(s), listed below:`);
		for (const n of failed) console.log(`[  FAILED  ] ${n}`);
	}
	process.exitCode = failed.length ? 1 : 0;
}

export function check(cond, message) {
	if (!cond) throw new Error(message);
}
