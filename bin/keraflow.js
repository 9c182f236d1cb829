#!/usr/bin/env node
// The `keraflow` command. The compiler is TypeScript run as is: tsx compiles it on load.
import { register } from 'tsx/esm/api';

register();
await import('../compiler/cli/main.ts');
