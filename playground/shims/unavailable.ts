/**
 * Node-only packages that the shared code loads on paths the page never
 * takes (PNG output, native backends): importing one in the page is a clear
 * error instead of a bundling failure.
 */
export default new Proxy(
  {},
  {
    get(_target, name) {
      throw new Error(`not available in the playground (a Node-only module was asked for '${String(name)}')`);
    },
  },
);
