import { defineConfig } from 'vite';

// Relative asset paths: the gateway serves the app at /, and nothing is fetched from another host.
export default defineConfig({
  base: './',
  build: { outDir: 'dist', emptyOutDir: true, assetsInlineLimit: 0, reportCompressedSize: true },
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
});
