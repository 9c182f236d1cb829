/**
 * Setup of the test files that share a process (vitest.config.ts): each
 * starts with the default names a new process hands out (`dense_1`,
 * `model_1`), as it would alone.
 */
import { sessionLayerNames } from '../runtime/engine/layer-names.ts';

sessionLayerNames.reset();
