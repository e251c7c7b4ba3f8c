/** The windowed event query lives in lib/ (the tasks use it too); re-exported for the scripts. */
export { LOGS_WINDOW_BLOCKS, queryInWindows } from "../../lib/logs";
