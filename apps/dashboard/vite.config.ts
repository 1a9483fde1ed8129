// The dashboard is built into dist/ by `npm install` (the root postinstall) and served by the gateway at /dashboard.
import { defineConfig } from 'vite';

export default defineConfig({
  base: '/dashboard/',
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 1024 },
  logLevel: 'warn',
});
