/**
 * The page's names without a browser: readSnapshot (app/src/snapshot.ts) against a stub lens and
 * pool, counting the calls. The page of candidates carries its names; validators shown off that page
 * are named by one `namesOf` at the same block, and only when there are any.
 */
import { expect } from "chai";
import { nameOf, readSnapshot } from "../src/snapshot";
import type { System } from "../src/contracts";

const ZERO = "0x0000000000000000000000000000000000000000";
const address = (n: number) => `0x${n.toString(16).padStart(40, "0")}`;
const [A, B, C, D, E] = [1, 2, 3, 4, 5].map(address);

function candidate(operator: string, name: string) {
  return {
    operator,
    status: 1n,
    signer: operator,
    jailedUntilBlock: 0n,
    commissionWad: 0n,
    pendingCommissionWad: 0n,
    commissionEffectiveBlock: 0n,
    bondedWei: 0n,
    heartbeatEver: false,
    lastHeartbeatRound: 0n,
    active: true,
    name,
  };
}

/** A system whose lens shows `page` as candidates, `active` as the set, and the account's positions. */
function stubSystem(
  page: string[],
  active: string[],
  positions: string[],
  names: Record<string, string>,
  redelegations: { source: string; destination: string; maturityBlock: bigint }[] = [],
) {
  const namesOfCalls: { operators: string[]; blockTag: unknown }[] = [];
  const redelegationsOfCalls: { account: string; blockTag: unknown }[] = [];
  const lens = {
    snapshot: async () => ({
      blockNumber: 7n,
      round: { round: 1n, startBlock: 0n, lengthBlocks: 30n, nextElectionBlock: 30n },
      activeOperators: active,
      candidates: { items: page.map((a) => candidate(a, names[a] ?? "")), offset: 0n, totalCount: 200n },
      emission: {
        supplyWei: 1n,
        totalStakedWei: 1n,
        estimatedApyWad: 0n,
        year: 0n,
        inflationWad: 0n,
        deltaWad: 0n,
        rewardPerStakedTokenPerBlockRay: 0n,
        schedule: [],
        blocksPerYear: 1n,
      },
      parameters: { minStakeWei: 1n, minSelfStakeWei: 1n, unbondingBlocks: 1n },
      account: {
        balanceWei: 0n,
        allowanceWei: 0n,
        votesWei: 0n,
        delegatee: ZERO,
        positions: positions.map((validator) => ({ validator, stakedWei: 1n, pendingRewardWei: 0n })),
        unbonding: [],
        isOperator: false,
        operatorValidator: candidate(ZERO, ""),
        pendingCommissionWei: 0n,
      },
    }),
  };
  const pool = {
    namesOf: async (operators: string[], overrides: { blockTag: unknown }) => {
      namesOfCalls.push({ operators, blockTag: overrides.blockTag });
      return operators.map((o) => names[o] ?? "");
    },
    redelegationsOf: async (account: string, overrides: { blockTag: unknown }) => {
      redelegationsOfCalls.push({ account, blockTag: overrides.blockTag });
      return redelegations.map((r) => ({ ...r, amountWei: 5n, slashableWei: 5n, owedWei: 0n }));
    },
  };
  return { system: { lens, pool } as unknown as System, namesOfCalls, redelegationsOfCalls };
}

describe("the page's validator names (readSnapshot, stub lens)", function () {
  const request = { account: E, offset: 0n, extraValidators: [] };

  it("takes the page's names from the lens, with no other call when every validator shown is on the page", async function () {
    const { system, namesOfCalls } = stubSystem([A, B], [A, B], [B], { [A]: "Node A" });
    const s = await readSnapshot(system, 7n, request);
    expect(namesOfCalls).to.deep.equal([]);
    expect([nameOf(s, A), nameOf(s, B)]).to.deep.equal(["Node A", ""]);
    expect(nameOf(s, A.toUpperCase().replace("0X", "0x"))).to.equal("Node A");
  });

  it("names the validators shown off the page (active set, positions) with one namesOf at the block read", async function () {
    const { system, namesOfCalls } = stubSystem([A], [A, C], [C, D], { [A]: "Node A", [C]: "Node C" });
    const s = await readSnapshot(system, 7n, request);
    expect(namesOfCalls).to.deep.equal([{ operators: [C, D], blockTag: 7 }]);
    expect([nameOf(s, A), nameOf(s, C), nameOf(s, D)]).to.deep.equal(["Node A", "Node C", ""]);
  });
});

describe("the account's maturing redelegations (readSnapshot, stub pool)", function () {
  const request = { account: E, offset: 0n, extraValidators: [] };
  const moves = [
    { source: C, destination: B, maturityBlock: 90n },
    { source: D, destination: A, maturityBlock: 40n },
  ];

  it("are not read unless asked: no call to the pool on an ordinary block", async function () {
    const { system, redelegationsOfCalls, namesOfCalls } = stubSystem([A, B], [A, B], [B], {}, moves);
    const s = await readSnapshot(system, 7n, request);
    expect(redelegationsOfCalls).to.deep.equal([]);
    expect(namesOfCalls).to.deep.equal([]);
    expect(s.account!.redelegations).to.equal(undefined);
  });

  it("are read when asked, at the block read, soonest first, their validators named with the same namesOf", async function () {
    const { system, redelegationsOfCalls, namesOfCalls } = stubSystem(
      [A, B],
      [A, B],
      [B],
      { [C]: "Node C" },
      moves,
    );
    const s = await readSnapshot(system, 7n, { ...request, readRedelegations: true });
    expect(redelegationsOfCalls).to.deep.equal([{ account: E, blockTag: 7 }]);
    expect(s.account!.redelegations!.map((r) => [r.source, r.maturityBlock])).to.deep.equal([
      [D, 40n],
      [C, 90n],
    ]);
    // The sources off the page, in the order shown (soonest first).
    expect(namesOfCalls).to.deep.equal([{ operators: [D, C], blockTag: 7 }]);
    expect(nameOf(s, C)).to.equal("Node C");
  });

  it("names the validators of redelegations read earlier (namedValidators) without reading them again", async function () {
    const { system, redelegationsOfCalls, namesOfCalls } = stubSystem([A, B], [A, B], [B], {}, moves);
    await readSnapshot(system, 8n, { ...request, namedValidators: [C, B] });
    expect(redelegationsOfCalls).to.deep.equal([]);
    expect(namesOfCalls).to.deep.equal([{ operators: [C], blockTag: 8 }]);
  });
});
