/**
 * Settings of the `etm` network (a real ETM/P chain), read from environment variables.
 *
 * Nothing here throws while the config loads: `npm test` and the local networks never need these
 * variables. `assertEtmNetworkEnv()` is called when the `etm` network is actually selected and fails
 * with a message that names each missing or malformed variable and how to fix it.
 */

export const ETM_ENV = {
  rpcUrl: "ETM_RPC_URL",
  chainId: "ETM_CHAIN_ID",
  deployerKey: "ETM_DEPLOYER_KEY",
} as const;

/** Placeholder URL used while ETM_RPC_URL is unset; never contacted (the env check runs first). */
export const UNSET_RPC_URL = "http://etm-rpc-url-not-set.invalid";

const PRIVATE_KEY = /^0x[0-9a-fA-F]{64}$/;

export interface EtmEnvReading {
  url: string;
  chainId?: number;
  accounts: string[];
  problems: string[];
}

/** Reads and checks the `etm` network's variables; returns problems instead of throwing. */
export function readEtmEnv(env: NodeJS.ProcessEnv = process.env): EtmEnvReading {
  const problems: string[] = [];
  const rawUrl = env[ETM_ENV.rpcUrl]?.trim();
  let url = UNSET_RPC_URL;
  if (!rawUrl) {
    problems.push(
      `${ETM_ENV.rpcUrl} is not set: export the JSON-RPC URL of an ETM/P node, e.g. ${ETM_ENV.rpcUrl}=http://10.0.0.5:8545`,
    );
  } else if (!/^(https?|wss?):\/\/\S+$/.test(rawUrl)) {
    problems.push(`${ETM_ENV.rpcUrl}="${rawUrl}" is not an http(s) or ws(s) URL`);
  } else {
    url = rawUrl;
  }

  const rawChainId = env[ETM_ENV.chainId]?.trim();
  let chainId: number | undefined;
  if (!rawChainId) {
    problems.push(
      `${ETM_ENV.chainId} is not set: export the chain id of the ETM/P network (a positive integer)`,
    );
  } else if (!/^[1-9][0-9]{0,15}$/.test(rawChainId)) {
    problems.push(`${ETM_ENV.chainId}="${rawChainId}" is not a positive integer`);
  } else {
    chainId = Number(rawChainId);
  }

  const rawKey = env[ETM_ENV.deployerKey]?.trim();
  const accounts: string[] = [];
  if (!rawKey) {
    problems.push(
      `${ETM_ENV.deployerKey} is not set: export the deployer's private key (0x followed by 64 hex digits)`,
    );
  } else {
    const key = rawKey.startsWith("0x") ? rawKey : `0x${rawKey}`;
    if (!PRIVATE_KEY.test(key)) {
      problems.push(
        `${ETM_ENV.deployerKey} is malformed: expected 0x followed by 64 hex digits (the value is not shown)`,
      );
    } else {
      accounts.push(key);
    }
  }
  return { url, chainId, accounts, problems };
}

/** Throws one readable error listing every problem with the `etm` network's variables. */
export function assertEtmNetworkEnv(env: NodeJS.ProcessEnv = process.env): void {
  const { problems } = readEtmEnv(env);
  if (problems.length > 0) {
    throw new Error(
      `The etm network is not configured:\n  - ${problems.join("\n  - ")}\n` +
        "Set these variables (see README, 'Point the toolkit at an ETM/P network') and run again.",
    );
  }
}
