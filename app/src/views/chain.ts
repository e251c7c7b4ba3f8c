/** The chain's state: round and election, staking ratio, reward, APY, supply, inflation schedule. */
import { facts, fill, h } from "../dom";
import type { Snapshot } from "../snapshot";
import { nameOf } from "../snapshot";
import { apyIsInfinite, marginalRewardPerBlock, SECONDS_PER_BLOCK, stakingRatioWad } from "../snapshot";
import { formatDuration, formatEtm, formatPercent } from "../units";
import { showValidator } from "./names";

export function renderChain(container: HTMLElement, s: Snapshot): void {
  const toElection = s.nextElectionBlock > s.block ? s.nextElectionBlock - s.block : 0n;
  const schedule = s.schedule
    .map((e) => `from year ${e.fromYear}: ${formatPercent(e.rateWad)} a year`)
    .join("; ");
  fill(
    container,
    facts([
      ["block", "Block", s.block.toString()],
      [
        "round",
        "Round",
        `${s.round} (blocks ${s.roundStartBlock}–${s.roundStartBlock + s.roundLength - 1n})`,
      ],
      [
        "next-election",
        "Next election",
        toElection === 0n
          ? `due now (block ${s.nextElectionBlock})`
          : `in ${toElection} blocks (block ${s.nextElectionBlock}, ${formatDuration(Number(toElection) * SECONDS_PER_BLOCK)})`,
      ],
      ["supply", "Supply", `${formatEtm(s.supplyWei, 2)} ETM`],
      ["staked", "Staked", `${formatEtm(s.stakedWei, 2)} ETM`],
      ["staking-ratio", "Staking ratio S/B", formatPercent(stakingRatioWad(s))],
      [
        "marginal-reward",
        "Marginal reward per staked ETM",
        `${marginalRewardPerBlock(s).toExponential(3)} ETM a block`,
      ],
      [
        "apy",
        "Estimated APY (before commission)",
        apyIsInfinite(s) ? "∞ (nothing staked)" : formatPercent(s.apyWad),
      ],
      ["inflation", `Inflation (year ${s.year})`, `${formatPercent(s.inflationWad)} a year`],
      ["schedule", "Inflation schedule", schedule],
      ["delta", "Validators' share δ of each mint", formatPercent(s.deltaWad)],
      ["min-stake", "Minimum position", `${formatEtm(s.minStakeWei, 18)} ETM`],
      [
        "unbonding",
        "Unbonding period",
        `${s.unbondingBlocks} blocks (${formatDuration(Number(s.unbondingBlocks) * SECONDS_PER_BLOCK)})`,
      ],
    ]),
    h(
      "p",
      { class: "hint" },
      "The APY is an estimate: (1+i)^((1−δ)·B/S) − 1 with i the inflation, B the supply and S the stake; " +
        "it assumes B/S stays as it is now. A delegator gets (1+APY)^(1−c) − 1 at a validator charging the commission c: each candidate's line shows it. The marginal reward is ln(1+i)/n · (1−δ) · B/S per block (n blocks a year).",
    ),
    h("h3", {}, `Active validators (${s.active.length}, in the shuffled proposer order)`),
    h(
      "ol",
      { "aria-label": "Active validators", class: "validators" },
      ...s.active.map((a) => {
        const item = h("li");
        showValidator(item, a, nameOf(s, a));
        return item;
      }),
    ),
  );
}
