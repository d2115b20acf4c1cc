-- Slipbox language server for Neovim 0.11+ (vim.lsp.config / vim.lsp.enable).
--
-- Put this file on your 'runtimepath' as lsp/slipbox.lua (for example
-- ~/.config/nvim/lsp/slipbox.lua) and add `vim.lsp.enable('slipbox')` to init.lua.
-- Override anything with vim.lsp.config('slipbox', { ... }).
-- It is also the nvim-lspconfig entry for slipbox (same format as nvim-lspconfig's lsp/*.lua).

---@type vim.lsp.Config
return {
  cmd = { 'slipbox', 'lsp' },
  filetypes = { 'markdown' },
  -- The vault: the nearest folder with .obsidian, else with .git, else the note's own folder.
  root_dir = function(bufnr, on_dir)
    local name = vim.api.nvim_buf_get_name(bufnr)
    if name:match('^%a[%w+.-]*://') then
      return -- not a file on disk (fugitive://, oil://, …)
    end
    local root = vim.fs.root(bufnr, '.obsidian') or vim.fs.root(bufnr, '.git')
    if not root then
      root = name ~= '' and vim.fs.dirname(vim.fs.normalize(vim.fn.fnamemodify(name, ':p'))) or vim.uv.cwd()
    end
    on_dir(root)
  end,
  -- Every setting the server reads, at its default (README: "All settings"). Change them
  -- here, or with vim.lsp.config('slipbox', { init_options = { ... } }) in init.lua.
  init_options = {
    diagnostics = {
      -- Per code: 'error' | 'warning' | 'information' | 'hint' | 'off'.
      -- ('ambiguous-link' is always a hint.)
      severity = {
        ['unresolved-link'] = 'warning',
        ['unresolved-attachment'] = 'warning',
        ['unresolved-heading'] = 'warning',
        ['unresolved-block'] = 'warning',
        ['link-outside-vault'] = 'warning', -- ../ above the vault, absolute paths, file: URIs elsewhere
        ['ambiguous-link'] = 'hint', -- a bare name in several folders: which one Obsidian opens
      },
    },
    index = {
      -- Files and folders not indexed at all: gitignore-like globs from the vault root. None
      -- by default (an empty Lua table could be sent as {} instead of []), for example:
      -- exclude = { 'Archive/**', '**/*.excalidraw.md', 'Templates' },
      maxNoteBytes = 10485760, -- bigger notes are indexed by name only (and never loaded whole)
      maxFiles = 500000, -- files listed per vault; past it a warning, and the rest is not indexed
      waitSeconds = 10, -- how long a request waits for indexing before "still indexing"
      followSymlinks = true, -- symlinked folders/files out of the vault are part of it (as in Obsidian); false: nothing behind a symlink
    },
    links = {
      -- Unset, the vault's .obsidian/app.json decides (useMarkdownLinks, newLinkFormat), else
      -- wikilinks with the shortest path; set them to override it:
      -- style = 'wikilink', -- or 'markdown': how completion writes a link
      -- format = 'shortest', -- or 'relative', 'absolute': the path in a new link
      resolveAliases = false, -- [[Alias]] to the note whose front matter lists it (Obsidian: off)
    },
    codeLens = {
      -- "N backlinks" on the title and each heading: vim.lsp.codelens.refresh(), then
      -- vim.lsp.codelens.run() on a lens lists the links in the quickfix list.
      backlinks = false,
    },
    inlayHints = {
      -- Shown with vim.lsp.inlay_hint.enable() (0.10+):
      embeds = false, -- after ![[Note#Heading]] / ![[Note#^id]]: the first line of the embedded text
      ambiguousLinks = false, -- after a bare [[Note]] several folders share: the folder it opens
    },
  },
  -- The backlink code lens's command (codeLens.backlinks above).
  commands = {
    ['slipbox.showReferences'] = function(command, ctx)
      local client = vim.lsp.get_client_by_id(ctx.client_id)
      local items = vim.lsp.util.locations_to_items((command.arguments or {})[3] or {}, client and client.offset_encoding or 'utf-16')
      vim.fn.setqflist({}, ' ', { title = command.title or 'Backlinks', items = items })
      vim.cmd('botright copen')
    end,
  },
  capabilities = {
    workspace = {
      -- Notes created, renamed or deleted outside Neovim. On Linux install inotify-tools
      -- (inotifywait) so Neovim watches the vault efficiently.
      didChangeWatchedFiles = { dynamicRegistration = true },
    },
  },
}
