-- Slipbox as an nvim-lspconfig server entry, for nvim-lspconfig's setup() framework
-- (Neovim 0.8–0.10, or lspconfig before 2.0):
--
--   local configs = require('lspconfig.configs')
--   if not configs.slipbox then configs.slipbox = require('slipbox.lspconfig') end
--   require('lspconfig').slipbox.setup({})
--
-- On Neovim 0.11+ with nvim-lspconfig 2.x, use lsp/slipbox.lua instead (vim.lsp.enable).
local slipbox = require('slipbox')

return {
  default_config = {
    cmd = { 'slipbox', 'lsp' },
    filetypes = { 'markdown' },
    root_dir = function(fname)
      local util = require('lspconfig.util')
      return util.root_pattern('.obsidian')(fname)
        or util.root_pattern('.git')(fname)
        or vim.fs.dirname(fname)
    end,
    init_options = vim.empty_dict(),
    capabilities = slipbox.config().capabilities,
    single_file_support = true,
  },
  docs = {
    description = [[
Slipbox, a language server for Obsidian-style Markdown vaults: completion after `[[`,
go to definition, hover previews and broken-link diagnostics. The root is the nearest
folder with `.obsidian`, else with `.git`, else the note's folder.
]],
  },
}
