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
  -- The server's options, for example
  -- { diagnostics = { severity = { ['unresolved-link'] = 'error' } } }
  init_options = vim.empty_dict(),
  -- The backlink code lens (init_options = { codeLens = { backlinks = true } }, then
  -- vim.lsp.codelens.refresh() / .run()): its command lists the links in the quickfix list.
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
