/// <reference types="vite/client" />

/** Chevrotain's single-file build, which the page's bundle includes instead of its entry (see vite.config.ts). */
declare module 'chevrotain-single-file' {
  export * from 'chevrotain';
}
