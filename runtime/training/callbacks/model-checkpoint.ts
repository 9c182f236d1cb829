import { closestName } from '../../engine/naming.ts';
import { bindArgumentsOrThrow, type ClassSpec } from '../../engine/spec.ts';
import { describeValue, KeraflowError } from '../../errors.ts';
import { extensionOf } from '../../saving/architecture-file.ts';
import { Callback, type Logs, type TrainingParams } from './callback.ts';
import { Monitor, monitorArgs, type MonitorMode } from './monitor.ts';

export interface ModelCheckpointOptions {
  /** The architecture file (.json/.yaml); default: beside the weights, as `<name>.json`. */
  archPath?: string;
  /** The log value watched (default 'val_loss'). */
  monitor?: string;
  /** Save only when the monitored value improves (default false: after every epoch). */
  saveOnImprovement?: boolean;
  /** 'min', 'max', or 'auto' (default): maximize names containing 'acc'. */
  mode?: MonitorMode;
  /** 1: say when a checkpoint is written (default 0). */
  verbose?: number;
}

const ARCHITECTURE_EXTENSIONS = ['.json', '.yaml', '.yml'];
const PLACEHOLDER = /\{(\w+)(?::\.(\d+)f)?\}/g;

/**
 * Saves the model after an epoch, through `model.saveToFile(archPath,
 * weightPath, {overwrite: true})`: after every epoch, or only when the
 * monitored value improves (`saveOnImprovement`). `filepath` names the
 * weights file; an architecture file goes beside it (`<name>.json`, or
 * `archPath`). Given a .json/.yaml/.yml `filepath`, it is the architecture
 * file and the weights go beside it as `<name>.safetensors`. Paths may hold
 * `{epoch}` (from 1) and any log value, `{val_loss}` or `{val_loss:.2f}`.
 */
export class ModelCheckpoint extends Callback {
  static readonly spec: ClassSpec = {
    className: 'ModelCheckpoint',
    doc: 'Saves the model after each epoch, or when a monitored value improves.',
    args: [
      { name: 'filepath', type: 'string', positional: true, required: true, doc: 'The weights file; may hold {epoch} and {log_key}.' },
      { name: 'archPath', type: 'string', nullable: true, default: null, doc: 'The architecture file (.json/.yaml); default: beside the weights.' },
      ...monitorArgs('val_loss'),
      { name: 'saveOnImprovement', type: 'bool', default: false, doc: 'Save only when the monitored value improves.' },
    ],
  };

  readonly weightPath: string;
  readonly archPath: string;
  readonly monitor: Monitor;
  readonly saveOnImprovement: boolean;
  readonly verbose: number;

  constructor(filepath: string, options: ModelCheckpointOptions = {}) {
    super();
    const { values } = bindArgumentsOrThrow(ModelCheckpoint.spec, [filepath], options as Record<string, unknown>);
    const file = values.filepath as string;
    if (file === '') {
      throw new KeraflowError('ModelCheckpoint: filepath must be a file path, but got an empty string', { layer: 'ModelCheckpoint', argument: 'filepath', given: '""' });
    }
    const extension = extensionOf(file);
    const stem = file.slice(0, file.length - extension.length);
    if (ARCHITECTURE_EXTENSIONS.includes(extension.toLowerCase())) {
      this.archPath = (values.archPath as string | null) ?? file;
      this.weightPath = this.archPath === file ? `${stem}.safetensors` : file;
    } else {
      this.weightPath = file;
      this.archPath = (values.archPath as string | null) ?? `${stem}.json`;
    }
    this.monitor = new Monitor('ModelCheckpoint', values.monitor as string, values.mode as MonitorMode);
    this.saveOnImprovement = values.saveOnImprovement as boolean;
    this.verbose = values.verbose as number;
  }

  override setParams(params: TrainingParams): void {
    super.setParams(params);
    if (this.saveOnImprovement) this.monitor.check(params);
    for (const file of [this.weightPath, this.archPath]) {
      for (const [, key] of file.matchAll(PLACEHOLDER)) {
        if (key === 'epoch' || params.metrics.includes(key)) continue;
        const suggestion = closestName(key, ['epoch', ...params.metrics]);
        throw new KeraflowError(
          `ModelCheckpoint: the path ${file} has {${key}}, which this fit does not log; ${suggestion ? `did you mean {${suggestion}}? ` : ''}available: epoch, ${params.metrics.join(', ')}`,
          { layer: 'ModelCheckpoint', argument: 'filepath', expected: ['epoch', ...params.metrics].join(', '), given: key },
        );
      }
    }
  }

  override onTrainBegin(): void {
    this.monitor.reset();
  }

  override async onEpochEnd(epoch: number, logs: Logs): Promise<void> {
    const weightPath = fillPath(this.weightPath, epoch, logs);
    const archPath = fillPath(this.archPath, epoch, logs);
    if (this.saveOnImprovement) {
      const previous = this.monitor.best;
      const current = this.monitor.current(logs);
      if (!this.monitor.improves(current)) {
        if (this.verbose > 0) console.log(`Epoch ${epoch + 1}: ${this.monitor.key} did not improve from ${previous}`);
        return;
      }
      if (this.verbose > 0) console.log(`Epoch ${epoch + 1}: ${this.monitor.key} improved from ${previous} to ${current}, saving the model to ${weightPath}`);
    } else if (this.verbose > 0) {
      console.log(`Epoch ${epoch + 1}: saving the model to ${weightPath}`);
    }
    const model = this.model;
    if (typeof model.saveToFile !== 'function') {
      throw new KeraflowError(`ModelCheckpoint: ${model.name} has no saveToFile method (runtime/saving), so it cannot be saved`, {
        layer: 'ModelCheckpoint',
        expected: 'a model with saveToFile',
        given: describeValue(model),
      });
    }
    await model.saveToFile(archPath, weightPath, { overwrite: true });
  }
}

/** A path with `{epoch}` (from 1) and `{key}` / `{key:.Nf}` filled from the logs. */
export function fillPath(file: string, epoch: number, logs: Logs): string {
  return file.replace(PLACEHOLDER, (_, key: string, digits?: string) => {
    const value = key === 'epoch' ? epoch + 1 : logs[key];
    return digits === undefined ? String(value) : value.toFixed(Number(digits));
  });
}
