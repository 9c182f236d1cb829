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

local received = vim.wait(60000, function()
  return #vim.diagnostic.get(buffer) > 0
end, 20)

local lines = {}
if not received then
  table.insert(lines, 'no diagnostics received')
end
for _, diagnostic in ipairs(vim.diagnostic.get(buffer)) do
  table.insert(lines, string.format('%s\t%d\t%s', diagnostic.code or '', diagnostic.lnum + 1, diagnostic.message))
end
vim.fn.writefile(lines, out)
vim.lsp.stop_client(client)
vim.cmd('qall!')
