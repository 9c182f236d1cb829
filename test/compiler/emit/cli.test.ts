/** `keraflow compile`, run as users run it: a child process. */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { emitFile, fixtures } from './helpers.ts';
import { runKeraflow } from '../../run-keraflow.ts';

function keraflow(args: string[], cwd: string) {
  return runKeraflow(args, { cwd });
}

const broken = 'model M {\n  input x: [4]\n  output y = x -> Dense(3) -> Dropout(1.5)\n}\n';

let directory: string;
beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), 'keraflow-compile-'));
  cpSync(join(fixtures, 'imports'), directory, { recursive: true, filter: (path) => !path.endsWith('.ts') });
  writeFileSync(join(directory, 'broken.kf'), broken);
});
afterEach(() => rmSync(directory, { recursive: true, force: true }));

function expectedOf(file: string, runtimeImport?: string): string {
  const fileName = join(directory, file);
  return emitFile(fileName, { runtimeImport });
}

describe('keraflow compile', () => {
  it("writes FILE.ts beside FILE.kf, the emitter's output byte for byte", () => {
    const result = keraflow(['compile', 'input.kf', 'shared.kf'], directory);
    expect(result).toEqual({ status: 0, stdout: 'input.kf -> input.ts\nshared.kf -> shared.ts\n', stderr: '' });
    expect(readFileSync(join(directory, 'input.ts'), 'utf8')).toBe(expectedOf('input.kf'));
    expect(readFileSync(join(directory, 'shared.ts'), 'utf8')).toBe(expectedOf('shared.kf'));
    expect(readFileSync(join(directory, 'input.ts'), 'utf8')).toContain('import { Scale, Small, hidden, new_ } from "./shared.js";');
  });

  it('writes to -o OUT, with the runtime imported from --runtime-import', () => {
    const result = keraflow(['compile', 'shared.kf', '-o', 'out/generated.ts', '--runtime-import', '../runtime/index.ts'], directory);
    expect(result.status).toBe(0);
    expect(readFileSync(join(directory, 'out/generated.ts'), 'utf8')).toBe(expectedOf('shared.kf', '../runtime/index.ts'));
    expect(existsSync(join(directory, 'shared.ts'))).toBe(false);
  });

  it('refuses a file with errors: prints them, writes nothing, exits 1', () => {
    const result = keraflow(['compile', 'broken.kf'], directory);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('broken.kf:3:39: error KF208: ');
    expect(result.stderr).toContain('keraflow compile: nothing written: fix the errors above first');
    expect(existsSync(join(directory, 'broken.ts'))).toBe(false);
  });

  it('prints warnings and still writes the file', () => {
    writeFileSync(join(directory, 'warned.kf'), 'model W {\n  input x: [4]\n  input unused: [2]\n  output y = x -> Dense(1)\n}\n');
    const result = keraflow(['compile', 'warned.kf'], directory);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe('warned.kf -> warned.ts\n');
    expect(result.stderr).toContain('warned.kf:3:9: warning KF405: ');
    expect(readFileSync(join(directory, 'warned.ts'), 'utf8')).toBe(expectedOf('warned.kf'));
  });

  it('takes -o with one input file only', () => {
    const result = keraflow(['compile', 'input.kf', 'shared.kf', '-o', 'x.ts'], directory);
    expect(result).toEqual({ status: 1, stdout: '', stderr: 'keraflow compile: -o takes one input file, but 2 were given\n' });
  });

  it('writes a file named twice once', () => {
    const result = keraflow(['compile', 'shared.kf', './shared.kf'], directory);
    expect(result).toEqual({ status: 0, stdout: 'shared.kf -> shared.ts\n', stderr: '' });
  });

  it('says so when -o names a directory, and writes nothing', () => {
    mkdirSync(join(directory, 'out'));
    const result = keraflow(['compile', 'shared.kf', '-o', 'out'], directory);
    expect(result).toEqual({ status: 1, stdout: '', stderr: 'keraflow compile: the output out is a directory: -o takes a file name, such as out/shared.ts\n' });
    expect(existsSync(join(directory, 'shared.ts'))).toBe(false);
  });

  it('says so when a file stands where -o needs a folder', () => {
    const result = keraflow(['compile', 'shared.kf', '-o', 'input.kf/out.ts'], directory);
    expect(result).toEqual({ status: 1, stdout: '', stderr: 'keraflow compile: cannot make the folder input.kf for the output: a file is in the way\n' });
  });

  it('refuses an empty --runtime-import', () => {
    const result = keraflow(['compile', 'shared.kf', '--runtime-import', ''], directory);
    expect(result).toEqual({ status: 1, stdout: '', stderr: 'keraflow compile: --runtime-import takes a module specifier (such as keraflow), but got an empty one\n' });
    expect(existsSync(join(directory, 'shared.ts'))).toBe(false);
  });

  it('says so when a file cannot be read', () => {
    const result = keraflow(['compile', 'missing.kf'], directory);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe('keraflow compile: cannot read missing.kf: no such file\n');
  });
});
