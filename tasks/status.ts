/** etm:status: the round, the active set, candidates, staking ratio, APY, supply, and your positions. */
import { systemTask } from "./lib/system";
import { formatEtm, formatWadPercent } from "./lib/input";

const STATUS = ["none", "active", "deregistered", "tombstoned"];

systemTask("etm:status", "Shows the system's state and your positions", async (_args, open, hre) => {
  const s = await open();
  const block = await hre.ethers.provider.getBlockNumber();
  const [supply, staked, apy, year, round, info, active, candidates] = await Promise.all([
    s.token.totalSupply(),
    s.pool.totalStaked(),
    s.pool.estimatedAPY(),
    s.pool.currentYear(),
    s.election.currentRound(),
    s.election.roundInfo(),
    s.election.activeValidators(),
    s.pool.candidates(),
  ]);
  const rate = await s.pool.inflationRate(year);
  console.log(`network ${s.network}, block ${block}`);
  console.log(`round ${round}: blocks ${info[1]}..${info[1] + info[2] - 1n}, reveals from ${info[3]}`);
  console.log(`active set (${active.length}, in the shuffled proposer order): ${active.join(", ")}`);
  console.log(
    `supply ${formatEtm(supply, 2)} ETM, staked ${formatEtm(staked, 2)} ETM, staking ratio ${supply === 0n ? "-" : formatWadPercent((staked * 10n ** 18n) / supply)}`,
  );
  console.log(
    `inflation this year (year ${year}): ${formatWadPercent(rate)}; estimated APY ${formatWadPercent(apy)} (an estimate: (1+i)^((1-delta)B/S) - 1, holding B/S constant)`,
  );
  console.log(`\ncandidates (${candidates.length}):`);
  for (const operator of candidates) {
    const v = await s.pool.validatorInfo(operator);
    const scheduled =
      v.commissionEffectiveBlock !== 0n
        ? ` -> ${formatWadPercent(v.pendingCommissionWad)} at block ${v.commissionEffectiveBlock}`
        : "";
    const jailed = v.jailedUntilBlock > BigInt(block) ? `, jailed until ${v.jailedUntilBlock}` : "";
    console.log(
      `  ${operator}  stake ${formatEtm(v.bondedWei, 2)} ETM  commission ${formatWadPercent(v.commissionWad)}${scheduled}  ${STATUS[Number(v.status)]}${jailed}`,
    );
  }
  const me = s.account.address;
  console.log(`\npositions of ${me}:`);
  for (const operator of candidates) {
    const [stake, reward] = await Promise.all([
      s.pool.stakeOf(me, operator),
      s.pool.pendingReward(me, operator),
    ]);
    if (stake !== 0n || reward !== 0n)
      console.log(`  at ${operator}: staked ${formatEtm(stake)} ETM, rewards ${formatEtm(reward)} ETM`);
  }
  const [validators, maturities, amounts] = await s.pool.unbondingOf(me);
  validators.forEach((v, i) =>
    console.log(
      `  unbonding ${formatEtm(amounts[i])} ETM from ${v}, withdrawable at block ${maturities[i]} (~${Math.max(0, Number(maturities[i]) - block) * 3} s)`,
    ),
  );
  console.log(
    `  votes ${formatEtm(await s.votes.getVotes(me))} (voting units ${formatEtm(await s.votes.votingUnitsOf(me))})`,
  );
}).addOptionalParam("account", "whose positions to show: index or address");
