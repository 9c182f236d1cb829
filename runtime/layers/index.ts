/** Every layer of the catalogue: importing this registers them all. One line per layer file. */
export { Input } from '../engine/input.ts';
export { Sequential } from '../engine/sequential.ts';
export { Dense } from './core/dense.ts';
export { ElementWiseSum } from './merge/element-wise-sum.ts';
export { createLayer, getLayerClass, hasLayerClass, layerCatalogue, registerLayer, type LayerClass } from './registry.ts';

import { Input } from '../engine/input.ts';
import { Sequential } from '../engine/sequential.ts';
import { registerLayer } from './registry.ts';
registerLayer(Input);
registerLayer(Sequential);
