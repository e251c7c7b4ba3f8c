/**
 * The test wallet: an EIP-1193 provider injected as `window.ethereum` before the page loads. Every
 * request goes to the devnet node through a function exposed by the test (so the test sees every
 * transaction sent); the node signs eth_sendTransaction for the impersonated account. It emulates
 * the wallet's chain: eth_chainId answers the chain it is "on", and wallet_switchEthereumChain
 * changes it and emits chainChanged. Setting `window.__etmRejectNextSend = true` makes it refuse the
 * next transaction as a user pressing "Reject" would.
 */
import type { Page } from "playwright-core";

export interface SentTransaction {
  params: Record<string, unknown>;
  hash?: string;
  error?: string;
}

export interface TestWallet {
  account: string;
  sent: SentTransaction[];
  /** Every JSON-RPC request the page made through the wallet, in order (the calls-per-block test). */
  requests: { method: string; params: unknown[] }[];
}

interface RpcAnswer {
  result?: unknown;
  error?: { code: number; message: string; data?: unknown };
}

/** Installs the wallet on `page` (before navigation): `account` on chain `chainId`. */
export async function installWallet(
  page: Page,
  rpcUrl: string,
  account: string,
  chainId: number,
): Promise<TestWallet> {
  const wallet: TestWallet = { account, sent: [], requests: [] };
  let id = 0;
  await page.exposeFunction("__etmRpc", async (method: string, paramsJson: string): Promise<string> => {
    const params = JSON.parse(paramsJson) as unknown[];
    wallet.requests.push({ method, params });
    const response = await fetch(rpcUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: ++id, method, params }),
    });
    const answer = (await response.json()) as RpcAnswer;
    if (method === "eth_sendTransaction") {
      wallet.sent.push({
        params: params[0] as Record<string, unknown>,
        hash: answer.result as string | undefined,
        error: answer.error?.message,
      });
    }
    return JSON.stringify(answer);
  });
  await page.addInitScript(
    ({ account: from, chainId: initialChain }) => {
      type Listener = (...args: unknown[]) => void;
      const listeners: Record<string, Listener[]> = {};
      let chainHex = `0x${initialChain.toString(16)}`;
      const emit = (event: string, value: unknown) => (listeners[event] ?? []).forEach((l) => l(value));
      const rpc = (window as unknown as { __etmRpc(m: string, p: string): Promise<string> }).__etmRpc;
      const ethereum = {
        isEtmTestWallet: true,
        async request({ method, params = [] }: { method: string; params?: unknown[] }): Promise<unknown> {
          switch (method) {
            case "eth_requestAccounts":
            case "eth_accounts":
              return [from];
            case "eth_chainId":
              return chainHex;
            case "net_version":
              return String(parseInt(chainHex, 16));
            case "eth_sendTransaction": {
              // The user pressing "Reject" in the wallet (EIP-1193 error 4001), when a test asks for it.
              const flags = window as unknown as { __etmRejectNextSend?: boolean };
              if (flags.__etmRejectNextSend) {
                flags.__etmRejectNextSend = false;
                throw Object.assign(new Error("User rejected the request."), { code: 4001 });
              }
              break;
            }
            case "wallet_switchEthereumChain": {
              chainHex = (params[0] as { chainId: string }).chainId;
              setTimeout(() => emit("chainChanged", chainHex), 0);
              return null;
            }
          }
          const answer = JSON.parse(await rpc(method, JSON.stringify(params))) as {
            result?: unknown;
            error?: { code: number; message: string; data?: unknown };
          };
          if (answer.error) {
            throw Object.assign(new Error(answer.error.message), {
              code: answer.error.code,
              data: answer.error.data,
            });
          }
          return answer.result;
        },
        on(event: string, listener: Listener) {
          (listeners[event] ??= []).push(listener);
        },
        removeListener(event: string, listener: Listener) {
          listeners[event] = (listeners[event] ?? []).filter((l) => l !== listener);
        },
      };
      (window as unknown as { ethereum: unknown }).ethereum = ethereum;
    },
    { account, chainId },
  );
  return wallet;
}
