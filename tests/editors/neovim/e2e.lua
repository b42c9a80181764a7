-- End-to-end test in real Neovim (0.7 API: vim.lsp.start_client and
-- buf_attach_client; UTF-16; no pull diagnostics). Run by tests/neovim.rs:
--   nvim --headless --clean -n -u NONE -c 'luafile e2e.lua'
-- with DOCKWARDEN (the binary) and FIXTURES (a folder with Dockerfile and
-- compose.yaml) in the environment. Exits with :cquit on the first failure.

local function fail(message)
  io.stderr:write('FAIL: ' .. message .. '\n')
  vim.cmd('cquit 1')
end

local function check(condition, message)
  if not condition then fail(message) end
end

local binary = os.getenv('DOCKWARDEN')
local fixtures = os.getenv('FIXTURES')
check(binary ~= nil and fixtures ~= nil, 'DOCKWARDEN and FIXTURES must be set')

local client_id = vim.lsp.start_client({
  name = 'dockwarden',
  cmd = { binary, 'server' },
  root_dir = fixtures,
})
check(client_id ~= nil, 'the server did not start')

-- Waits for a diagnostic with `code` in a buffer and returns it.
local function wait_for(buf, code)
  local found = vim.wait(15000, function()
    for _, diagnostic in ipairs(vim.diagnostic.get(buf)) do
      if diagnostic.code == code then return true end
    end
    return false
  end, 20)
  check(found, 'no ' .. code .. ' diagnostic arrived')
  for _, diagnostic in ipairs(vim.diagnostic.get(buf)) do
    if diagnostic.code == code then return diagnostic end
  end
end

-- Opens a file, attaches the client, waits for a diagnostic with `code`.
local function open_and_wait(name, code)
  vim.cmd('edit ' .. fixtures .. '/' .. name)
  local buf = vim.api.nvim_get_current_buf()
  vim.lsp.buf_attach_client(buf, client_id)
  return buf, wait_for(buf, code)
end

-- Asks for code actions on a diagnostic and applies the one whose title
-- starts with `title`.
local function apply_action(buf, diagnostic, title)
  local client = vim.lsp.get_client_by_id(client_id)
  -- 0.7 keeps code, data, tags and related information in user_data.lsp,
  -- not the range: rebuild it from the diagnostic's place.
  local lsp_diagnostic = vim.tbl_extend('force', diagnostic.user_data and diagnostic.user_data.lsp or {}, {
    range = {
      start = { line = diagnostic.lnum, character = diagnostic.col },
      ['end'] = { line = diagnostic.end_lnum, character = diagnostic.end_col },
    },
    message = diagnostic.message,
    code = diagnostic.code,
  })
  local params = {
    textDocument = vim.lsp.util.make_text_document_params(buf),
    range = lsp_diagnostic.range,
    context = { diagnostics = { lsp_diagnostic } },
  }
  local responses = vim.lsp.buf_request_sync(buf, 'textDocument/codeAction', params, 10000)
  check(responses ~= nil, 'no answer to codeAction')
  for _, response in pairs(responses) do
    for _, action in ipairs(response.result or {}) do
      if vim.startswith(action.title, title) then
        check(action.edit ~= nil, 'the action has no edit: ' .. action.title)
        vim.lsp.util.apply_workspace_edit(action.edit, client.offset_encoding)
        return action
      end
    end
  end
  fail('no code action titled ' .. title)
end

local ok, problem = pcall(function()
-- Dockerfile: the misspelt stage is fixed by its quick fix.
local buf, diagnostic = open_and_wait('Dockerfile', 'DF014')
check(diagnostic.lnum == 3, 'DF014 on line ' .. diagnostic.lnum)
apply_action(buf, diagnostic, 'Copy from stage `build`')
local line = vim.api.nvim_buf_get_lines(buf, 3, 4, true)[1]
check(line == 'COPY --from=build /out/app /usr/local/bin/app', 'after the fix: ' .. line)
-- The fix cleared DF014 once the server re-checked the edited buffer.
local cleared = vim.wait(15000, function()
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    if d.code == 'DF014' then return false end
  end
  return true
end, 20)
check(cleared, 'DF014 is still shown after the fix')
-- Ignore on this line, for the emoji line (UTF-16 columns).
local latest = wait_for(buf, 'DF019')
apply_action(buf, latest, 'Ignore DF019 on this line')
local lines = vim.api.nvim_buf_get_lines(buf, 0, -1, true)
check(lines[3] == '# dockwarden ignore=DF019', 'after ignoring: ' .. vim.inspect(lines))

-- Compose: a privileged service, ignored on its line.
vim.cmd('write')
local compose, privileged = open_and_wait('compose.yaml', 'CP001')
local action = apply_action(compose, privileged, 'Ignore CP001 on this line')
check(action ~= nil, 'no ignore action on Compose')
local compose_lines = vim.api.nvim_buf_get_lines(compose, 0, -1, true)
check(compose_lines[5] == '    # dockwarden ignore=CP001', 'compose after ignoring: ' .. vim.inspect(compose_lines))

end)
if not ok then fail(tostring(problem)) end

vim.lsp.stop_client(client_id)
vim.cmd('qall!')
