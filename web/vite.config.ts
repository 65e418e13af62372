import { defineConfig } from 'vite';

/** Vite 8 compiles TSX with oxc; no React plugin is needed for the automatic JSX runtime. */
export default defineConfig({
  oxc: { jsx: { runtime: 'automatic' } },
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
