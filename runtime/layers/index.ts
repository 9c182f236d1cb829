/** Every layer of the catalogue: importing this registers them all. One line per layer file. */
export { Input } from '../engine/input.ts';
export { Sequential } from '../engine/sequential.ts';
export { Dense, type DenseOptions } from './core/dense.ts';
export { Activation } from './core/activation.ts';
export { Dropout } from './core/dropout.ts';
export { Flatten } from './core/flatten.ts';
export { Reshape } from './core/reshape.ts';
export { ExpandDims, type ExpandDimsOptions } from './core/expand-dims.ts';
export { PermuteDims, type PermuteDimsOptions } from './core/permute-dims.ts';
export { Repeat, type RepeatOptions } from './core/repeat.ts';
export { Highway, type HighwayOptions } from './core/highway.ts';
export { Lambda, type LambdaFunction, type OutputShapeFunction } from './core/lambda.ts';
export { ElementWiseSum } from './merge/element-wise-sum.ts';
export { ElementWiseMult } from './merge/element-wise-mult.ts';
export { Concatenate, type ConcatenateOptions } from './merge/concatenate.ts';
export { Convolution1D, type Convolution1DOptions } from './convolution/convolution1d.ts';
export { Convolution2D, type Convolution2DOptions } from './convolution/convolution2d.ts';
export { Convolution3D, type Convolution3DOptions } from './convolution/convolution3d.ts';
export { Pooling1D, type Pooling1DOptions } from './pooling/pooling1d.ts';
export { Pooling2D, type Pooling2DOptions } from './pooling/pooling2d.ts';
export { Pooling3D, type Pooling3DOptions } from './pooling/pooling3d.ts';
export { GlobalPooling1D, type GlobalPooling1DOptions } from './pooling/global-pooling1d.ts';
export { GlobalPooling2D, type GlobalPooling2DOptions } from './pooling/global-pooling2d.ts';
export { ZeroPadding1D, type ZeroPadding1DOptions } from './reshaping/zero-padding1d.ts';
export { ZeroPadding2D, type ZeroPadding2DOptions } from './reshaping/zero-padding2d.ts';
export { ZeroPadding3D, type ZeroPadding3DOptions } from './reshaping/zero-padding3d.ts';
export { UpSampling1D, type UpSampling1DOptions } from './reshaping/up-sampling1d.ts';
export { UpSampling2D, type UpSampling2DOptions } from './reshaping/up-sampling2d.ts';
export { UpSampling3D, type UpSampling3DOptions } from './reshaping/up-sampling3d.ts';
export { Embedding, type EmbeddingOptions } from './embedding/embedding.ts';
// RecurrentOptions and GatedRecurrentOptions: the names these options had before each layer's were generated.
export { SimpleRNN, type SimpleRNNOptions, type SimpleRNNOptions as RecurrentOptions } from './recurrent/simple-rnn.ts';
export { GRU, type GRUOptions, type GRUOptions as GatedRecurrentOptions } from './recurrent/gru.ts';
export { LSTM, type LSTMOptions } from './recurrent/lstm.ts';
export { Recurrent } from './recurrent/recurrent.ts';
export { TimeDistributed } from './wrappers/time-distributed.ts';
export { Bidirectional, type BidirectionalOptions, type MergeMode } from './wrappers/bidirectional.ts';
export { BatchNormalization, type BatchNormalizationOptions } from './normalization/batch-normalization.ts';
export { LayerNormalization, type LayerNormalizationOptions } from './normalization/layer-normalization.ts';
export { createLayer, getLayerClass, hasLayerClass, layerCatalogue, registerLayer, dialectOf, savedClassName, DIALECTS, type Dialect, type LayerClass, type RegisterOptions } from './registry.ts';

import { Input } from '../engine/input.ts';
import { Sequential } from '../engine/sequential.ts';
import { DIALECTS, registerLayer } from './registry.ts';
registerLayer(Input, { dialects: DIALECTS });
registerLayer(Sequential, { dialects: DIALECTS });
// The Keras 3 dialect's catalogue: its layers run these ones, and the checker, the editor and loading read both catalogues.
import '../keras/layers/index.ts';
