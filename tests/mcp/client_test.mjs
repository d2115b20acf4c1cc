// Drives `slipbox mcp` with the official TypeScript SDK client (@modelcontextprotocol/sdk)
// over stdio against a copy of tests/mcp/vault: every tool, the resources, pagination,
// read-only mode, protocol errors, and fault injection (the server killed mid-write).
// Usage: node client_test.mjs SLIPBOX_BINARY   (NODE_PATH: where the SDK is installed)
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createRequire } from "node:module";

const require = createRequire(path.join(process.env.SLIPBOX_MCP_MODULES ?? ".", "noop.js"));
const { Client } = require("@modelcontextprotocol/sdk/client/index.js");
const { StdioClientTransport } = require("@modelcontextprotocol/sdk/client/stdio.js");
const { ResourceUpdatedNotificationSchema } = require("@modelcontextprotocol/sdk/types.js");

const binary = process.argv[2];
assert.ok(binary && fs.existsSync(binary), "usage: node client_test.mjs path/to/slipbox");
const here = path.dirname(fileURLToPath(import.meta.url));
const fixture = path.join(here, "vault");

let failures = 0;
let passed = 0;
async function test(name, fn) {
  try {
    await fn();
    passed++;
    console.log(`ok - ${name}`);
  } catch (error) {
    failures++;
    console.log(`not ok - ${name}\n${error.stack ?? error}`);
  }
}

function freshVault() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "slipbox-mcp-"));
  fs.cpSync(fixture, dir, { recursive: true });
  return dir;
}
function snapshot(dir) {
  // Every file under dir (hidden temporary files included) → its bytes.
  const out = {};
  const walk = (folder) => {
    for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) walk(full);
      else out[path.relative(dir, full)] = fs.readFileSync(full).toString("latin1");
    }
  };
  walk(dir);
  return out;
}

async function connect(vault, { args = [], env = {} } = {}) {
  const transport = new StdioClientTransport({
    command: binary,
    args: ["mcp", ...args, vault],
    env: { ...process.env, ...env },
    stderr: "pipe",
  });
  const stderr = [];
  transport.stderr?.on("data", (chunk) => stderr.push(chunk.toString()));
  const client = new Client({ name: "slipbox-test", version: "1.0.0" });
  await client.connect(transport);
  return { client, transport, stderr };
}

async function call(client, name, args) {
  const result = await client.callTool({ name, arguments: args });
  if (result.isError) throw new Error(`${name} failed: ${result.content?.[0]?.text}`);
  assert.ok(result.structuredContent, `${name} has structuredContent`);
  assert.deepEqual(JSON.parse(result.content[0].text), result.structuredContent, `${name}: text mirrors structuredContent`);
  return result.structuredContent;
}
async function callError(client, name, args) {
  const result = await client.callTool({ name, arguments: args });
  assert.equal(result.isError, true, `${name} should fail: ${JSON.stringify(result)}`);
  return result.content[0].text;
}

const vault = freshVault();
const { client, transport } = await connect(vault);

await test("initialize negotiates a supported revision and advertises tools and resources", async () => {
  const info = client.getServerVersion();
  assert.equal(info.name, "slipbox");
  const caps = client.getServerCapabilities();
  assert.ok(caps.tools);
  assert.equal(caps.resources.subscribe, true);
  assert.ok(["2025-11-25", "2025-06-18", "2025-03-26"].includes(transport._protocolVersion ?? "2025-06-18"));
  await client.ping();
});

await test("tools/list: every tool with input and output schemas", async () => {
  const { tools } = await client.listTools();
  const names = tools.map((tool) => tool.name).sort();
  assert.deepEqual(names, ["broken_links", "create_note", "edit_note", "list_tags", "move_note", "neighbourhood",
    "note_links", "notes_with_tag", "read_note", "rename_note", "search_notes"]);
  for (const tool of tools) {
    assert.equal(tool.inputSchema.type, "object", tool.name);
    assert.equal(tool.outputSchema.type, "object", tool.name);
  }
});

await test("search_notes: names first, then full text with line and context; paginated", async () => {
  const byName = await call(client, "search_notes", { query: "plan" });
  assert.equal(byName.hits[0].path, "Projects/Plan.md");
  assert.equal(byName.hits[0].kind, "name");
  const text = await call(client, "search_notes", { query: "saga pattern" });
  const hit = text.hits.find((h) => h.kind === "text");
  assert.equal(hit.path, "Home.md");
  assert.equal(hit.line, 13);
  assert.match(hit.context, /saga pattern/);
  const alias = await call(client, "search_notes", { query: "Start", full_text: false });
  assert.ok(alias.hits.some((h) => h.kind === "alias" && h.path === "Home.md"));
  const heading = await call(client, "search_notes", { query: "Goals", full_text: false });
  assert.ok(heading.hits.some((h) => h.kind === "heading" && h.path === "Projects/Plan.md" && h.line === 3));
  // Pagination: one hit per page, cursors until the end, no duplicates.
  const all = await call(client, "search_notes", { query: "o", limit: 200 });
  const seen = [];
  let cursor;
  do {
    const page = await call(client, "search_notes", { query: "o", limit: 2, ...(cursor ? { cursor } : {}) });
    seen.push(...page.hits);
    cursor = page.next_cursor;
  } while (cursor);
  assert.deepEqual(seen, all.hits);
  assert.match(await callError(client, "search_notes", { query: "o", cursor: "garbage" }), /Invalid cursor/);
});

let homeVersion;
await test("read_note: whole note, section, block, front matter, version, links", async () => {
  const note = await call(client, "read_note", { path: "Home", include_links: true });
  assert.equal(note.path, "Home.md");
  assert.deepEqual(note.front_matter, { tags: ["home"], aliases: ["Start"], rating: 5, draft: false });
  assert.equal(note.content, fs.readFileSync(path.join(vault, "Home.md"), "utf8"));
  assert.match(note.version, /^[0-9a-f]{16}$/);
  assert.ok(note.uri.startsWith("file://"));
  homeVersion = note.version;
  const plan = note.links.find((l) => l.text === "[[Plan#Goals]]");
  assert.equal(plan.target, "Projects/Plan.md");
  assert.equal(plan.heading, "Goals");
  assert.equal(plan.status, "resolved");
  const missing = note.links.find((l) => l.text === "[[Missing note]]");
  assert.equal(missing.status, "missing-note");
  assert.match(missing.reason, /Missing note/);
  const section = await call(client, "read_note", { path: "Home.md", section: "Ideas" });
  assert.ok(section.content.startsWith("## Ideas\n"));
  assert.ok(!section.content.includes("## Projects"));
  assert.equal(section.line_start, 12);
  const block = await call(client, "read_note", { path: "Home", section: "^idea1" });
  assert.equal(block.content.trim(), "A saga pattern for long transactions. ^idea1");
  assert.match(await callError(client, "read_note", { path: "Home", section: "Nope" }), /Its headings: "Home", "Projects", "Ideas"/);
  assert.match(await callError(client, "read_note", { path: "Hme" }), /Closest: Home\.md/);
});

await test("note_links: outgoing with status, backlinks with line, per heading", async () => {
  const links = await call(client, "note_links", { path: "Projects/Plan.md" });
  const sources = links.backlinks.map((b) => `${b.path}:${b.line}`).sort();
  assert.deepEqual(sources, ["Archive/Old.md:1", "Home.md:10", "Home.md:10"]);
  assert.ok(links.outgoing.some((l) => l.target === "Home.md" && l.heading === "Ideas"));
  const goals = await call(client, "note_links", { path: "Plan", section: "Goals" });
  assert.deepEqual(goals.backlinks.map((b) => b.heading), ["Goals"]);
  assert.match(goals.backlinks[0].text, /\[\[Plan#Goals\]\]/);
  const block = await call(client, "note_links", { path: "Home", section: "^idea1" });
  assert.deepEqual(block.backlinks.map((b) => [b.path, b.block]), [["Projects/Plan.md", "idea1"]]);
});

await test("broken_links: with suggestions and mojibake repair", async () => {
  const broken = await call(client, "broken_links", {});
  const targets = broken.broken_links.map((b) => b.target).sort();
  assert.deepEqual(targets, ["Missing note", "Plna", "kjÃ¸per"]);
  const typo = broken.broken_links.find((b) => b.target === "Plna");
  assert.ok(typo.suggestions.some((s) => s.replacement === "[[Plan]]"), JSON.stringify(typo));
  const mojibake = broken.broken_links.find((b) => b.target === "kjÃ¸per");
  assert.equal(mojibake.suggestions[0].replacement, "[[kjøper]]");
  const missing = broken.broken_links.find((b) => b.target === "Missing note");
  assert.ok(missing.suggestions.some((s) => s.create === "Inbox/Missing note.md"), JSON.stringify(missing));
  const scoped = await call(client, "broken_links", { scope: "Projects" });
  assert.equal(scoped.total, 0);
});

await test("list_tags and notes_with_tag, nested tags included", async () => {
  const tags = await call(client, "list_tags", {});
  const counts = Object.fromEntries(tags.tags.map((t) => [t.tag, t.notes]));
  assert.deepEqual(counts, { home: 1, project: 2, "project/alpha": 1 });
  const tagged = await call(client, "notes_with_tag", { tag: "#project" });
  assert.deepEqual(tagged.notes.map((n) => n.path), ["Home.md", "Projects/Plan.md"]);
  const exact = await call(client, "notes_with_tag", { tag: "project", include_nested: false });
  assert.deepEqual(exact.notes.map((n) => n.path), ["Projects/Plan.md"]);
});

await test("neighbourhood: nodes within N links, edge counts", async () => {
  const near = await call(client, "neighbourhood", { path: "Archive/Old.md", depth: 1 });
  assert.deepEqual(near.nodes.map((n) => n.id).sort(), ["Archive/Old.md", "Home.md", "Projects/Plan.md"]);
  const far = await call(client, "neighbourhood", { path: "Archive/Old.md", depth: 2 });
  assert.ok(far.nodes.some((n) => n.id === "attachments/diagram.png" && n.kind === "attachment"));
  const edge = far.edges.find((e) => e.source === "Home.md" && e.target === "Projects/Plan.md");
  assert.equal(edge.count, 2);
  assert.deepEqual(edge.kinds, { link: 1, embed: 0, heading: 1, block: 0 });
});

await test("create_note: newFileLocation, template, refuses to overwrite", async () => {
  const created = await call(client, "create_note", { path: "Idea", content: "First thought." });
  assert.equal(created.path, "Inbox/Idea.md");
  assert.equal(fs.readFileSync(path.join(vault, "Inbox/Idea.md"), "utf8"), "First thought.\n");
  assert.deepEqual(created.writes, [{ path: "Inbox/Idea.md", bytes: 15 }]);
  assert.match(await callError(client, "create_note", { path: "Inbox/Idea" }), /already exists/);
  assert.equal(fs.readFileSync(path.join(vault, "Inbox/Idea.md"), "utf8"), "First thought.\n");
  const daily = await call(client, "create_note", { path: "Journal/2026-12-07", template: "Templates/Daily" });
  assert.match(fs.readFileSync(path.join(vault, "Journal/2026-12-07.md"), "utf8"), /^# 2026-12-07\nCreated \d{4}-\d\d-\d\d\.\n$/);
  assert.equal(daily.path, "Journal/2026-12-07.md");
  assert.match(await callError(client, "create_note", { path: "../outside" }), /outside the vault/);
  const found = await call(client, "read_note", { path: "Inbox/Idea" });  // indexed at once
  assert.equal(found.content, "First thought.\n");
});

await test("edit_note: append, prepend, under heading; a stale version is refused", async () => {
  const before = fs.readFileSync(path.join(vault, "Home.md"), "utf8");
  assert.match(await callError(client, "edit_note", { path: "Home", version: "0000000000000000", operation: "append", text: "x" }),
    /changed since you read it/);
  assert.equal(fs.readFileSync(path.join(vault, "Home.md"), "utf8"), before);
  const appended = await call(client, "edit_note", { path: "Home", version: homeVersion, operation: "append", text: "Appended line" });
  assert.equal(fs.readFileSync(path.join(vault, "Home.md"), "utf8"), before + "Appended line\n");
  // The old version is now stale.
  assert.match(await callError(client, "edit_note", { path: "Home", version: homeVersion, operation: "append", text: "again" }), /changed/);
  const under = await call(client, "edit_note", { path: "Home", version: appended.version, operation: "insert_under_heading",
    heading: "Projects", text: "- new project" });
  const text = fs.readFileSync(path.join(vault, "Home.md"), "utf8");
  assert.match(text, /!\[\[diagram\.png\]\]\.\n\n- new project\n## Ideas/);
  await call(client, "edit_note", { path: "Home", version: under.version, operation: "prepend", text: "Top line" });
  assert.match(fs.readFileSync(path.join(vault, "Home.md"), "utf8"), /^---\n[\s\S]*?---\nTop line\n# Home/);
});

await test("rename_note: dry run lists the link changes, then every link is rewritten", async () => {
  const before = snapshot(vault);
  const dry = await call(client, "rename_note", { path: "Plan", new_name: "Master Plan", dry_run: true });
  assert.deepEqual(dry.moves, [{ from: "Projects/Plan.md", to: "Projects/Master Plan.md" }]);
  const edits = Object.fromEntries(dry.changes.map((c) => [c.path, c.edits.map((e) => `${e.old}->${e.new}`)]));
  assert.deepEqual(edits["Home.md"], ["Plan->Master Plan", "Plan->Master Plan"]);
  assert.deepEqual(edits["Archive/Old.md"], ["Plan->Master Plan"]);
  assert.deepEqual(snapshot(vault), before, "a dry run writes nothing");
  const done = await call(client, "rename_note", { path: "Plan", new_name: "Master Plan" });
  assert.equal(done.writes.length, 2);
  assert.ok(fs.existsSync(path.join(vault, "Projects/Master Plan.md")));
  assert.ok(!fs.existsSync(path.join(vault, "Projects/Plan.md")));
  assert.match(fs.readFileSync(path.join(vault, "Home.md"), "utf8"), /See \[\[Master Plan\]\] and \[\[Master Plan#Goals\]\]/);
  assert.equal(fs.readFileSync(path.join(vault, "Archive/Old.md"), "utf8"), "Old notes link to [[Master Plan]] and [[Home]].\n");
  const links = await call(client, "note_links", { path: "Master Plan" });
  assert.equal(links.backlinks.length, 3);
  assert.equal((await call(client, "broken_links", {})).total, 3);  // no new broken link
});

await test("move_note: to another folder, links follow", async () => {
  await call(client, "move_note", { path: "Archive/Old.md", folder: "Projects" });
  assert.ok(fs.existsSync(path.join(vault, "Projects/Old.md")));
  const moved = await call(client, "read_note", { path: "Projects/Old" });
  assert.match(moved.content, /\[\[Master Plan\]\]/);
  assert.match(await callError(client, "move_note", { path: "Projects/Old", folder: "../.." }), /outside the vault/);
});

await test("resources: list, read, section template, subscribe to changes on disk", async () => {
  const { resources } = await client.listResources();
  const home = resources.find((r) => r.name === "Home.md");
  assert.equal(home.mimeType, "text/markdown");
  assert.equal(home.uri, pathToFileURL(path.join(vault, "Home.md")).href);
  const read = await client.readResource({ uri: home.uri });
  assert.equal(read.contents[0].text, fs.readFileSync(path.join(vault, "Home.md"), "utf8"));
  const { resourceTemplates } = await client.listResourceTemplates();
  assert.match(resourceTemplates[0].uriTemplate, /\{\+path\}#\{\+section\}$/);
  const sectionUri = resourceTemplates[0].uriTemplate.replace("{+path}", "Home.md").replace("{+section}", "Ideas");
  const section = await client.readResource({ uri: sectionUri });
  assert.ok(section.contents[0].text.startsWith("## Ideas"));
  await assert.rejects(client.readResource({ uri: home.uri.replace("Home.md", "Nope.md") }), /-32002|not found/i);
  const updated = new Promise((resolve) => client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => resolve(n.params.uri)));
  await client.subscribeResource({ uri: home.uri });
  await new Promise((r) => setTimeout(r, 200));
  fs.appendFileSync(path.join(vault, "Home.md"), "Edited on disk\n");
  const uri = await Promise.race([updated, new Promise((_, reject) => setTimeout(() => reject(new Error("no update notification")), 5000))]);
  assert.equal(uri, home.uri);
});

await client.close();

await test("--read-only: write tools absent and refused", async () => {
  const dir = freshVault();
  const { client: ro } = await connect(dir, { args: ["--read-only"] });
  const { tools } = await ro.listTools();
  assert.deepEqual(tools.map((t) => t.name).filter((n) => /create|edit|rename|move/.test(n)), []);
  await assert.rejects(ro.callTool({ name: "edit_note", arguments: { path: "Home", version: "x", operation: "append", text: "x" } }), /Unknown tool/);
  await ro.close();
});

// A raw line-protocol session, for what the SDK client never sends.
function rawSession(dir, lines, expected) {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, ["mcp", dir], { stdio: ["pipe", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (chunk) => {
      out += chunk;
      if (out.split("\n").filter(Boolean).length >= expected) {
        child.stdin.end();
      }
    });
    child.on("close", () => resolve(out.split("\n").filter(Boolean).map((line) => JSON.parse(line))));
    child.on("error", reject);
    for (const line of lines) child.stdin.write(line + "\n");
    setTimeout(() => child.stdin.end(), 5000);
  });
}

await test("malformed input gets JSON-RPC errors; version negotiation; stdout is protocol only", async () => {
  const dir = freshVault();
  const replies = await rawSession(dir, [
    "this is not json",
    JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list" }),
    JSON.stringify({ jsonrpc: "2.0", id: 2, method: "initialize", params: { protocolVersion: "1999-01-01", capabilities: {}, clientInfo: { name: "t", version: "1" } } }),
    JSON.stringify({ jsonrpc: "2.0", method: "notifications/initialized" }),
    JSON.stringify({ jsonrpc: "2.0", id: 3, method: "no/such/method" }),
    JSON.stringify({ jsonrpc: "2.0", id: 4, method: "tools/call", params: { name: "no_such_tool", arguments: {} } }),
    JSON.stringify({ jsonrpc: "2.0", id: 5, method: "resources/list", params: { cursor: "bogus" } }),
    JSON.stringify({ jsonrpc: "2.0", id: 6, method: "tools/call", params: { name: "read_note", arguments: { path: 42 } } }),
    JSON.stringify({ id: 7, method: "ping" }),
    JSON.stringify({ jsonrpc: "2.0", id: 8, method: "initialize", params: { protocolVersion: "2025-03-26", capabilities: {}, clientInfo: { name: "t", version: "1" } } }),
  ], 10);
  const byId = Object.fromEntries(replies.map((r) => [JSON.stringify(r.id), r]));
  assert.equal(byId["null"].error.code, -32700);
  assert.equal(byId["1"].error.code, -32002);
  assert.equal(byId["2"].result.protocolVersion, "2025-11-25");
  assert.equal(byId["3"].error.code, -32601);
  assert.equal(byId["4"].error.code, -32602);
  assert.equal(byId["5"].error.code, -32602);
  assert.equal(byId["6"].result.isError, true);
  assert.match(byId["6"].result.content[0].text, /must be a string/);
  assert.equal(byId["7"].error.code, -32600);
  assert.equal(byId["8"].result.protocolVersion, "2025-03-26");
});

await test("cancellation: a cancelled request is not answered, the next one is", async () => {
  const dir = freshVault();
  const init = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "t", version: "1" } } });
  const replies = await rawSession(dir, [
    init,
    JSON.stringify({ jsonrpc: "2.0", method: "notifications/initialized" }),
    JSON.stringify({ jsonrpc: "2.0", id: 2, method: "tools/call", params: { name: "broken_links", arguments: {} } }),
    JSON.stringify({ jsonrpc: "2.0", method: "notifications/cancelled", params: { requestId: 2, reason: "test" } }),
    JSON.stringify({ jsonrpc: "2.0", id: 3, method: "tools/list" }),
  ], 2);
  const ids = replies.map((r) => r.id);
  assert.ok(ids.includes(1) && ids.includes(3), JSON.stringify(ids));
  // id 2 may have finished before the cancellation arrived; if answered, it is answered once.
  assert.ok(ids.filter((id) => id === 2).length <= 1);
});

// Fault injection: the server dies (SIGKILL) after writing its temporary files, before any
// rename. No note may be lost or half-written.
for (const [name, args] of [
  ["edit_note", null],
  ["rename_note", { path: "Plan", new_name: "Renamed" }],
]) {
  await test(`killed in the middle of ${name}: every note intact`, async () => {
    const dir = freshVault();
    const before = snapshot(dir);
    const { client: doomed } = await connect(dir, { env: { SLIPBOX_MCP_CRASH_AFTER_TEMP: "1" } });
    let callArgs = args;
    if (!callArgs) {
      const note = await call(doomed, "read_note", { path: "Home" });
      callArgs = { path: "Home", version: note.version, operation: "append", text: "lost?" };
    }
    await assert.rejects(doomed.callTool({ name, arguments: callArgs }, undefined, { timeout: 10000 }));
    await doomed.close().catch(() => {});
    const after = snapshot(dir);
    for (const [file, bytes] of Object.entries(before)) assert.equal(after[file], bytes, `${file} unchanged`);
    const extra = Object.keys(after).filter((file) => !(file in before));
    // Only hidden temporary files may remain: complete copies of the new text, never a vault note.
    for (const file of extra) assert.match(path.basename(file), /^\..*\.slipbox-[0-9a-f]{16}$/, file);
    assert.ok(extra.length >= 1, "the temporary file was written before the crash");
    // A fresh server over the same folder sees the old notes, and does not list the leftovers.
    const { client: again } = await connect(dir);
    const page = await again.listResources();
    assert.ok(page.resources.every((r) => !/\.slipbox-[0-9a-f]{16}/.test(r.uri)));
    assert.equal((await call(again, "read_note", { path: "Home" })).content, Buffer.from(before["Home.md"], "latin1").toString("utf8"));
    await again.close();
  });
}

console.log(`${passed} passed, ${failures} failed`);
process.exit(failures ? 1 : 0);
