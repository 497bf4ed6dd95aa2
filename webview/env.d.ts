// The stylesheet is bundled by esbuild (dist/webview.css), not read by TypeScript.
declare module '*.css';
