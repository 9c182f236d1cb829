/**
 * The Python that `keraflow train --engine keras` runs: $KERAFLOW_PYTHON,
 * else `python3`, with Keras 3 on a backend (KERAS_BACKEND, else JAX),
 * running the driver (driver.ts). It starts first thing, so that Python's
 * start and `import keras` (seconds) overlap Keraflow's own checking,
 * compiling and data loading instead of adding to them; the driver's first
 * line (Keras's version and backend) doubles as the check that this Python
 * has Keras 3. A missing interpreter, Keras or backend is one line saying
 * which, given when the command first needs the Python (`ready()`).
 *
 * The process does not keep Node alive while nothing waits for it: a
 * command that fails before training ends at once, and the Python is then
 * killed at exit (or, if it outlives Node, stops at the end of its stdin).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { CommandError } from '../command-error.ts';
import { makeTemporaryFolder } from '../temporary-folder.ts';
import { DRIVER } from './driver.ts';

/** One JSON line of the driver's stdout. */
export type DriverEvent = Record<string, unknown> & { event: string };

export class KerasPython {
  /** The temporary folder of this run: the driver, the compiled model, the arrays, the trained model. */
  readonly folder: string;
  private readonly disposeFolder: () => void;
  private readonly child: ChildProcess;
  private readonly where: string;
  private readonly backend: string;
  private stderr = '';
  private readonly events: DriverEvent[] = [];
  private onEvent?: () => void;
  private failure?: CommandError;
  private exited = false;
  private description?: string;

  constructor() {
    const command = process.env.KERAFLOW_PYTHON || 'python3';
    this.where = process.env.KERAFLOW_PYTHON ? `KERAFLOW_PYTHON (${command})` : 'python3';
    this.backend = process.env.KERAS_BACKEND || 'jax';
    ({ folder: this.folder, dispose: this.disposeFolder } = makeTemporaryFolder('keraflow-keras-'));
    writeFileSync(join(this.folder, 'driver.py'), DRIVER);
    const env = { ...process.env, KERAS_BACKEND: this.backend, TF_CPP_MIN_LOG_LEVEL: '3', PYTHONDONTWRITEBYTECODE: '1' };
    const child = spawn(command, ['-u', join(this.folder, 'driver.py')], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    this.child = child;
    child.stderr!.on('data', (chunk: Buffer) => {
      this.stderr = (this.stderr + chunk.toString('utf8')).slice(-20_000);
    });
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (!line.startsWith('{')) return;
      try {
        this.events.push(JSON.parse(line) as DriverEvent);
      } catch (error) {
        this.fail(new CommandError(`Keras's driver wrote a line that is not JSON: ${line.slice(0, 200)} (${(error as Error).message})`));
      }
      this.onEvent?.();
    });
    // A Python gone (or never started) before the command writes to it: its error is given by the next wait, not here.
    child.stdin!.on('error', () => {});
    child.on('error', (error) => {
      const code = (error as NodeJS.ErrnoException).code ?? error.message;
      this.fail(new CommandError(`--engine keras needs Python with Keras 3, but ${this.where} cannot be run: ${code}; set KERAFLOW_PYTHON to a Python that has keras and jax`));
    });
    child.on('close', (status, signal) => {
      this.exited = true;
      if (status !== 0 || signal !== null) this.fail(this.description ? this.stopped(status, signal) : this.missing());
      this.onEvent?.();
    });
    process.once('exit', () => this.dispose());
    this.holdNode(false);
  }

  /** `Keras 3.15.1 on jax` once the driver has imported Keras; a missing Python, Keras or backend fails here. */
  async ready(): Promise<string> {
    const event = await this.next('ready');
    const [version, backend] = [String(event.version), String(event.backend)];
    if (!version.startsWith('3.')) throw new CommandError(`--engine keras needs Keras 3, but ${this.where} has Keras ${version}; install keras>=3 or set KERAFLOW_PYTHON`);
    this.description = `Keras ${version} on ${backend}`;
    return this.description;
  }

  /** One JSON line to the driver. */
  send(message: Record<string, unknown>): void {
    this.child.stdin!.write(`${JSON.stringify(message)}\n`);
  }

  /** The driver's next event, which must be `wanted` or one of `passing` (each given to `onPassing`); the driver's failure is a CommandError. */
  async next(wanted: string, passing: readonly string[] = [], onPassing?: (event: DriverEvent) => void): Promise<DriverEvent> {
    this.holdNode(true);
    try {
      for (;;) {
        const event = this.events.shift();
        if (event && event.event === wanted) return event;
        if (event && passing.includes(event.event)) onPassing?.(event);
        else if (event) throw new CommandError(`Keras's driver reported '${event.event}' where '${wanted}' was expected`);
        else if (this.failure) throw this.failure;
        else if (this.exited) throw new CommandError(`Keras stopped before reporting '${wanted}'`);
        else await new Promise<void>((wake) => (this.onEvent = wake));
      }
    } finally {
      this.onEvent = undefined;
      this.holdNode(false);
    }
  }

  /** Ends the driver (if still running) and removes the temporary folder. */
  dispose(): void {
    if (!this.exited) this.child.kill();
    this.disposeFolder();
  }

  private fail(error: CommandError): void {
    this.failure ??= error;
    this.onEvent?.();
  }

  /** Whether Node waits for this process: only while the command waits for one of its events. */
  private holdNode(hold: boolean): void {
    for (const handle of [this.child, this.child.stdin, this.child.stdout, this.child.stderr] as { ref?: () => void; unref?: () => void }[]) {
      if (hold) handle.ref?.();
      else handle.unref?.();
    }
  }

  /** The driver stopped before its first line: no Keras, no backend, or a Python that fails. */
  private missing(): CommandError {
    const last = lastLine(this.stderr);
    const module = /No module named '([^']+)'/.exec(last)?.[1];
    const missing = module ? `has no module '${module}'` : `fails to import keras (${last})`;
    return new CommandError(
      `--engine keras needs Python with Keras 3 and a backend (KERAS_BACKEND=${this.backend}), but ${this.where} ${missing}; install them (pip install keras ${this.backend}) or set KERAFLOW_PYTHON`,
    );
  }

  private stopped(status: number | null, signal: NodeJS.Signals | null): CommandError {
    return new CommandError(`Keras stopped (${signal ?? `exit status ${status}`}): ${lastLine(this.stderr)}`);
  }
}

function lastLine(text: string): string {
  return (
    text
      .trim()
      .split('\n')
      .filter((line) => line.trim() !== '')
      .at(-1) ?? ''
  );
}
