-- Drives a real Neovim (headless) with the shipped Slipbox config already loaded by the
-- user's init.lua: waits for the client, then checks diagnostics, completion after `[[`,
-- definition, hover, a daily note, a paragraph reference and a refactor through Neovim's own
-- LSP client. Exits 0 on success, 1 on failure
-- (the reason on stderr). Env: SLIPBOX_TEST_VAULT, SLIPBOX_TEST_EXPECT_SEVERITY, SLIPBOX_TEST_RESULT.

local WAIT_MS = tonumber(os.getenv('SLIPBOX_TEST_WAIT_MS') or '') or 20000
local vault = assert(os.getenv('SLIPBOX_TEST_VAULT'), 'SLIPBOX_TEST_VAULT not set')
local expect_severity = os.getenv('SLIPBOX_TEST_EXPECT_SEVERITY') or 'WARN'
local result_path = os.getenv('SLIPBOX_TEST_RESULT')
local report = { nvim = tostring(vim.version()), checks = {} }

local function fail(message)
  error({ slipbox_failure = message }, 0)
end

local function check(name, ok, detail)
  table.insert(report.checks, { name = name, ok = ok and true or false, detail = detail })
  if not ok then
    fail(name .. ': ' .. (detail or 'failed'))
  end
end

local function get_clients(bufnr)
  local get = vim.lsp.get_clients or vim.lsp.get_active_clients
  return get({ bufnr = bufnr, name = 'slipbox' })
end

local function realpath(p)
  return (vim.uv or vim.loop).fs_realpath(p) or p
end

local function find_line(bufnr, needle)
  for i, line in ipairs(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)) do
    local col = line:find(needle, 1, true)
    if col then
      return i - 1, col - 1 -- 0-based line, byte column
    end
  end
  fail('the test note has no line with ' .. vim.inspect(needle))
end

-- Puts the cursor at a 0-based line/byte column and builds the request params the way
-- Neovim's own vim.lsp.buf functions do.
local function position_params(client, bufnr, line, byte_col)
  vim.api.nvim_win_set_buf(0, bufnr)
  vim.api.nvim_win_set_cursor(0, { line + 1, byte_col })
  return vim.lsp.util.make_position_params(0, client.offset_encoding)
end

local function request(bufnr, method, params)
  local responses, err = vim.lsp.buf_request_sync(bufnr, method, params, WAIT_MS)
  if not responses then
    fail(method .. ': no response within ' .. WAIT_MS .. ' ms (' .. tostring(err) .. ')')
  end
  for _, response in pairs(responses) do
    if response.err then
      fail(method .. ': server error ' .. vim.inspect(response.err))
    end
    return response.result
  end
  fail(method .. ': no client answered')
end

local function completion_labels(result)
  local items = result and (result.items or result) or {}
  local labels = {}
  for _, item in ipairs(items) do
    table.insert(labels, item.label)
  end
  return labels, items
end

local function hover_text(result)
  if not result or not result.contents then
    return ''
  end
  local contents = result.contents
  if type(contents) == 'string' then
    return contents
  end
  if contents.value then
    return contents.value
  end
  local parts = {}
  for _, c in ipairs(contents) do
    table.insert(parts, type(c) == 'string' and c or c.value or '')
  end
  return table.concat(parts, '\n')
end

local function run()
  local index = vim.fs.normalize(vault .. '/Index.md')
  vim.cmd.edit(vim.fn.fnameescape(index))
  local bufnr = vim.api.nvim_get_current_buf()
  check('filetype', vim.bo[bufnr].filetype == 'markdown', 'filetype is ' .. vim.bo[bufnr].filetype)

  -- 1. The client starts from the shipped config and initializes.
  local attached = vim.wait(WAIT_MS, function()
    local c = get_clients(bufnr)[1]
    return c ~= nil and c.initialized == true
  end, 20)
  local client = get_clients(bufnr)[1]
  check('client attached', attached and client ~= nil,
    'no initialized "slipbox" client on ' .. index .. ' after ' .. WAIT_MS .. ' ms; see the LSP log')
  report.offset_encoding = client.offset_encoding
  check('root is the vault', realpath(client.config.root_dir or '') == realpath(vault),
    'root_dir is ' .. tostring(client.config.root_dir) .. ', expected ' .. vault)
  local watched = vim.tbl_get(client.config.capabilities or {}, 'workspace', 'didChangeWatchedFiles', 'dynamicRegistration')
  report.watched_files_dynamic_registration = watched
  if vim.fn.has('nvim-0.10') == 1 then
    check('advertises didChangeWatchedFiles', watched == true, 'dynamicRegistration is ' .. tostring(watched))
  end

  -- 2. Diagnostics: the broken link, with the severity the config asked for.
  local broken_line = find_line(bufnr, '[[Ingen slik notat]]')
  local broken
  vim.wait(WAIT_MS, function()
    for _, d in ipairs(vim.diagnostic.get(bufnr)) do
      if d.message:find('Ingen slik notat', 1, true) then
        broken = d
        return true
      end
    end
    return false
  end, 20)
  report.diagnostics = vim.tbl_map(function(d)
    return { lnum = d.lnum, col = d.col, message = d.message, severity = d.severity, code = d.code }
  end, vim.diagnostic.get(bufnr))
  check('broken link diagnostic', broken ~= nil,
    'no diagnostic naming "Ingen slik notat"; got ' .. vim.inspect(report.diagnostics))
  check('diagnostic line', broken.lnum == broken_line, 'on line ' .. broken.lnum .. ', expected ' .. broken_line)
  check('diagnostic severity', broken.severity == vim.diagnostic.severity[expect_severity],
    'severity ' .. tostring(broken.severity) .. ', expected ' .. expect_severity)
  local only_broken = #vim.tbl_filter(function(d)
    return not d.message:find('Ingen slik notat', 1, true)
  end, vim.diagnostic.get(bufnr)) == 0
  check('no false broken links', only_broken, vim.inspect(report.diagnostics))

  -- 3. Definition, on a link after a non-ASCII prefix (UTF-16 columns differ from bytes).
  local def_line, def_col = find_line(bufnr, '[[Agile Metoder]]')
  local params = position_params(client, bufnr, def_line, def_col + #'[[Agi')
  local locations = request(bufnr, 'textDocument/definition', params)
  if locations and locations.uri then
    locations = { locations }
  end
  local target = locations and locations[1] and (locations[1].uri or locations[1].targetUri)
  report.definition = target
  local expected_target = vim.fs.normalize(vault .. '/🛠 Ressurser/Slipbox/Agile Metoder.md')
  check('definition target', target ~= nil and realpath(vim.uri_to_fname(target)) == realpath(expected_target),
    'definition gave ' .. vim.inspect(locations) .. ', expected ' .. expected_target)
  -- …and the user's command jumps there.
  vim.lsp.buf.definition()
  local jumped = vim.wait(WAIT_MS, function()
    return realpath(vim.api.nvim_buf_get_name(0)) == realpath(expected_target)
  end, 20)
  report.definition_jump = vim.api.nvim_buf_get_name(0)
  check('vim.lsp.buf.definition() opens the note', jumped, 'current buffer is ' .. vim.api.nvim_buf_get_name(0))
  -- A note in a subfolder joins the same client: its root is the vault, not its folder.
  local target_buf = vim.api.nvim_get_current_buf()
  local same_client = vim.wait(WAIT_MS, function()
    local c = get_clients(target_buf)[1]
    return c ~= nil and c.id == client.id
  end, 20)
  check('subfolder note shares the vault client', same_client,
    'clients on the target note: ' .. vim.inspect(vim.tbl_map(function(c)
      return { id = c.id, root = c.config.root_dir }
    end, get_clients(target_buf))))
  vim.api.nvim_win_set_buf(0, bufnr)

  -- 4. Hover previews the target note.
  local hover_line, hover_col = find_line(bufnr, '[[Økonomi/Budsjett 2024|budsjettet]]')
  local hover = request(bufnr, 'textDocument/hover', position_params(client, bufnr, hover_line, hover_col + #'[[Øk'))
  report.hover = hover_text(hover)
  check('hover preview', report.hover:find('Tall for året', 1, true) ~= nil,
    'hover text ' .. vim.inspect(report.hover) .. ' lacks "Tall for året"')
  local hover2 = request(bufnr, 'textDocument/hover', position_params(client, bufnr, def_line, def_col + 3))
  report.hover_agile = hover_text(hover2)
  check('hover preview after emoji', report.hover_agile:find('Smidig utvikling', 1, true) ~= nil,
    'hover text ' .. vim.inspect(report.hover_agile) .. ' lacks "Smidig utvikling"')

  -- 5. Completion after `[[`, typed as an edit to the buffer (auto-paired `]]` after it).
  local last = vim.api.nvim_buf_line_count(bufnr)
  vim.api.nvim_buf_set_lines(bufnr, last, last, false, { 'Mer: [[Agi]]' })
  local params5 = position_params(client, bufnr, last, #'Mer: [[Agi')
  local labels, items = completion_labels(request(bufnr, 'textDocument/completion', params5))
  report.completion = labels
  check('completion after [[Agi', vim.tbl_contains(labels, 'Agile Metoder'),
    'labels ' .. vim.inspect(labels) .. ' lack "Agile Metoder"')
  -- Accepting the item leaves exactly one link in the line.
  local item
  for _, it in ipairs(items) do
    if it.label == 'Agile Metoder' then
      item = it
    end
  end
  if item.textEdit then
    local edit = item.textEdit
    if edit.range == nil then
      edit = { range = edit.replace or edit.insert, newText = edit.newText }
    end
    vim.lsp.util.apply_text_edits({ edit }, bufnr, client.offset_encoding)
  else
    fail('the completion item has no textEdit: ' .. vim.inspect(item))
  end
  local accepted = vim.api.nvim_buf_get_lines(bufnr, last, last + 1, false)[1]
  report.completion_accepted = accepted
  check('accepted completion', accepted == 'Mer: [[Agile Metoder]]',
    'line after accepting is ' .. vim.inspect(accepted))

  -- Bare `[[` lists the vault's notes, the non-ASCII ones too.
  vim.api.nvim_buf_set_lines(bufnr, last, last + 1, false, { 'Mer: [[]]' })
  local bare = completion_labels(request(bufnr, 'textDocument/completion', position_params(client, bufnr, last, #'Mer: [[')))
  report.completion_bare = bare
  check('completion after [[', vim.tbl_contains(bare, 'Budsjett 2024') and vim.tbl_contains(bare, 'Agile Metoder'),
    'labels ' .. vim.inspect(bare) .. ' lack "Budsjett 2024" / "Agile Metoder"')
  vim.cmd('silent! undo')

  -- 6. A note created outside Neovim reaches the server through the file watcher it registered
  --    (workspace/didChangeWatchedFiles), and completion offers it.
  if vim.fn.has('nvim-0.10') == 1 then
    local new_note = vault .. '/Økonomi/Regnskap 2025.md'
    local f = assert(io.open(new_note, 'w'))
    f:write('# Regnskap 2025\n')
    f:close()
    vim.api.nvim_buf_set_lines(bufnr, last, last + 1, false, { 'Mer: [[Regn]]' })
    local seen = {}
    local found = vim.wait(WAIT_MS, function()
      seen = completion_labels(request(bufnr, 'textDocument/completion', position_params(client, bufnr, last, #'Mer: [[Regn')))
      return vim.tbl_contains(seen, 'Regnskap 2025')
    end, 250)
    report.completion_new_note = seen
    check('a note created on disk is offered', found,
      'completion after [[Regn gives ' .. vim.inspect(seen) .. ' — no didChangeWatchedFiles for ' .. new_note .. '?')
  end

  -- 7. The backlink code lens (codeLens.backlinks on through the configuration) and its
  --    client-side command from the shipped config: the links land in the quickfix list.
  local agile = vim.fn.bufnr(expected_target)
  local settings = { slipbox = { codeLens = { backlinks = true } } }
  client.settings = settings -- answers workspace/configuration (0.10+)
  client.config.settings = settings -- (0.8–0.9)
  if vim.fn.has('nvim-0.11') == 1 then
    client:notify('workspace/didChangeConfiguration', { settings = settings })
  else
    client.notify('workspace/didChangeConfiguration', { settings = settings })
  end
  local lens
  vim.wait(WAIT_MS, function()
    local lenses = request(agile, 'textDocument/codeLens', { textDocument = vim.lsp.util.make_text_document_params(agile) })
    lens = lenses and lenses[1]
    return lens ~= nil and lens.command ~= nil
  end, 100)
  report.code_lens = lens
  check('backlink code lens', lens ~= nil and lens.command and lens.command.command == 'slipbox.showReferences',
    'code lens ' .. vim.inspect(lens))
  local handler = (client.commands or {})[lens.command.command] or vim.lsp.commands[lens.command.command]
  check('the config registers slipbox.showReferences', handler ~= nil, 'no client command ' .. lens.command.command)
  vim.fn.setqflist({}, 'r', { items = {} })
  handler(lens.command, { client_id = client.id, bufnr = agile })
  local qf = vim.fn.getqflist()
  report.code_lens_quickfix = vim.tbl_map(function(e)
    return { file = vim.api.nvim_buf_get_name(e.bufnr), lnum = e.lnum, col = e.col }
  end, qf)
  local count = tonumber((lens.command.title or ''):match('^(%d+)'))
  -- Index.md links to it, and so does Budsjett 2024.md, which is not open.
  local budget = realpath(vim.fs.normalize(vault .. '/Økonomi/Budsjett 2024.md'))
  local from_index, from_budget = false, false
  for _, e in ipairs(qf) do
    from_index = from_index or realpath(vim.api.nvim_buf_get_name(e.bufnr)) == realpath(index)
    from_budget = from_budget or realpath(vim.api.nvim_buf_get_name(e.bufnr)) == budget
  end
  check('the lens command lists the backlinks', count ~= nil and #qf == count and from_index and from_budget,
    'title ' .. vim.inspect(lens.command.title) .. ', quickfix ' .. vim.inspect(report.code_lens_quickfix))

  -- 8. Daily notes (nvim.sh writes .obsidian/daily-notes.json: folder Dagbok, template
  --    Maler/Dag): `[[today` completes to today's note, not created yet, and
  --    slipbox.openDailyNote has Neovim create it from the template and show it.
  local today = os.date('%Y-%m-%d')
  vim.api.nvim_win_set_buf(0, bufnr)
  local daily_line = vim.api.nvim_buf_line_count(bufnr)
  vim.api.nvim_buf_set_lines(bufnr, daily_line, daily_line, false, { 'Dag: [[today]]' }) -- closed: a normal-mode cursor cannot sit past the line's end
  local daily_labels, daily_items = completion_labels(request(bufnr, 'textDocument/completion',
    position_params(client, bufnr, daily_line, #'Dag: [[today')))
  report.completion_daily = daily_labels
  check('completion of [[today', daily_labels[1] == 'today → ' .. today, 'labels ' .. vim.inspect(daily_labels))
  vim.lsp.util.apply_text_edits({ daily_items[1].textEdit }, bufnr, client.offset_encoding)
  local daily_accepted = vim.api.nvim_buf_get_lines(bufnr, daily_line, daily_line + 1, false)[1]
  report.completion_daily_accepted = daily_accepted
  check('accepted daily-note link', daily_accepted == 'Dag: [[' .. today .. ']]',
    'line after accepting is ' .. vim.inspect(daily_accepted))

  request(bufnr, 'workspace/executeCommand', { command = 'slipbox.openDailyNote', arguments = { 0 } })
  local daily_note = realpath(vault) .. '/Dagbok/' .. today .. '.md'
  local shown = vim.wait(WAIT_MS, function()
    return realpath(vim.api.nvim_buf_get_name(0)) == daily_note
  end, 20)
  report.daily_note_buffer = vim.api.nvim_buf_get_name(0)
  check('openDailyNote shows the note', shown, 'current buffer is ' .. vim.api.nvim_buf_get_name(0))
  local daily_text = table.concat(vim.api.nvim_buf_get_lines(0, 0, -1, false), '\n')
  report.daily_note_text = daily_text
  check('the daily note comes from its template', daily_text:gsub('\n$', '') == '# ' .. today .. '\n\nSkrevet ' .. os.date('%A') .. '.',
    'text ' .. vim.inspect(daily_text))

  -- 9. A reference to a paragraph of another note that has no block id yet: the completion
  --    writes the link, and its command has the server ask Neovim (workspace/applyEdit) to
  --    label the paragraph in Agile Metoder.md with the same new id. Neovim's own completion
  --    (vim.lsp.completion, 0.11+) runs an item's command on accept; so does the driver.
  vim.api.nvim_win_set_buf(0, bufnr)
  local ref_line = vim.api.nvim_buf_line_count(bufnr)
  vim.api.nvim_buf_set_lines(bufnr, ref_line, ref_line, false, { 'Se [[Agile Metoder#^sprinter]]' }) -- closed, as above
  local ref_labels, ref_items = completion_labels(request(bufnr, 'textDocument/completion',
    position_params(client, bufnr, ref_line, #'Se [[Agile Metoder#^sprinter')))
  report.completion_paragraph = ref_labels
  check('completion of a paragraph after #^', ref_labels[1] == 'Sprinter på to uker, med retrospektiv til slutt.',
    'labels ' .. vim.inspect(ref_labels))
  local ref_item = ref_items[1]
  vim.lsp.util.apply_text_edits({ ref_item.textEdit }, bufnr, client.offset_encoding)
  local ref_accepted = vim.api.nvim_buf_get_lines(bufnr, ref_line, ref_line + 1, false)[1]
  report.completion_paragraph_accepted = ref_accepted
  local new_id = ref_accepted:match('^Se %[%[Agile Metoder#%^(%w+)%]%]$')
  check('accepted paragraph link', new_id ~= nil and #new_id == 6, 'line after accepting is ' .. vim.inspect(ref_accepted))
  check('the item labels the paragraph through a command', ref_item.command ~= nil, vim.inspect(ref_item))
  request(bufnr, 'workspace/executeCommand', { command = ref_item.command.command, arguments = ref_item.command.arguments })
  local agile = vim.fn.bufnr(vim.fs.normalize(vault .. '/🛠 Ressurser/Slipbox/Agile Metoder.md'))
  local agile_lines = agile > 0 and vim.api.nvim_buf_get_lines(agile, 0, -1, false) or {}
  report.paragraph_target_text = agile_lines
  check('the id is written into the other note',
    vim.tbl_contains(agile_lines, 'Sprinter på to uker, med retrospektiv til slutt. ^' .. new_id),
    'Agile Metoder.md reads ' .. vim.inspect(agile_lines))
  -- The server sees the labelled paragraph (Neovim loaded the note to edit it, so the client
  -- attached and sent the edit): the new link goes to the paragraph's line.
  local ref_target
  local resolved = vim.wait(WAIT_MS, function()
    local r = request(bufnr, 'textDocument/definition', position_params(client, bufnr, ref_line, #'Se [[Agi'))
    ref_target = r and (r.range and r or r[1])
    return ref_target ~= nil and ref_target.range ~= nil and ref_target.range.start.line == #agile_lines - 1
  end, 100)
  check('the paragraph link goes to the labelled paragraph', resolved, 'definition is ' .. vim.inspect(ref_target))

  -- 10. A refactor through vim.lsp.buf.code_action, as a user picks it: the wiki link to the
  --     budget becomes a Markdown link that still opens the note.
  local budget_line, budget_col = find_line(bufnr, '[[Økonomi/Budsjett 2024|budsjettet]]')
  vim.api.nvim_win_set_buf(0, bufnr)
  vim.api.nvim_win_set_cursor(0, { budget_line + 1, budget_col + 4 })
  vim.lsp.buf.code_action({
    context = { only = { 'refactor.rewrite' }, diagnostics = {} },
    filter = function(action) return action.title == 'Convert to a Markdown link' end,
    apply = true,
  })
  local converted
  vim.wait(WAIT_MS, function()
    converted = vim.api.nvim_buf_get_lines(bufnr, budget_line, budget_line + 1, false)[1]
    return converted:find('[budsjettet](', 1, true) ~= nil
  end, 20)
  report.refactor_converted = converted
  check('convert to a Markdown link', converted:find('[budsjettet](', 1, true) ~= nil and converted:find('Budsjett%202024.md)', 1, true) ~= nil,
    'the line reads ' .. vim.inspect(converted))
  local md_col = converted:find('[budsjettet](', 1, true)
  local md_target = request(bufnr, 'textDocument/definition', position_params(client, bufnr, budget_line, md_col + 2))
  md_target = md_target and (md_target.uri or md_target.targetUri or (md_target[1] and (md_target[1].uri or md_target[1].targetUri)))
  check('the converted link opens the budget', md_target ~= nil and realpath(vim.uri_to_fname(md_target)) == realpath(vault .. '/Økonomi/Budsjett 2024.md'),
    'definition is ' .. vim.inspect(md_target))
end

local ok, err = xpcall(run, function(e)
  if type(e) == 'table' and e.slipbox_failure then
    return e.slipbox_failure
  end
  return debug.traceback(tostring(e), 2)
end)
report.ok = ok
report.error = (not ok) and err or nil
if result_path then
  local f = io.open(result_path, 'w')
  if f then
    f:write(vim.json.encode(report))
    f:close()
  end
end
if ok then
  -- On a line of its own: Neovim echoes messages (a workspace edit's label) without a newline.
  io.stdout:write('\nPASS ' .. report.nvim .. ': ' .. #report.checks .. ' checks\n')
  vim.cmd('qa!')
else
  io.stderr:write('FAIL ' .. report.nvim .. ': ' .. tostring(err) .. '\n')
  vim.cmd('cquit 1')
end
