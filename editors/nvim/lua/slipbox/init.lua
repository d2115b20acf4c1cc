-- Slipbox language server for Neovim 0.8 and later.
--
--   require('slipbox').setup({
--     cmd = { '/path/to/slipbox', 'lsp' },              -- default: slipbox on PATH
--     init_options = { diagnostics = { severity = { ['unresolved-link'] = 'error' } } },
--                                                     -- every setting, at its default: lsp/slipbox.lua
--     on_attach = function(client, bufnr) ... end,      -- any vim.lsp client option
--   })
--
-- On 0.11+ this is vim.lsp.config('slipbox', …) + vim.lsp.enable('slipbox'); on 0.8–0.10 a
-- FileType autocmd calls vim.lsp.start(), which reuses one client per vault.
local M = {}

local uv = vim.uv or vim.loop

local function has(version)
  return vim.fn.has('nvim-' .. version) == 1
end

-- Whether this Neovim can watch files for the server (workspace/didChangeWatchedFiles).
-- 0.9 only polls on Linux, which is too slow for a large vault.
local function can_watch_files()
  if has('0.10') then
    return true
  end
  return has('0.9') and (vim.fn.has('mac') == 1 or vim.fn.has('win32') == 1)
end

--- The vault of a note: the nearest folder with .obsidian, else with .git, else the
--- note's own folder. nil for buffers that are not files on disk.
---@param bufnr integer
---@return string|nil
function M.root_dir(bufnr)
  local name = vim.api.nvim_buf_get_name(bufnr)
  if name:match('^%a[%w+.-]*://') then
    return nil
  end
  local start = name ~= '' and vim.fn.fnamemodify(name, ':p:h') or uv.cwd()
  for _, marker in ipairs({ '.obsidian', '.git' }) do
    local found = vim.fs.find(marker, { path = start, upward = true, limit = 1 })[1]
    if found then
      return vim.fs.dirname(found)
    end
  end
  return start
end

--- `slipbox.showReferences` (the backlink code lens, setting codeLens.backlinks): the server
--- sends (uri, position, locations); they go to the quickfix list, which opens.
---@param command table  the LSP Command
---@param ctx table      { client_id, bufnr, … }
function M.show_references(command, ctx)
  local args = command.arguments or {}
  local locations = args[3] or {}
  local client = vim.lsp.get_client_by_id(ctx.client_id)
  local encoding = client and client.offset_encoding or 'utf-16'
  local items = vim.lsp.util.locations_to_items(locations, encoding)
  vim.fn.setqflist({}, ' ', { title = command.title or 'Backlinks', items = items })
  if #items > 0 then
    vim.cmd('botright copen')
  else
    vim.notify('slipbox: no backlinks', vim.log.levels.INFO)
  end
end

--- The client configuration (the same on every Neovim version).
---@param opts table|nil overrides: any vim.lsp.start / vim.lsp.config field
---@return table
function M.config(opts)
  local config = {
    name = 'slipbox',
    cmd = { 'slipbox', 'lsp' },
    filetypes = { 'markdown' },
    init_options = vim.empty_dict(),
    capabilities = {},
    -- Client-side commands the server's code lenses name.
    commands = { ['slipbox.showReferences'] = M.show_references },
  }
  if can_watch_files() then
    config.capabilities = { workspace = { didChangeWatchedFiles = { dynamicRegistration = true } } }
  end
  return vim.tbl_deep_extend('force', config, opts or {})
end

local function start_legacy(config, bufnr)
  if vim.bo[bufnr].buftype ~= '' then
    return
  end
  local root = config.root_dir
  if type(root) == 'function' then
    root = root(bufnr) -- 0.8–0.10: function(bufnr) -> string|nil
  elseif root == nil then
    root = M.root_dir(bufnr)
  end
  if not root then
    return
  end
  local client_config = vim.tbl_extend('force', config, { root_dir = root })
  client_config.filetypes = nil
  client_config.capabilities =
    vim.tbl_deep_extend('force', vim.lsp.protocol.make_client_capabilities(), config.capabilities or {})
  -- One client per vault: vim.lsp.start reuses a client with the same name and root.
  vim.lsp.start(client_config, { bufnr = bufnr })
end

--- Starts slipbox for Markdown buffers.
---@param opts table|nil
function M.setup(opts)
  local config = M.config(opts)

  if vim.lsp.config and vim.lsp.enable then
    if type(config.root_dir) ~= 'function' then
      local fixed = config.root_dir
      config.root_dir = function(bufnr, on_dir)
        local dir = fixed or M.root_dir(bufnr)
        if dir then
          on_dir(dir)
        end
      end
    end
    config.name = nil
    vim.lsp.config('slipbox', config)
    vim.lsp.enable('slipbox')
    return
  end

  if not vim.lsp.start then
    vim.notify('slipbox: Neovim 0.8 or later is needed', vim.log.levels.ERROR)
    return
  end
  local group = vim.api.nvim_create_augroup('slipbox', { clear = true })
  vim.api.nvim_create_autocmd('FileType', {
    group = group,
    pattern = config.filetypes,
    callback = function(args)
      start_legacy(config, args.buf)
    end,
  })
  -- Buffers that were already open when setup() ran.
  for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(bufnr) and vim.tbl_contains(config.filetypes, vim.bo[bufnr].filetype) then
      start_legacy(config, bufnr)
    end
  end
end

return M
