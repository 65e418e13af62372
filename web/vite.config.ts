import path from 'node:path';
import { defineConfig, type Plugin } from 'vite';
import { precompress } from './precompress.ts';

/** After a build, a `.br` and a `.gz` beside each text file: the server serves them as they are. */
function precompressBuild(): Plugin {
  let outDir = '';
  return {
    name: 'funil-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    async closeBundle() {
      await precompress(outDir);
    },
  };
}

/** Vite 8 compiles TSX with oxc; no React plugin is needed for the automatic JSX runtime. */
export default defineConfig({
  oxc: { jsx: { runtime: 'automatic' } },
  plugins: [precompressBuild()],
  server: {
    port: 5173,
    // FUNIL_API_URL points the dev server at another API (default: `npm start` on port 3000).
    proxy: { '/api': { target: process.env.FUNIL_API_URL ?? 'http://localhost:3000' } },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1000,
    rolldownOptions: {
      // Libraries mark their modules "use client" for React Server Components; meaningless in this SPA.
      onLog(level, log, handler) {
        if (log.code === 'MODULE_LEVEL_DIRECTIVE') return;
        handler(level, log);
      },
    },
  },
});
