import { formatShape, shapesCompatible, type Shape } from '../../engine/dimension.ts';
import type { Layer } from '../../engine/layer.ts';

/** The rule of element-wise merges: at least one input, and every input of the first one's shape. */
export function checkSameShapes(layer: Layer<Shape[]>, shapes: readonly Shape[]): void {
  if (shapes.length === 0) throw layer.shapeError('takes a list of at least one tensor', shapes);
  const different = shapes.findIndex((shape) => !shapesCompatible(shape, shapes[0]));
  if (different >= 0) {
    throw layer.shapeError(`takes tensors of one shape (input ${different} is ${formatShape(shapes[different])}, input 0 is ${formatShape(shapes[0])})`, shapes);
  }
}
