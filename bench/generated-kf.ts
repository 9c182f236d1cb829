/**
 * Generated `.kf` files for the benchmarks: whole units of LANGUAGE.md's
 * features (a block, a layer-like sequential, a siamese model with shared
 * layers and dicts, a model over symbolic sequence and image sizes), numbered
 * so that names stay distinct, topped up with comment lines. Every line
 * parses and checks clean, so parse, check and tsc time the same file.
 */

/** A block, a layer-like sequential and two models that use them, numbered to keep names distinct; every line checks clean. */
function unit(index: number): string[] {
  const width = 16 + (index % 8) * 8;
  return [
    `# unit ${index}`,
    `let width${index} = ${width}`,
    '',
    `block Residual${index}(units: int, act = relu)(x) {`,
    '  h = x -> Dense(units, activation=act) -> Dense(units)',
    '  return ElementWiseSum()([x, h])',
    '}',
    '',
    `sequential Encoder${index} {`,
    `  Dense(width${index}, activation=relu)`,
    '  Dropout(0.2)',
    '}',
    '',
    `model Siamese${index} {`,
    `  input left: [${100 + index}]`,
    `  input right: [${100 + index}]`,
    `  layer encoder = Dense(width${index}, regularizers={W: L2(0.01), b: l1}, constraints=[maxnorm])`,
    '  a = encoder(left)        # shared weights',
    '  b = encoder(right)',
    `  output same = Concatenate()([a, b]) -> Residual${index}(2 * width${index}) -> Dense(1, activation=sigmoid)`,
    `  output gap = a -> Encoder${index}() -> Dense(10, activation=softmax)`,
    '  loss same = binary_crossentropy',
    '  loss gap = categorical_crossentropy',
    '  metrics same = [accuracy, "binary_accuracy"]',
    '  optimizer = SGD(lr=1e-3, momentum=0.9, nesterov=true)',
    '  train { data = mnist, batch_size = 128, epochs = 5, validation_split = 0.1 }',
    '}',
    '',
    `model Sequence${index} {`,
    '  input tokens: [T] int32',
    '  input image: [H, W, 3]',
    '  words = tokens -> Embedding(1000, 16) -> Convolution1D(8, 3) -> Pooling1D(max)',
    '  seen = image -> Convolution2D(8, 3, 3, pad=same) -> Pooling2D(max) -> GlobalPooling2D(avg)',
    `  output tags = words -> LSTM(8, return_sequences=true) -> TimeDistributed(Dense(4, activation=softmax))`,
    '  output score = Concatenate()([words -> GlobalPooling1D(max), seen]) -> Dense(1, activation=sigmoid)',
    '  loss tags = categorical_crossentropy',
    '  loss score = binary_crossentropy',
    '}',
    '',
  ];
}

export function generateKf(targetLines: number): string {
  const lines: string[] = [];
  for (let index = 0; lines.length + unit(index).length <= targetLines; index++) lines.push(...unit(index));
  while (lines.length < targetLines) lines.push('# end');
  return lines.join('\n') + '\n';
}
