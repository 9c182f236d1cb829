/**
 * `keraflow graph FILE.kf [--model NAME] [-o OUT.svg|.png|.dot] [--collapse]`:
 * a picture of a model — inputs, layers (class, name, parameters), outputs,
 * each arrow labelled by its tensor's shape. SVG goes to standard output
 * unless `-o` names a file; its extension picks SVG, PNG or the DOT source.
 * Problems are printed to stderr and the picture still drawn, the faulty
 * layers and arrows in red; exit status 1 when there is an error.
 */
import { Command } from 'commander';
import { extname } from 'node:path';
import { CommandError } from '../command-error.ts';

interface GraphOptions {
  model?: string;
  output?: string;
  collapse?: boolean;
}

const FORMATS = ['.svg', '.png', '.dot'] as const;
type Format = (typeof FORMATS)[number];

export const command = new Command('graph')
  .description('draw a model: layers with their shapes, as SVG (stdout or -o), PNG or Graphviz DOT')
  .argument('<file>', 'a .kf file')
  .option('--model <name>', 'the model to draw (default: the first in the file)')
  .option('-o, --output <file>', 'write to this file: .svg, .png or .dot')
  .option('--collapse', 'draw each block and nested sequential as one box')
  .action(async (file: string, options: GraphOptions) => {
    const format = options.output === undefined ? '.svg' : extname(options.output).toLowerCase();
    if (!isFormat(format)) {
      throw new CommandError(`expected an output file ending in ${FORMATS.join(', ')}, found ${options.output}`);
    }
    const { checkFiles, printAllDiagnostics } = await import('../check-files.ts');
    const result = checkFiles([file]);
    printAllDiagnostics(result.check.diagnostics, result.texts, process.stderr);
    const hasErrors = result.check.diagnostics.some((diagnostic) => diagnostic.severity === 'error');

    const { findModel } = await import('../../graph/model-svg.ts');
    const { modelToDot } = await import('../../graph/dot.ts');
    const inFile = { ...result.check, models: result.check.models.filter((model) => model.location.fileName === result.fileNames[0]) };
    let dot: string;
    try {
      dot = modelToDot(findModel(inFile, options.model), { collapse: options.collapse ?? false });
    } catch (error) {
      throw new CommandError(`${file}: ${(error as Error).message}`);
    }
    try {
      const picture = await render(dot, format);
      if (options.output === undefined) process.stdout.write(picture);
      // Atomically: a kill leaves the old picture or the new one, never half of one.
      else await (await import('../../../runtime/saving/atomic-write.ts')).writeFileAtomic(options.output, picture, { overwrite: true, argument: '--output' });
    } catch (error) {
      throw new CommandError((error as Error).message);
    }
    if (hasErrors) throw new CommandError();
  });

function isFormat(extension: string): extension is Format {
  return (FORMATS as readonly string[]).includes(extension);
}

async function render(dot: string, format: Format): Promise<string | Uint8Array> {
  if (format === '.dot') return dot;
  const { dotToSvg, svgToPng } = await import('../../graph/render.ts');
  const svg = await dotToSvg(dot);
  // Twice the SVG's size, so the PNG stays sharp on high-density screens and in READMEs.
  return format === '.svg' ? svg : svgToPng(svg, { scale: 2 });
}
