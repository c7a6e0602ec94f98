import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const webDir = fileURLToPath(new URL('.', import.meta.url));
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
/** The portal (BFF) a developer runs locally; `vite` then serves the app with hot reload in front of it. */
const PORTAL = 'http://127.0.0.1:3100';

/** The libraries every page needs: one long-cached chunk, separate from the app code. */
const VENDOR =
  /[\\/]node_modules[\\/](react|react-dom|scheduler|react-router|react-router-dom|@tanstack[\\/][^\\/]+)[\\/]/;

export default defineConfig({
  root: webDir,
  base: '/',
  plugins: [react()],
  resolve: {
    alias: {
      // Pure TypeScript libraries of the monorepo the browser may use as they are:
      // the Atw working-day calendar (same count as the services) and the contracts' code lists.
      '@ketenpad/calendar': `${repoRoot}libs/calendar/src/index.ts`,
      '@ketenpad/contracts/events': `${repoRoot}contracts/src/generated/events.ts`,
    },
  },
  build: {
    outDir: `${webDir}dist`,
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    rolldownOptions: {
      output: {
        // Vite 8 bundles with Rolldown: `codeSplitting.groups` is its form of Rollup's manualChunks.
        // ECharts is in no group, so it lands only in the lazily loaded dashboard chunk.
        codeSplitting: {
          groups: [{ name: 'vendor', test: VENDOR, priority: 10 }],
        },
      },
    },
  },
  server: {
    host: '127.0.0.1',
    port: 5173,
    proxy: {
      '/api': { target: PORTAL, changeOrigin: false },
      '/auth': { target: PORTAL, changeOrigin: false },
    },
  },
});
