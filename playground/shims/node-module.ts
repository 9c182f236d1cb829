/**
 * node:module for the page: the runtime's MNIST loader reads the `mnist`
 * package through createRequire; the page never calls it (its data sets
 * come from data/, see build-assets.ts), but the editor's completion lists
 * the built-in data set names from the same module.
 */
export function createRequire(): (name: string) => never {
  return (name) => {
    throw new Error(`the playground cannot load the package '${name}': its data sets come with the page`);
  };
}
