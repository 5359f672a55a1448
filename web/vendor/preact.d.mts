// Types for /vendor/preact.mjs, which the dashboard serves from node_modules/preact.
export * from 'preact';
