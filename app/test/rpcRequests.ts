/** The page's JSON-RPC requests on the wire, for the tests that count its reads. */
import type { Page } from "playwright-core";

export interface RpcRequest {
  method: string;
  params: unknown[];
}

/** What `recordRpc` collects: the requests seen while `counting` is on (batches split). */
export interface RpcRecorder {
  requests: RpcRequest[];
  counting: boolean;
}

/** Records every JSON-RPC request `page` sends to `rpcUrl` while the recorder's `counting` is on. */
export async function recordRpc(page: Page, rpcUrl: string, counting = false): Promise<RpcRecorder> {
  const recorder: RpcRecorder = { requests: [], counting };
  await page.route(
    (url) => url.href.startsWith(rpcUrl),
    async (route) => {
      const body = route.request().postData();
      if (recorder.counting && body) {
        const parsed = JSON.parse(body) as RpcRequest | RpcRequest[];
        recorder.requests.push(...(Array.isArray(parsed) ? parsed : [parsed]));
      }
      await route.continue();
    },
  );
  return recorder;
}

/** eth_call requests by the block they read (their blockTag as a number; "latest" and others as named). */
export function callsByBlock(requests: RpcRequest[]): Map<string, number> {
  const byBlock = new Map<string, number>();
  for (const r of requests) {
    if (r.method !== "eth_call") continue;
    const tag = String(r.params[1] ?? "latest");
    const key = /^0x[0-9a-f]+$/i.test(tag) ? String(Number(tag)) : tag;
    byBlock.set(key, (byBlock.get(key) ?? 0) + 1);
  }
  return byBlock;
}
