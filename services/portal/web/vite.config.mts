import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const webDir = fileURLToPath(new URL('.', import.meta.url));
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
/** The portal (BFF) a developer runs locally; `vite` then serves the app with hot reload in front of it. */
const PORTAL = 'http://127.0.0.1:3100';

/** The libraries every page needs: one long-cached chunk, separate from the app code. */
const VENDOR =
  /[\\/]node_modules[\\/](react|react-dom|scheduler|react-router|react-router-dom|@tanstack[\\/][^\\/]+)[\\/]/;

/**
 * The Utrecht React library ships as one module in which every component is
 * followed by `Component.displayName = '…'`. A property write counts as a side
 * effect, so the bundler kept all ~90 components (≈50 KB gzipped) on every
 * page. The names only serve React DevTools: dropping them in the production
 * build lets tree-shaking keep just the components the app imports. Scoped to
 * that library, unlike a global `treeshake.propertyWriteSideEffects: false`,
 * which could drop meaningful writes elsewhere (ECharts registers by writing).
 */
function utrechtWithoutDisplayNames(): Plugin {
  return {
    name: 'ketenpad:utrecht-without-display-names',
    apply: 'build',
    transform(code, id) {
      if (!/[\\/]@utrecht[\\/][^\\/]+[\\/]dist[\\/][^\\/]+\.mjs$/.test(id)) return null;
      return { code: code.replace(/^[A-Za-z_$][\w$]*\.displayName = (['"])[^'"]*\1;$/gm, ''), map: null };
    },
  };
}

export default defineConfig({
  root: webDir,
  base: '/',
  plugins: [react(), utrechtWithoutDisplayNames()],
  resolve: {
    alias: [
      // Pure TypeScript libraries of the monorepo the browser may use as they are:
      // the Atw working-day calendar (same count as the services) and, as the browser's
      // view of @ketenpad/contracts, its generated event types and code lists — without
      // the Node-only parts (ajv, the schema files). Jest maps the same names to the sources.
      { find: /^@ketenpad\/calendar$/, replacement: `${repoRoot}libs/calendar/src/index.ts` },
      { find: /^@ketenpad\/contracts$/, replacement: `${repoRoot}contracts/src/generated/events.ts` },
    ],
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
