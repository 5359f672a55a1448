// Types for /vendor/uplot.mjs (node_modules/uplot).
import uPlot from 'uplot';
export default uPlot;
