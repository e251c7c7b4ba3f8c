/**
 * Where the `localhost` network (the devnet of `npm start`) is: ETM_LOCALHOST_URL when set, else
 * 127.0.0.1 on ETM_DEVNET_PORT (the variable `npm start` takes), else 8545. So
 * `ETM_DEVNET_PORT=8546 npm start` and `ETM_DEVNET_PORT=8546 npx hardhat etm:status --network localhost`
 * talk to the same node.
 */
export const DEFAULT_DEVNET_PORT = 8545;

export function localhostUrl(env: NodeJS.ProcessEnv = process.env): string {
  if (env.ETM_LOCALHOST_URL) return env.ETM_LOCALHOST_URL;
  return `http://127.0.0.1:${env.ETM_DEVNET_PORT || DEFAULT_DEVNET_PORT}`;
}
