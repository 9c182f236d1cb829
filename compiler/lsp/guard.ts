/**
 * Every request handler runs behind this guard: an exception in one
 * feature (a bug, or a document the feature did not foresee) is logged and
 * answered with an error, and the server goes on serving the next request.
 */
import { ErrorCodes, ResponseError, type Connection } from 'vscode-languageserver';
import { describeError } from './diagnostics.ts';

export function guarded<Parameters, Result>(connection: Connection, feature: string, handler: (parameters: Parameters) => Result): (parameters: Parameters) => Result {
  return (parameters) => {
    try {
      return handler(parameters);
    } catch (error) {
      if (error instanceof ResponseError) throw error;
      connection.console.error(`keraflow: ${feature} failed: ${describeError(error)}`);
      throw new ResponseError(ErrorCodes.InternalError, `keraflow: ${feature} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
}
