/** Every layer of the catalogue: importing this registers them all. One line per layer file. */
export { Input } from '../engine/input.ts';
export { Sequential } from '../engine/sequential.ts';
export { Dense } from './core/dense.ts';
export { ElementWiseSum } from './merge/element-wise-sum.ts';
export { Convolution1D, type Convolution1DOptions } from './convolution/convolution1d.ts';
export { Convolution2D, type Convolution2DOptions } from './convolution/convolution2d.ts';
export { Convolution3D, type Convolution3DOptions } from './convolution/convolution3d.ts';
export { Pooling1D } from './pooling/pooling1d.ts';
export { Pooling2D } from './pooling/pooling2d.ts';
export { Pooling3D } from './pooling/pooling3d.ts';
export { GlobalPooling1D } from './pooling/global-pooling1d.ts';
export { GlobalPooling2D } from './pooling/global-pooling2d.ts';
export { ZeroPadding1D } from './reshaping/zero-padding1d.ts';
export { ZeroPadding2D } from './reshaping/zero-padding2d.ts';
export { ZeroPadding3D } from './reshaping/zero-padding3d.ts';
export { UpSampling1D } from './reshaping/up-sampling1d.ts';
export { UpSampling2D } from './reshaping/up-sampling2d.ts';
export { UpSampling3D } from './reshaping/up-sampling3d.ts';
export { createLayer, getLayerClass, hasLayerClass, layerCatalogue, registerLayer, type LayerClass } from './registry.ts';

import { Input } from '../engine/input.ts';
import { Sequential } from '../engine/sequential.ts';
import { registerLayer } from './registry.ts';
registerLayer(Input);
registerLayer(Sequential);
