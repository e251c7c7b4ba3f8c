/**
 * A worker thread of the ensemble: runs paths [from, to) and sends each metric back as one
 * Float64Array (path-major), transferred, not copied.
 */
import { parentPort, workerData } from "node:worker_threads";
import { runPathBatch, type BatchRequest } from "./batch";

const request = workerData as BatchRequest;
const batch = runPathBatch(request);
const buffers = [...Object.values(batch.series), batch.days].map((array) => array.buffer as ArrayBuffer);
parentPort!.postMessage(batch, buffers);
