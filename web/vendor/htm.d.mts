// Types for /vendor/htm.mjs (node_modules/htm).
export { default } from 'htm';
