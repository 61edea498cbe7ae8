// test_site.mjs — Hamahang in a real browser (Debian's chromium through
// playwright-core), against the real binary on a fresh demo database:
//   - an anonymous visitor switches to Pashto and browses an organization
//     and a province, with its map, and follows an area of the map to its
//     place page, the language kept all the way;
//   - an editor (made with `hamahang user add`) signs in, switches to Dari,
//     registers a project whose district is typed in Dari script, saves it,
//     and finds it on the district's place page, the district marked on the
//     map; then registers work already registered, is shown the similar
//     project with its reasons before anything is saved, and saves anyway;
//   - in Dari and Pashto, where the page says dir="rtl": no horizontal
//     overflow and the navigation mirrored;
//   - axe-core on the main pages: no serious or critical violation.
// Screenshots of each step go to build/artifacts/.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { addUser, check, launch, run, shot, startServer } from './harness.mjs';

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const PASSWORD = 'a long enough passphrase';

const server = await startServer();
const browser = await launch();

// bypassCSP only to inject axe-core: the site's policy refuses inline scripts.
async function newPage(bypassCSP = false) {
	const context = await browser.newContext({ viewport: { width: 1100, height: 900 }, bypassCSP });
	return context.newPage();
}

async function orgId(name) {
	const r = await fetch(`${server.base}/api/v1/orgs?q=${encodeURIComponent(name)}`);
	const j = await r.json();
	const items = j.items || j.orgs || j.data || [];
	check(items.length > 0, `no organization found for ${name}: ${JSON.stringify(j).slice(0, 200)}`);
	return items[0].id;
}

// Follows the language switch of the page to lang and checks the page
// came back in it (the choice is then remembered by a cookie).
async function switchLanguage(page, lang, htmlLang) {
	await Promise.all([page.waitForNavigation(), page.locator(`nav.lang-switch a[hreflang="${htmlLang}"]`).click()]);
	check(await page.locator('html').getAttribute('lang') === htmlLang, `the switch to ${lang} gives lang=${htmlLang}`);
	check(await page.locator('html').getAttribute('dir') === 'rtl', `${lang} pages are right to left`);
}

async function expectLanguage(page, htmlLang, what) {
	check(await page.locator('html').getAttribute('lang') === htmlLang, `${what} stays in lang=${htmlLang}`);
}

async function anonymousVisitor() {
	const page = await newPage();
	await page.goto(server.base + '/');
	await switchLanguage(page, 'Pashto', 'ps');
	check((await page.locator('svg.map a').count()) === 34, 'the home page map has 34 provinces');
	await shot(page, '01-home-pus');
	await page.goto(server.base + '/orgs');
	await expectLanguage(page, 'ps', 'the organizations list');
	await page.locator('main table a[href^="/orgs/"], main ul a[href^="/orgs/"]').first().click();
	await page.waitForURL(/\/orgs\/\d+$/);
	await expectLanguage(page, 'ps', 'an organization page');
	check((await page.locator('h1').innerText()).length > 0, 'the organization page has a heading');
	await shot(page, '02-organization-pus');
	await page.goto(server.base + '/places/AF24');
	await expectLanguage(page, 'ps', 'the province page');
	const areas = page.locator('svg.map a');
	check((await areas.count()) >= 8, 'Daykundi shows its districts on the map');
	check(await page.locator('svg.map').isVisible(), 'the map is visible');
	await shot(page, '03-province');
	// an area of the map leads to its district
	const href = await areas.first().getAttribute('href');
	await areas.first().click();
	await page.waitForURL(server.base + href);
	check(await page.locator('svg.map path.highlight').count() === 1 || /AF2409|AF2506/.test(href),
	      'the district is marked on its province map');
	await shot(page, '04-district-from-map');
	await page.context().close();
}

async function editorRegistersProject() {
	const lso = await orgId('Labor Spring');
	addUser(server.db, 'browser-editor', 'editor', PASSWORD, [lso]);
	const page = await newPage();
	await page.goto(server.base + '/login');
	await page.fill('#login', 'browser-editor');
	await page.fill('#password', PASSWORD);
	await Promise.all([page.waitForNavigation(), page.locator('main form button[type=submit]').click()]);
	await switchLanguage(page, 'Dari', 'fa-AF');
	await page.goto(server.base + '/projects/new');
	await expectLanguage(page, 'fa-AF', 'the project form');
	const title = 'Spring wells for Nili ' + Date.now();
	await page.fill('#title_en', title);
	await page.selectOption('#org_implementing', String(lso));
	await page.locator('input[name=sectors][value=WASH]').check();
	// the district in Dari script: Nili, Daykundi
	await page.fill('#places', 'نیلی، دایکندی');
	await page.selectOption('#visibility', 'public');
	await shot(page, '05-project-form');
	await Promise.all([page.waitForNavigation(), page.locator('main form button[type=submit]').last().click()]);
	await shot(page, '06-project-saved');
	check(/\/projects\/\d+$/.test(page.url()), `the project was saved (now at ${page.url()}: ${(await page.locator('.errors, .error-summary, [role=alert]').allInnerTexts()).join(' ')})`);
	check((await page.locator('main').innerText()).includes('Nili'), 'the project page names Nili');
	await page.goto(server.base + '/places/AF2401');
	check((await page.locator('main').innerText()).includes(title), 'the project is listed on Nili\'s page');
	check(await page.locator('svg.map path.highlight').count() === 1, 'Nili is marked on the map');
	const nili = page.locator('svg.map a[href="/places/AF2401"] title');
	check(/: [1-9]/.test(await nili.textContent()), 'Nili counts at least one organization');
	await shot(page, '07-district-with-project');

	// Work already registered (the demo's Band-e-Amir landscape project of
	// LSO, ENVIRONMENT in Yakawlang, 2017-03 to 2018-06), typed again with
	// its district in Dari: the form stops and shows it before saving.
	const before = await (await fetch(`${server.base}/api/v1/projects?q=Band-e-Amir&limit=50`)).json();
	await page.goto(server.base + '/projects/new');
	await page.fill('#title_en', 'Band-e-Amir Northern Plateau protected area landscape management');
	await page.selectOption('#org_implementing', String(lso));
	await page.locator('input[name=sectors][value=ENVIRONMENT]').check();
	await page.fill('#places', 'یکاولنگ، بامیان');
	await page.fill('#start_date', '2017-03');
	await page.fill('#end_date', '2018-06');
	await page.selectOption('#visibility', 'public');
	await Promise.all([page.waitForNavigation(), page.locator('main form button[type=submit]').last().click()]);
	const similar = page.locator('#similar');
	check(await similar.isVisible(), 'the form shows the similar projects before saving');
	check((await similar.innerText()).includes('Band-e-Amir'), 'the similar project is named');
	check(/\/projects\/\d+/.test(await similar.locator('a[href^="/projects/"]').first().getAttribute('href')),
	      'the similar project links to its page');
	await shot(page, '07b-similar-projects-warning');
	const held = await (await fetch(`${server.base}/api/v1/projects?q=Band-e-Amir&limit=50`)).json();
	check(held.total === before.total, 'nothing is saved while the warning stands');
	// the reader decides it is other work: save anyway
	await similar.locator('input[name=confirm_new]').check();
	await Promise.all([page.waitForNavigation(), page.locator('main form button[type=submit]').last().click()]);
	check(/\/projects\/\d+$/.test(page.url()), `saved anyway (now at ${page.url()})`);
	await expectLanguage(page, 'fa-AF', 'the saved project');
	await shot(page, '07c-saved-anyway');
	await page.context().close();
}

async function rightToLeft(lang) {
	const page = await newPage();
	for (const path of ['/', '/places/AF24', '/coverage']) {
		await page.goto(`${server.base}${path}?lang=${lang}`);
		const dir = await page.locator('html').getAttribute('dir');
		if (dir !== 'rtl') continue; // the language is not right-to-left yet: nothing to check
		const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
		check(overflow <= 1, `${path}?lang=${lang} overflows sideways by ${overflow}px`);
		// mirrored: the navigation runs from the right, the first link right of the last
		const boxes = await page.locator('header nav a').evaluateAll((as) => as.map((a) => a.getBoundingClientRect().left));
		if (boxes.length > 1)
			check(boxes[0] > boxes[boxes.length - 1], `${path}?lang=${lang}: the navigation is not mirrored`);
		await shot(page, `08-rtl-${lang}${path.replace(/\//g, '_')}`);
	}
	await page.context().close();
}

async function accessibility() {
	const page = await newPage(true);
	const lso = await orgId('Labor Spring');
	const pages = ['/', '/orgs', `/orgs/${lso}`, '/projects', '/projects/1', '/places', '/places/AF24',
		       '/places/AF2401', '/coverage', '/coverage?province=AF24', '/search?q=women', '/login'];
	const problems = [];
	for (const path of pages) {
		await page.goto(server.base + path);
		await page.addScriptTag({ content: AXE });
		const result = await page.evaluate(async () => await window.axe.run(document, { resultTypes: ['violations'] }));
		for (const v of result.violations)
			if (v.impact === 'serious' || v.impact === 'critical')
				problems.push(`${path}: ${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('; ')}`);
	}
	check(problems.length === 0, 'axe-core found:\n' + problems.join('\n'));
	await page.context().close();
}

try {
	await run([
		['anonymous visitor browses an organization and a province with its map', anonymousVisitor],
		['editor registers a project with a district typed in Dari and finds it on the map', editorRegistersProject],
		['Dari pages are right to left without overflow, navigation mirrored', () => rightToLeft('prs')],
		['Pashto pages are right to left without overflow, navigation mirrored', () => rightToLeft('pus')],
		['axe-core: no serious or critical violation on the main pages', accessibility],
	]);
} finally {
	await browser.close();
	await server.stop();
}
