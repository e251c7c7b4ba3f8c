export type { Action } from "./actions";
export { decodeRevert, describeRevert, errorInterface, findRevertData, type DecodedRevert } from "./decode";
export { SENTENCES } from "./sentences";
