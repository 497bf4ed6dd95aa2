// Number formatting shared by the core, the CLI, the editor and the webview. No imports from
// the rest of the product: the webview bundle takes it without pulling in src/core.

export * from './numbers';
export * from './time';
export * from './markdown';
export * from './memory';
