/**
 * uPlot and its stylesheet, in a chunk of their own: charts.ts imports this module dynamically, so
 * the page's first render does not wait for the charting library (about 50 kB minified).
 */
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";

export default uPlot;
