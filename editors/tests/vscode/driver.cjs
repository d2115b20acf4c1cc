// Drives code-server (the real VS Code, in headless Chromium) with the packaged Slipbox
// extension installed: open a note, read the Problems panel, semantic colours, folding, hover
// a link, complete after `[[`, F12 to the target, the server log and "Slipbox: Restart server".
// Env: CODE_SERVER_URL, SLIPBOX_TEST_VAULT, ARTIFACTS_DIR, DRIVER_DEPS (folder with node_modules).
'use strict';
const path = require('path');
const fs = require('fs');
const { chromium } = require(path.join(process.env.DRIVER_DEPS, 'node_modules', 'playwright-core'));

const url = process.env.CODE_SERVER_URL;
const vault = process.env.SLIPBOX_TEST_VAULT;
const artifacts = process.env.ARTIFACTS_DIR;
const WAIT_MS = Number(process.env.SLIPBOX_TEST_WAIT_MS || 45000);
const isMac = false;
const mod = isMac ? 'Meta' : 'Control';

let page;
let shotCount = 0;
const passed = [];

function log(message) {
  process.stderr.write(`[vscode] ${message}\n`);
}

async function shot(name) {
  shotCount += 1;
  const file = path.join(artifacts, `vscode-${String(shotCount).padStart(2, '0')}-${name}.png`);
  await page.screenshot({ path: file }).catch((e) => log(`screenshot ${name} failed: ${e}`));
  return file;
}

class TestFailure extends Error {}

// Polls fn until it returns something truthy; fails with `what` after `ms`.
async function until(what, fn, ms = WAIT_MS) {
  const deadline = Date.now() + ms;
  let last;
  while (Date.now() < deadline) {
    try {
      last = await fn();
      if (last) return last;
    } catch (e) {
      last = e;
    }
    await page.waitForTimeout(200);
  }
  throw new TestFailure(`no ${what} within ${ms / 1000}s (last: ${last instanceof Error ? last.message : JSON.stringify(last)})`);
}

function ok(name) {
  passed.push(name);
  log(`ok   ${name}`);
}

// The lines of the active editor, top to bottom, as plain text.
async function editorLines() {
  return page.evaluate(() => {
    const group = document.querySelector('.part.editor .editor-group-container.active') || document;
    const viewLines = group.querySelector('.monaco-editor .view-lines');
    if (!viewLines) return [];
    return [...viewLines.querySelectorAll('.view-line')]
      .map((el) => ({ top: parseFloat(el.style.top || '0'), text: el.textContent.replace(/\u00a0/g, ' ') }))
      .sort((a, b) => a.top - b.top)
      .map((l) => l.text);
  });
}

// Screen coordinates of the middle of `needle` (no spaces) in the active editor.
async function textPoint(needle) {
  const point = await page.evaluate((needle) => {
    const group = document.querySelector('.part.editor .editor-group-container.active') || document;
    const lines = [...group.querySelectorAll('.monaco-editor .view-lines .view-line')].sort(
      (a, b) => parseFloat(a.style.top || '0') - parseFloat(b.style.top || '0'),
    );
    for (const line of lines) {
      const text = line.textContent.replace(/\u00a0/g, ' ');
      const index = text.indexOf(needle);
      if (index < 0) continue;
      const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
      let offset = 0;
      const target = index + Math.floor(needle.length / 2);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const length = node.textContent.length;
        if (target < offset + length) {
          const range = document.createRange();
          range.setStart(node, target - offset);
          range.setEnd(node, target - offset + 1);
          const r = range.getBoundingClientRect();
          return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
        }
        offset += length;
      }
    }
    return null;
  }, needle);
  if (!point) throw new TestFailure(`"${needle}" is not on screen in the editor`);
  return point;
}

async function activeTabLabel() {
  return page.evaluate(() => {
    const tab = document.querySelector('.part.editor .editor-group-container.active .tab.active');
    return tab ? tab.textContent.trim() : '';
  });
}

async function runCommand(title) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: WAIT_MS });
  await input.fill(`>${title}`);
  const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: title }).first();
  await row.waitFor({ state: 'visible', timeout: WAIT_MS });
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: WAIT_MS });
}

async function outputText() {
  return page.evaluate(() => {
    const panel = document.querySelector('.part.panel');
    if (!panel) return '';
    const lines = [...panel.querySelectorAll('.monaco-editor .view-lines .view-line')];
    return lines.map((l) => l.textContent.replace(/\u00a0/g, ' ')).join('\n');
  });
}

async function run() {
  // 1. The workbench with the vault as the folder; open the index by Quick Open.
  await page.goto(`${url}/?folder=${encodeURIComponent(vault)}`, { waitUntil: 'domcontentloaded' });
  await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: WAIT_MS });
  await page.locator('.part.statusbar').waitFor({ state: 'visible', timeout: WAIT_MS });
  await page.keyboard.press(`${mod}+P`);
  const quick = page.locator('.quick-input-widget input');
  await quick.waitFor({ state: 'visible', timeout: WAIT_MS });
  await quick.fill('Index.md');
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Index.md' }).first().waitFor({ timeout: WAIT_MS });
  await page.keyboard.press('Enter');
  await until('Index.md in the editor', async () => (await activeTabLabel()).includes('Index.md') &&
    (await editorLines()).some((l) => l.includes('Ingen slik notat')));
  ok('open a note');

  // 1b. Go to Symbol in Editor lists each heading once, though both VS Code's own Markdown
  // extension and Slipbox have an outline (VS Code would show both).
  // The built-in Markdown server starts on its own time: reopen the list until it answers.
  const symbolRows = page.locator('.quick-input-widget .monaco-list-row >> visible=true');
  const pickerInput = page.locator('.quick-input-widget input >> visible=true');
  let opened = 0;
  const symbols = await until('the heading in Go to Symbol in Editor', async () => {
    const inSymbolMode = (await pickerInput.count()) > 0 && (await pickerInput.first().inputValue()).startsWith('@');
    const texts = inSymbolMode ? await symbolRows.allTextContents() : [];
    if (texts.some((t) => t.includes('Index'))) return texts;
    if (Date.now() - opened > 3000) {
      await page.keyboard.press('Escape');
      await page.keyboard.press(`${mod}+Shift+O`);
      opened = Date.now();
    }
    return null;
  });
  await page.waitForTimeout(1000);  // time for a second answer, were there one
  const headingRows = (await symbolRows.allTextContents()).filter((t) => t.includes('Index'));
  await shot('document-symbols');
  if (headingRows.length !== 1) throw new TestFailure(`the heading "Index" shows ${headingRows.length} times: ${symbols.join(' | ')}`);
  await page.keyboard.press('Escape');
  ok('document symbols once');

  // 1c. Go to Symbol in Workspace: the heading "Scrum" once (VS Code merges every provider's
  // answer here; the extension leaves Slipbox's headings out next to the built-in's), and the
  // alias "Smidig", which only Slipbox knows.
  let wsOpened = 0;
  const wsRows = page.locator('.quick-input-widget .monaco-list-row >> visible=true');
  const wsInput = page.locator('.quick-input-widget input >> visible=true');
  const scrum = await until('the heading "Scrum" in Go to Symbol in Workspace', async () => {
    const value = (await wsInput.count()) > 0 ? await wsInput.first().inputValue() : '';
    const texts = value === '#Scrum' ? await wsRows.allTextContents() : [];
    if (texts.some((t) => t.includes('Scrum'))) return texts;
    if (Date.now() - wsOpened > 3000) {
      await page.keyboard.press('Escape');
      await page.keyboard.press(`${mod}+T`);
      await wsInput.first().waitFor({ state: 'visible', timeout: WAIT_MS });
      await wsInput.first().fill('#Scrum');
      wsOpened = Date.now();
    }
    return null;
  });
  await page.waitForTimeout(1000);
  const scrumRows = (await wsRows.allTextContents()).filter((t) => t.includes('Scrum'));
  await shot('workspace-symbols');
  if (scrumRows.length !== 1) throw new TestFailure(`the heading "Scrum" shows ${scrumRows.length} times: ${scrum.join(' | ')}`);
  await wsInput.first().fill('#Smidig');
  await until('the alias "Smidig" in Go to Symbol in Workspace', async () =>
    (await wsRows.allTextContents()).some((t) => t.includes('Smidig')));
  await page.keyboard.press('Escape');
  ok('workspace symbols: headings once, aliases from Slipbox');

  // 2. The Problems panel lists the broken link as an error (severity from the settings).
  await page.keyboard.press(`${mod}+Shift+M`);
  const problem = page.locator('.markers-panel .monaco-list-row', { hasText: 'Ingen slik notat' }).first();
  await until('broken link in the Problems panel', async () => problem.isVisible());
  const problemRows = await page.locator('.markers-panel .monaco-list-row').allTextContents();
  const isError = await problem.locator('.codicon-error').count();
  await shot('problems');
  if (!isError) throw new TestFailure(`the broken link is not shown as an error: ${problemRows.join(' | ')}`);
  const stray = problemRows.filter((t) => /No note|unresolved/i.test(t) && !t.includes('Ingen slik notat'));
  if (stray.length) throw new TestFailure(`unexpected problems: ${stray.join(' | ')}`);
  ok('Problems panel shows the broken link as an error');

  // 2b. Semantic colours: the broken link is drawn in the theme's "invalid" colour (red in
  // the default theme), a resolved link is not. The extension maps Slipbox's token types and
  // its `unresolved` modifier to TextMate scopes, so any theme colours them.
  const colourOf = (needle) => page.evaluate((needle) => {
    const group = document.querySelector('.part.editor .editor-group-container.active') || document;
    for (const span of group.querySelectorAll('.monaco-editor .view-lines .view-line span span')) {
      if (span.textContent.includes(needle)) return getComputedStyle(span).color;
    }
    return null;
  }, needle);
  const rgb = (colour) => (colour ? colour.match(/\d+/g).slice(0, 3).map(Number) : null);
  const isRed = (c) => c && c[0] > 150 && c[1] < 120 && c[2] < 120;
  const brokenColour = await until('the broken link drawn in red', async () => {
    const c = rgb(await colourOf('Ingen'));
    return isRed(c) ? c : null;
  });
  const resolvedColour = rgb(await colourOf('Agile'));
  await shot('semantic-colours');
  if (!resolvedColour || isRed(resolvedColour)) {
    throw new TestFailure(`the resolved link [[Agile Metoder]] is drawn in rgb(${resolvedColour}) like the broken one`);
  }
  ok(`semantic colours: the broken link in rgb(${brokenColour}), a resolved one in rgb(${resolvedColour})`);

  // 2c. Folding from Slipbox: a multi-line %% comment %% (vscode.sh appends one to Index.md),
  // which VS Code's own Markdown folding does not know. Fold at its first line: the lines
  // after it hide, the line itself and the rest of the note stay (folding the enclosing
  // heading section instead would hide them all).
  const comment = await textPoint('Utkast:');
  await page.mouse.click(comment.x, comment.y);
  await page.keyboard.press(`${mod}+Shift+BracketLeft`);
  await until('the comment folded', async () => {
    const lines = await editorLines();
    return lines.some((l) => l.includes('Utkast:')) && !lines.some((l) => l.includes('ikke ferdig')) &&
      lines.some((l) => l.includes('Broken:'));
  }, 10000);
  await shot('folded-comment');
  await page.keyboard.press(`${mod}+Shift+BracketRight`);
  await until('the comment unfolded', async () => (await editorLines()).some((l) => l.includes('ikke ferdig')), 10000);
  ok('folding a %% comment %%');

  // 3. Hover over a link to a note in a non-ASCII folder: the preview shows the note.
  // As a person would, the mouse goes away and comes back if no hover shows at first.
  const hover = page.locator('.monaco-hover', { hasText: 'Tall for året' }).first();
  let lastMove = 0;
  await until('hover preview with "Tall for året"', async () => {
    if (await hover.isVisible()) return true;
    if (Date.now() - lastMove > 5000) {
      const budget = await textPoint('Budsjett');
      await page.mouse.move(budget.x - 40, budget.y - 60);
      await page.mouse.move(budget.x, budget.y, { steps: 5 });
      lastMove = Date.now();
    }
    return false;
  });
  await shot('hover');
  ok('hover previews the linked note');
  await page.mouse.move(5, 5);
  await page.keyboard.press('Escape');

  // 4. Completion after `[[` on a new last line (VS Code closes the brackets itself).
  const last = await textPoint('Broken:');
  await page.mouse.click(last.x, last.y);
  await page.keyboard.press(`${mod}+End`);
  await page.keyboard.press('Enter');
  await page.keyboard.type('Mer 🫐: ', { delay: 30 });
  await page.keyboard.type('[[', { delay: 80 });
  const labels = page.locator('.suggest-widget .monaco-list-row .label-name');
  const all = await until('completion list after [[ with the vault notes', async () => {
    const texts = await labels.allTextContents();
    return texts.includes('Agile Metoder') && texts.includes('Budsjett 2024') ? texts : null;
  });
  await shot('completion');
  const duplicates = all.filter((t, i) => all.indexOf(t) !== i);
  if (duplicates.length) throw new TestFailure(`completion shows entries twice: ${duplicates.join(', ')} in ${all.join(', ')}`);
  ok(`completion after [[ lists ${all.join(', ')}`);
  await page.keyboard.type('Agi', { delay: 80 });
  await until('completion filtered to Agile Metoder', async () => {
    const texts = await labels.allTextContents();
    return texts.length >= 1 && texts[0] === 'Agile Metoder';
  });
  await page.keyboard.press('Enter');
  let seen = '';
  await until('"Mer 🫐: [[Agile Metoder]]" in the editor after accepting', async () => {
    const lines = await editorLines();
    seen = lines.find((l) => l.startsWith('Mer 🫐: [[')) || lines.join(' / ');
    return seen.trim() === 'Mer 🫐: [[Agile Metoder]]';
  }, 15000).catch((e) => {
    throw new TestFailure(`${e.message}; the line is ${JSON.stringify(seen)}`);
  });
  await shot('completion-accepted');
  ok('accepting the completion writes [[Agile Metoder]]');
  // The server saw the same edits: the completed link is not reported broken.
  await until('the Problems panel back to the one broken link', async () => {
    const rows = await page.locator('.markers-panel .monaco-list-row', { hasText: 'No note named' }).allTextContents();
    return rows.length === 1 && rows[0].includes('Ingen slik notat');
  });
  ok('no stale diagnostics after the edit');

  // Markdown links: `[text](` completes too, once (the extension's configurationDefaults turn
  // VS Code's own path suggestions off), and accepting writes one encoded link.
  await page.keyboard.press('End');
  await page.keyboard.press('Enter');
  await page.keyboard.type('Se [budsjett](', { delay: 60 });
  const mdLabels = await until('completion list after [text](', async () => {
    const texts = await labels.allTextContents();
    return texts.includes('Budsjett 2024') ? texts : null;
  });
  await shot('completion-markdown-link');
  const mdDuplicates = mdLabels.filter((t, i) => mdLabels.indexOf(t) !== i);
  if (mdDuplicates.length) throw new TestFailure(`completion after [text]( shows entries twice: ${mdLabels.join(', ')}`);
  ok(`completion after [text]( lists ${mdLabels.join(', ')}`);
  await page.keyboard.type('Bud', { delay: 80 });
  await until('completion filtered to Budsjett 2024', async () => {
    const texts = await labels.allTextContents();
    return texts.length >= 1 && texts[0] === 'Budsjett 2024';
  });
  await page.keyboard.press('Enter');
  const expectedMd = 'Se [budsjett](Økonomi/Budsjett%202024.md)';
  await until(`"${expectedMd}" in the editor after accepting`, async () => {
    const lines = await editorLines();
    seen = lines.find((l) => l.startsWith('Se [budsjett](')) || lines.join(' / ');
    return seen.trim() === expectedMd;
  }, 15000).catch((e) => {
    throw new TestFailure(`${e.message}; the line is ${JSON.stringify(seen)}`);
  });
  ok('accepting writes the encoded Markdown link');
  await page.keyboard.press('Escape');

  // 5. F12 on a link after an emoji opens the note in the emoji folder.
  const agile = await textPoint('Agile');
  await page.mouse.click(agile.x, agile.y);
  await page.keyboard.press('F12');
  await until('Agile Metoder.md opened by F12', async () => (await activeTabLabel()).includes('Agile Metoder.md') &&
    (await editorLines()).some((l) => l.includes('Smidig utvikling er målet')));
  await shot('definition');
  ok('F12 opens the linked note');

  // 5b. The backlink code lens (slipbox.codeLens.backlinks in the settings) above the title:
  // clicking it runs the extension's slipbox.showReferences, which opens the peek view with
  // the links from Index.md and from Budsjett 2024.md (not open).
  const lens = page.locator('.part.editor .editor-group-container.active .codelens-decoration a', { hasText: /backlinks?/ }).first();
  await until('a backlink code lens above the title', async () => (await lens.count()) > 0 && lens.isVisible());
  const lensTitle = (await lens.textContent()) || '';
  await lens.click();
  const peek = page.locator('.peekview-widget .ref-tree .monaco-list-row');
  await until('the peek view lists the backlinks of Index.md and Budsjett 2024.md', async () => {
    const rows = (await peek.allTextContents()).join(' | ');
    return rows.includes('Index.md') && rows.includes('Budsjett 2024.md');
  });
  await shot('code-lens-references');
  await page.keyboard.press('Escape');
  ok(`the code lens "${lensTitle.trim()}" shows the backlinks`);

  // 6. The server log in the output channel, and "Slipbox: Restart server". VS Code keeps
  // each output channel in a file under the logs folder; the restart is read from there, as
  // the panel only renders the lines in view.
  await runCommand('Slipbox: Show server log');
  await until('the Slipbox output channel in the panel', async () => {
    const channel = await page.evaluate(() => {
      const select = document.querySelector('.part.panel select');
      return select ? select.options[select.selectedIndex]?.text ?? '' : '';
    });
    const text = await outputText();
    return channel === 'Slipbox' && (text.includes('Starting ') || text.includes('[Trace'));
  });
  const channelLog = () => {
    const found = [];
    const walk = (dir) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (entry.name.includes('Slipbox')) found.push(fs.readFileSync(full, 'utf8'));
      }
    };
    walk(process.env.VSCODE_LOGS_DIR);
    return found.join('\n');
  };
  await runCommand('Slipbox: Restart server');
  await until('"Restarting the server…", "Server stopped." and a new "Server started." in the Slipbox output channel', async () => {
    const log = channelLog();
    const restart = log.indexOf('Restarting the server');
    return restart > log.indexOf('Server started.') && log.indexOf('Server stopped.', restart) > restart &&
      log.indexOf('Server started.', restart) > restart;
  });
  await shot('output-after-restart');
  ok('Slipbox: Restart server, with the log in the output channel');

  // 7. A settings change reaches the running server: broken links become warnings. The user
  // edits settings.json in VS Code: "error" → "warning" with Replace, then saves.
  await runCommand('Preferences: Open User Settings (JSON)');
  await until('settings.json in the editor', async () => (await activeTabLabel()).includes('settings.json') &&
    (await editorLines()).some((l) => l.includes('"unresolved-link": "error"')));
  await page.keyboard.press(`${mod}+H`);
  const findInput = page.locator('.find-widget .find-part .monaco-findInput textarea, .find-widget .find-part .monaco-findInput input').first();
  const replaceInput = page.locator('.find-widget .replace-part .monaco-findInput textarea, .find-widget .replace-part .monaco-findInput input').first();
  await findInput.waitFor({ state: 'visible', timeout: WAIT_MS });
  await findInput.fill('"error"');
  await replaceInput.fill('"warning"');
  await replaceInput.press(`${mod}+Alt+Enter`);
  await until('"unresolved-link": "warning" in settings.json', async () =>
    (await editorLines()).some((l) => l.includes('"unresolved-link": "warning"')));
  await page.keyboard.press('Escape');
  await page.keyboard.press(`${mod}+S`);
  await until('settings.json saved', async () => !(await page.evaluate(() =>
    !!document.querySelector('.part.editor .editor-group-container.active .tab.active.dirty'))));
  await page.keyboard.press(`${mod}+Shift+M`);
  const warning = page.locator('.markers-panel .monaco-list-row', { hasText: 'Ingen slik notat' }).locator('.codicon-warning');
  await until('the broken link shown as a warning after the settings change', async () => (await warning.count()) > 0);
  await shot('severity-changed');
  ok('a settings change re-publishes diagnostics with the new severity');
}

(async () => {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const consoleLog = fs.createWriteStream(path.join(artifacts, 'vscode-browser-console.log'));
  let code = 0;
  try {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    page = await context.newPage();
    page.on('console', (m) => consoleLog.write(`[${m.type()}] ${m.text()}\n`));
    page.setDefaultTimeout(WAIT_MS);
    await run();
    process.stdout.write(`vscode: ${passed.length} passed, 0 failed\n`);
  } catch (e) {
    code = 1;
    const file = page ? await shot('failure') : '';
    log(`FAIL: ${e instanceof TestFailure ? e.message : e.stack || e}`);
    if (file) log(`screenshot: ${file}`);
    process.stdout.write(`vscode: ${passed.length} passed, 1 failed\n`);
  } finally {
    consoleLog.end();
    await browser.close().catch(() => {});
  }
  process.exit(code);
})();
