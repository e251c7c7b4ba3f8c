/**
 * The test wallet: an EIP-1193 provider injected as `window.ethereum` before the page loads. Every
 * request goes to the devnet node through a function exposed by the test (so the test sees every
 * transaction sent); the node signs eth_sendTransaction for the impersonated account. It emulates
 * the wallet's chain: eth_chainId answers the chain it is "on", and wallet_switchEthereumChain
 * changes it and emits chainChanged. Setting `window.__etmRejectNextSend = true` makes it refuse the
 * next transaction as a user pressing "Reject" would.
 *
 * eth_signTypedData_v4 (EIP-712, params `[address, typedDataJSON]`) is signed in the test with the
 * account's key (ethers' `signTypedData`), as a wallet would, when the test gives the key. Two
 * switches: `window.__etmRejectNextSign = true` refuses the next signature as a user pressing
 * "Reject" would (4001); `window.__etmNoTypedData = true` makes the wallet one that cannot sign typed
 * data at all (4200, unsupported method), as a wallet without EIP-712 support answers.
 */
import type { Page } from "playwright-core";
import type { Wallet } from "ethers";

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
  /**
   * A hostile node, when a test sets it: rewrites the result of each JSON-RPC request before the
   * page sees it.
   */
  rewrite?: (method: string, params: unknown[], result: unknown) => unknown;
  /** Every eth_signTypedData_v4 request: its typed data, and the signature or the refusal. */
  signed: { typedData: TypedDataJson; signature?: string; error?: string }[];
}

/** eth_signTypedData_v4's typed data (EIP-712's JSON form). */
export interface TypedDataJson {
  types: Record<string, { name: string; type: string }[]>;
  primaryType: string;
  domain: Record<string, unknown>;
  message: Record<string, unknown>;
}

interface RpcAnswer {
  result?: unknown;
  error?: { code: number; message: string; data?: unknown };
}

/**
 * Installs the wallet on `page` (before navigation): `account` on chain `chainId`; `key`, the
 * account's key, signs typed data (without it, the wallet cannot sign typed data).
 */
export async function installWallet(
  page: Page,
  rpcUrl: string,
  account: string,
  chainId: number,
  key?: Wallet,
): Promise<TestWallet> {
  const wallet: TestWallet = { account, sent: [], requests: [], signed: [] };
  let id = 0;
  await page.exposeFunction("__etmSignTypedData", async (paramsJson: string): Promise<string> => {
    const [address, typedDataJson] = JSON.parse(paramsJson) as [string, string];
    const typedData = JSON.parse(typedDataJson) as TypedDataJson;
    wallet.requests.push({ method: "eth_signTypedData_v4", params: [address, typedDataJson] });
    const refuse = (code: number, message: string): string => {
      wallet.signed.push({ typedData, error: message });
      return JSON.stringify({ error: { code, message } });
    };
    if (!key) return refuse(4200, "This wallet does not support eth_signTypedData_v4.");
    if (
      address.toLowerCase() !== account.toLowerCase() ||
      key.address.toLowerCase() !== account.toLowerCase()
    )
      return refuse(4100, `The wallet holds no key for ${address}.`);
    // ethers derives the domain's type from the domain itself: EIP712Domain is left out.
    const { EIP712Domain: _domainType, ...types } = typedData.types;
    void _domainType;
    const signature = await key.signTypedData(typedData.domain, types, typedData.message);
    wallet.signed.push({ typedData, signature });
    return JSON.stringify({ result: signature });
  });
  await page.exposeFunction("__etmRpc", async (method: string, paramsJson: string): Promise<string> => {
    const params = JSON.parse(paramsJson) as unknown[];
    wallet.requests.push({ method, params });
    const response = await fetch(rpcUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: ++id, method, params }),
    });
    const answer = (await response.json()) as RpcAnswer;
    if (wallet.rewrite && answer.result !== undefined) {
      answer.result = wallet.rewrite(method, params, answer.result);
    }
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
      const signTypedData = (window as unknown as { __etmSignTypedData(p: string): Promise<string> })
        .__etmSignTypedData;
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
            case "eth_signTypedData_v4": {
              const flags = window as unknown as {
                __etmRejectNextSign?: boolean;
                __etmNoTypedData?: boolean;
              };
              if (flags.__etmNoTypedData) {
                throw Object.assign(new Error("The method eth_signTypedData_v4 is not supported."), {
                  code: 4200,
                });
              }
              if (flags.__etmRejectNextSign) {
                flags.__etmRejectNextSign = false;
                throw Object.assign(new Error("User rejected the request."), { code: 4001 });
              }
              const answer = JSON.parse(await signTypedData(JSON.stringify(params))) as {
                result?: unknown;
                error?: { code: number; message: string };
              };
              if (answer.error)
                throw Object.assign(new Error(answer.error.message), { code: answer.error.code });
              return answer.result;
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
