// Types for /vendor/preact-hooks.mjs (node_modules/preact/hooks).
export * from 'preact/hooks';
