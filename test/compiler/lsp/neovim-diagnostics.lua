-- Headless Neovim as a user's editor: its built-in LSP client attached to
-- `keraflow lsp --stdio`, one .kf file opened, and the diagnostics Neovim
-- received written to a file (code, line, message; tab-separated).
-- vim.lsp.start_client works on Neovim 0.7 (Debian 12) and later.
local root = os.getenv('KERAFLOW_ROOT')
local file = os.getenv('KERAFLOW_FILE')
local out = os.getenv('KERAFLOW_OUT')

vim.cmd('edit ' .. vim.fn.fnameescape(file))
local buffer = vim.api.nvim_get_current_buf()
vim.bo[buffer].filetype = 'kf'
local client = vim.lsp.start_client({
  name = 'keraflow',
  cmd = { 'node', root .. '/bin/keraflow.js', 'lsp', '--stdio' },
  root_dir = vim.fn.fnamemodify(file, ':h'),
})
vim.lsp.buf_attach_client(buffer, client)

local function wait_for(condition)
  return vim.wait(60000, condition, 20)
end

local lines = {}
local function record(title)
  table.insert(lines, title)
  for _, diagnostic in ipairs(vim.diagnostic.get(buffer)) do
    table.insert(lines, string.format('%s\t%d\t%s', diagnostic.code or '', diagnostic.lnum + 1, diagnostic.message))
  end
end

-- 1. The file as it is on disk.
if not wait_for(function() return #vim.diagnostic.get(buffer) > 0 end) then
  table.insert(lines, 'no diagnostics received')
end
record('opened')

-- 2. An edit (sent as an incremental change) that fixes the error: the diagnostics go away.
local input_line = vim.fn.search('input image')
vim.api.nvim_buf_set_lines(buffer, input_line - 1, input_line, false, { '  input image: [28, 28, 1]' })
if not wait_for(function() return #vim.diagnostic.get(buffer) == 0 end) then
  table.insert(lines, 'diagnostics not cleared')
end
record('edited')
-- Cleared diagnostics mean something only if the server is still there (a client clears them when its server dies).
local running = vim.lsp.get_client_by_id(client)
table.insert(lines, 'server running: ' .. tostring(running ~= nil and not running.is_stopped()))

vim.fn.writefile(lines, out)
vim.lsp.stop_client(client)
vim.cmd('qall!')
