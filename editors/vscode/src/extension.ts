// Slipbox for VS Code: starts `slipbox lsp` for Markdown files and keeps it in step with
// the user's settings. All the language smarts live in the server.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import {
  LanguageClient,
  Middleware,
  LanguageClientOptions,
  RevealOutputChannelOn,
  ServerOptions,
  State,
  TransportKind,
} from 'vscode-languageclient/node';

const CLIENT_ID = 'slipbox';
const CLIENT_NAME = 'Slipbox';

let client: LanguageClient | undefined;
let output: vscode.OutputChannel;
let starting: Promise<void> | undefined;
let extensionPath = '';

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  extensionPath = context.extensionPath;
  output = vscode.window.createOutputChannel(CLIENT_NAME);
  context.subscriptions.push(output);

  context.subscriptions.push(
    vscode.commands.registerCommand('slipbox.restartServer', () => restart()),
    vscode.commands.registerCommand('slipbox.showOutput', () => output.show(true)),
    // The backlink code lens's command (server-side name): the server sends protocol values.
    vscode.commands.registerCommand('slipbox.showReferences', showReferences),
    vscode.workspace.onDidChangeConfiguration(onConfigurationChanged),
    vscode.workspace.onDidGrantWorkspaceTrust(() => restart()),
  );

  await start();
}

export async function deactivate(): Promise<void> {
  await stop();
}

// The server's own options: the `slipbox` settings minus what only the extension reads.
export function serverOptions(): Record<string, unknown> {
  const config = vscode.workspace.getConfiguration('slipbox');
  const diagnostics = { severity: config.get<Record<string, string>>('diagnostics.severity') ?? {} };
  const index = {
    maxNoteBytes: config.get<number>('index.maxNoteBytes') ?? 10485760,
    maxFiles: config.get<number>('index.maxFiles') ?? 500000,
    waitSeconds: config.get<number>('index.waitSeconds') ?? 10,
    followSymlinks: config.get<boolean>('index.followSymlinks') ?? true,
  };
  const codeLens = { backlinks: config.get<boolean>('codeLens.backlinks') ?? false };
  const inlayHints = {
    embeds: config.get<boolean>('inlayHints.embeds') ?? false,
    ambiguousLinks: config.get<boolean>('inlayHints.ambiguousLinks') ?? false,
  };
  const exclude = config.get<string[]>('index.exclude') ?? [];
  // Unset style and format (null) leave the choice to the vault's .obsidian/app.json.
  const links = {
    style: config.get<string | null>('links.style') ?? null,
    format: config.get<string | null>('links.format') ?? null,
    resolveAliases: config.get<boolean>('links.resolveAliases') ?? false,
  };
  return { diagnostics, codeLens, inlayHints, index: { ...index, exclude }, links };
}

interface ProtocolPosition {
  line: number;
  character: number;
}
interface ProtocolLocation {
  uri: string;
  range: { start: ProtocolPosition; end: ProtocolPosition };
}

// `slipbox.showReferences(uri, position, locations)` from a backlink lens: the peek view of
// the links to the note or heading, as "Find All References" shows them.
export async function showReferences(uri: string, position: ProtocolPosition, locations: ProtocolLocation[]): Promise<void> {
  const toPosition = (p: ProtocolPosition) => new vscode.Position(p.line, p.character);
  await vscode.commands.executeCommand(
    'editor.action.showReferences',
    vscode.Uri.parse(uri),
    toPosition(position),
    (locations ?? []).map(
      (l) => new vscode.Location(vscode.Uri.parse(l.uri), new vscode.Range(toPosition(l.range.start), toPosition(l.range.end))),
    ),
  );
}

async function start(): Promise<void> {
  if (starting) return starting;
  starting = (async () => {
    const command = resolveServerPath();
    if (!command) return;
    const args = ['lsp', ...(vscode.workspace.getConfiguration('slipbox').get<string[]>('server.extraArgs') ?? [])];
    output.appendLine(`Starting ${command} ${args.join(' ')}`);

    const server: ServerOptions = {
      run: { command, args, transport: TransportKind.stdio },
      debug: { command, args, transport: TransportKind.stdio },
    };
    const options: LanguageClientOptions = {
      documentSelector: [
        { scheme: 'file', language: 'markdown' },
        { scheme: 'untitled', language: 'markdown' },
      ],
      outputChannel: output,
      revealOutputChannelOn: RevealOutputChannelOn.Never,
      initializationOptions: serverOptions(),
      // No static file watcher: the server registers its own (workspace/didChangeWatchedFiles).
      markdown: { isTrusted: false, supportHtml: false },
      middleware: builtInMarkdownMiddleware(),
    };

    const c = new LanguageClient(CLIENT_ID, CLIENT_NAME, server, options);
    c.onDidChangeState((e) => {
      if (e.newState === State.Stopped) output.appendLine('Server stopped.');
    });
    client = c;
    try {
      await c.start();
      const info = c.initializeResult?.serverInfo;
      output.appendLine(`Server started. ${info?.name ?? 'slipbox'} ${info?.version ?? '(version unknown)'}, ${command}`);
    } catch (err) {
      const message =
        `Slipbox: the server "${command}" could not start (${String(err)}). ` +
        'Set "slipbox.server.path" to a working slipbox executable.';
      output.appendLine(message);
      void vscode.window.showErrorMessage(message, 'Open Setting', 'Show Log').then((choice) => {
        if (choice === 'Open Setting') {
          void vscode.commands.executeCommand('workbench.action.openSettings', 'slipbox.server.path');
        } else if (choice === 'Show Log') {
          output.show(true);
        }
      });
    }
  })();
  try {
    await starting;
  } finally {
    starting = undefined;
  }
}

async function stop(): Promise<void> {
  const c = client;
  client = undefined;
  if (!c) return;
  try {
    if (c.state !== State.Stopped) await c.stop(5000);
  } catch (err) {
    output.appendLine(`Stopping the server failed: ${String(err)}`);
  }
}

async function restart(): Promise<void> {
  output.appendLine('Restarting the server…');
  await stop();
  await start();
}

async function onConfigurationChanged(e: vscode.ConfigurationChangeEvent): Promise<void> {
  if (!e.affectsConfiguration('slipbox')) return;
  if (e.affectsConfiguration('slipbox.server')) {
    await restart();
    return;
  }
  if (e.affectsConfiguration('slipbox.trace')) return;  // the client follows it by itself
  if (client && client.state === State.Running) {
    // Same shape as initializationOptions, so the server parses one format.
    await client.sendNotification('workspace/didChangeConfiguration', { settings: serverOptions() });
  }
}

// The executable to run, or undefined (after telling the user) when there is none:
// the `slipbox.server.path` setting when it names something else than the bare default,
// else `slipbox` on PATH, else the server bundled in a platform .vsix (server/slipbox).
function resolveServerPath(): string | undefined {
  const config = vscode.workspace.getConfiguration('slipbox');
  let configured = (config.get<string>('server.path') ?? '').trim() || 'slipbox';
  if (!vscode.workspace.isTrusted) {
    // Workspace settings could name any program: only the user's own setting counts.
    configured = config.inspect<string>('server.path')?.globalValue?.trim() || 'slipbox';
  }
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  let expanded = configured.replace(/^~(?=$|[\\/])/, os.homedir());
  if (folder) expanded = expanded.replace(/\$\{workspaceFolder\}/g, folder);

  const found = findExecutable(expanded, folder);
  if (found) return found;
  if (configured === 'slipbox') {
    const bundled = bundledServer();
    if (bundled) return bundled;
  }
  const message =
    configured === 'slipbox'
      ? 'Slipbox: no server found: "slipbox" is not on PATH and this build of the extension bundles none. Install slipbox or set "slipbox.server.path".'
      : `Slipbox: the server "${configured}" (slipbox.server.path) was not found.`;
  output.appendLine(message);
  void vscode.window.showErrorMessage(message, 'Open Setting').then((choice) => {
    if (choice) void vscode.commands.executeCommand('workbench.action.openSettings', 'slipbox.server.path');
  });
  return undefined;
}

// server/slipbox inside the extension (platform .vsix only), made executable if the
// installer dropped the mode bits.
function bundledServer(): string | undefined {
  if (!extensionPath) return undefined;
  const candidate = path.join(extensionPath, 'server', process.platform === 'win32' ? 'slipbox.exe' : 'slipbox');
  try {
    if (!fs.statSync(candidate).isFile()) return undefined;
  } catch {
    return undefined;
  }
  try {
    fs.accessSync(candidate, fs.constants.X_OK);
  } catch {
    try {
      fs.chmodSync(candidate, 0o755);
    } catch (err) {
      output.appendLine(`The bundled server ${candidate} is not executable: ${String(err)}`);
      return undefined;
    }
  }
  return candidate;
}

function findExecutable(name: string, folder: string | undefined): string | undefined {
  const candidates: string[] = [];
  if (name.includes('/') || name.includes('\\')) {
    candidates.push(path.isAbsolute(name) ? name : path.resolve(folder ?? process.cwd(), name));
  } else {
    const exts = process.platform === 'win32' ? (process.env.PATHEXT ?? '.EXE;.CMD').split(';') : [''];
    for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
      if (!dir) continue;
      for (const ext of exts) candidates.push(path.join(dir, name + ext));
    }
  }
  for (const candidate of candidates) {
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      // not this one
    }
  }
  return undefined;
}

// VS Code's built-in Markdown extension already answers some requests the way Slipbox does,
// and VS Code shows every provider's answer side by side. Where both would answer, the
// built-in answer stays and Slipbox's is left out, so nothing shows twice: the outline
// (headings), headings in Go to Symbol in Workspace, links in Markdown link syntax and bare
// URLs. Wikilinks, notes, aliases and tags are Slipbox's alone.
function builtInMarkdownMiddleware(): Middleware {
  const builtIn = () => vscode.extensions.getExtension('vscode.markdown-language-features') !== undefined;
  return {
    provideDocumentSymbols: (document, token, next) => (builtIn() ? [] : next(document, token)),
    provideWorkspaceSymbols: async (query, token, next) => {
      const symbols = await next(query, token);
      if (!symbols || !builtIn()) return symbols;
      return symbols.filter((s) => s.kind !== vscode.SymbolKind.String);  // headings
    },
    provideDocumentLinks: async (document, token, next) => {
      const links = await next(document, token);
      if (!links || !builtIn()) return links;
      return links.filter((link) => insideWikilink(document, link.range));
    },
  };
}

// Whether a range lies in `[[…]]` / `![[…]]` (not in Markdown link syntax or a bare URL).
function insideWikilink(document: vscode.TextDocument, range: vscode.Range): boolean {
  const text = document.getText(range);
  if (text.startsWith('[[') || text.startsWith('![[')) return true;
  const before = document.lineAt(range.start.line).text.slice(0, range.start.character);
  const open = before.lastIndexOf('[[');
  return open >= 0 && before.indexOf(']]', open) < 0 && before.lastIndexOf('](') < open;
}
