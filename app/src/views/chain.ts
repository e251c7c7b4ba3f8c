/**
 * The chain's state. The headline (always in view): the block, the network's estimated APY, the
 * staking ratio, the total staked and the supply. The details (a collapsible section, open before a
 * wallet connects, closed after so the account comes first): round and election, emission figures,
 * the inflation schedule, the protocol's minimums and the active set.
 */
import { facts, fill, h } from "../dom";
import type { Snapshot } from "../snapshot";
import { nameOf } from "../snapshot";
import { apyIsInfinite, marginalRewardPerBlock, SECONDS_PER_BLOCK, stakingRatioWad } from "../snapshot";
import { formatDuration, formatPercent } from "../units";
import { amount } from "./amount";
import { showValidator } from "./names";

export interface ChainView {
  /** The key figures, always shown. */
  headline: HTMLElement;
  /** "Chain details": collapsible; the page opens or closes it, each block's render keeps it as it is. */
  details: HTMLDetailsElement;
  body: HTMLElement;
}

export function createChainView(): ChainView {
  const headline = h("div", { class: "headline" });
  const body = h("div");
  const details = h(
    "details",
    { class: "chain-details" },
    h("summary", {}, "Chain details: round, election, emission, active set"),
    body,
  );
  return { headline, details, body };
}

/** Empties both parts (no chain). */
export function clearChain(view: ChainView): void {
  fill(view.headline);
  fill(view.body);
}

export function renderChain(view: ChainView, s: Snapshot): void {
  const toElection = s.nextElectionBlock > s.block ? s.nextElectionBlock - s.block : 0n;
  const schedule = s.schedule
    .map((e) => `from year ${e.fromYear}: ${formatPercent(e.rateWad)} a year`)
    .join("; ");
  fill(
    view.headline,
    facts([
      [
        "apy",
        "Estimated APY (before commission)",
        apyIsInfinite(s) ? "∞ (nothing staked)" : formatPercent(s.apyWad),
      ],
      ["staking-ratio", "Staking ratio S/B", formatPercent(stakingRatioWad(s))],
      ["staked", "Total staked", h("span", {}, amount(s.stakedWei), " ETM")],
      ["supply", "Supply", h("span", {}, amount(s.supplyWei), " ETM")],
      ["block", "Block", s.block.toString()],
    ]),
  );
  fill(
    view.body,
    facts([
      [
        "round",
        "Round",
        `${s.round} (blocks ${s.roundStartBlock}–${s.roundStartBlock + s.roundLength - 1n})`,
      ],
      [
        "next-election",
        "Next election",
        toElection === 0n
          ? `due now (since block ${s.nextElectionBlock}): it runs when anyone calls elect() — a keeper does each round`
          : `in ${toElection} blocks (block ${s.nextElectionBlock}, ${formatDuration(Number(toElection) * SECONDS_PER_BLOCK)})`,
      ],
      [
        "marginal-reward",
        "Marginal reward per staked ETM",
        `${marginalRewardPerBlock(s).toExponential(3)} ETM a block`,
      ],
      ["inflation", `Inflation (year ${s.year})`, `${formatPercent(s.inflationWad)} a year`],
      ["schedule", "Inflation schedule", schedule],
      ["delta", "Validators' share δ of each mint", formatPercent(s.deltaWad)],
      ["min-stake", "Minimum position", h("span", {}, amount(s.minStakeWei), " ETM")],
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
    s.round === 0n
      ? h(
          "p",
          { class: "hint", "data-field": "genesis-set" },
          `Round 0: these are the chain's genesis validators, written in its genesis file; from the first election (block ${s.nextElectionBlock}) the set is drawn from the candidates, with probability proportional to stake.`,
        )
      : undefined,
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
