/**
 * The ETM staking dApp: connects an injected EIP-1193 wallet (or reads from an RPC URL), finds the
 * contracts of the connected chain in deployments.json, shows the chain and the account block by
 * block, and sends the staking and validator transactions.
 */
import "./style.css";
import { BrowserProvider, getAddress, isAddress, JsonRpcProvider, toQuantity } from "ethers";
import type { AbstractProvider, Eip1193Provider, JsonRpcSigner } from "ethers";
import * as actions from "./actions";
import type { ActionContext } from "./actions";
import { connectSystem, MissingLensError } from "./contracts";
import type { System } from "./contracts";
import { deploymentFor, describeKnown, loadConfig } from "./deployments";
import type { AppConfig, Deployment } from "./deployments";
import { fill, h } from "./dom";
import { describeError } from "./errors";
import {
  CANDIDATES_PER_PAGE,
  MAX_EXTRA_VALIDATORS,
  nameOf,
  readChainFigures,
  readSnapshot,
} from "./snapshot";
import type { Snapshot } from "./snapshot";
import { PermitTracker } from "./permit";
import { Transactions, withGasMargin } from "./tx";
import type { Step } from "./tx";
import { formatEtm, formatEtmExact, formatPercent, parseEtm } from "./units";
import { validatorText } from "./views/names";
import { createAccountView, updateAccount } from "./views/account";
import { createRedelegationsView, updateRedelegations } from "./views/redelegations";
import type { RedelegationsView } from "./views/redelegations";
import { destinationsFor, maxAmountText } from "./redelegation";
import type { RedelegationView } from "./redelegation";
import { createCandidatesTable, describeApy, updateCandidates } from "./views/candidates";
import { clearChain, createChainView, renderChain } from "./views/chain";
import { actionForm, setOptions } from "./views/forms";
import type { ActionForm } from "./views/forms";
import { updateValidatorSummary } from "./views/validator";
import { createStatus, showStatus } from "./views/status";
import { createGovernanceView, updateGovernance } from "./views/governance";
import type { GovernanceView } from "./views/governance";
import { shortProposalId, Timelines } from "./governance";
import type { GovernedAddresses } from "../../lib/deployment";
import { History } from "./history";
import { createHistoryView, resetHistory, updateHistory } from "./views/history";
import { backfillBlocks, ChainHistory, pointOf } from "./chainHistory";
import { createChartsView, updateCharts } from "./views/charts";
import { markUpdate } from "./timing";
import { stakePreviewText } from "./views/stakePreview";
import { ValidatorHistory } from "./validatorHistory";
import { createValidatorPageView, updateValidatorPage } from "./views/validatorPage";

interface InjectedWallet extends Eip1193Provider {
  on?(event: string, listener: (...args: unknown[]) => void): void;
}

declare global {
  interface Window {
    ethereum?: InjectedWallet;
  }
}

interface Session {
  kind: "wallet" | "read-only";
  provider: AbstractProvider;
  chainId: number;
  /** The wallet's account, or the address watched in read-only mode. */
  account?: string;
  deployment?: Deployment;
  system?: System;
  /** The wallet's signer: sends the transactions and signs the stake's permits (typed data). */
  signer?: JsonRpcSigner;
  /** A wallet on a chain with a known deployment. */
  canSend: boolean;
  label: string;
  /** The read-only view the page opens by itself before a wallet connects. */
  publicView?: boolean;
}

const byId = (id: string): HTMLElement => document.getElementById(id)!;

class App {
  private config: AppConfig = { rpcUrl: "http://127.0.0.1:8545", deployments: [] };
  private session?: Session;
  private generation = 0;
  private lastBlock = -1n;
  private refreshing = false;
  private forceRefresh = false;
  private walletListening = false;
  private snapshot?: Snapshot;
  /** Index of the first candidate shown (pages of CANDIDATES_PER_PAGE). */
  private candidateOffset = 0n;
  /**
   * Validators where the account has had positions, remembered (per chain and account, in
   * localStorage) so the lens still finds a position after its validator leaves the list or the page.
   */
  private knownValidators = new Set<string>();

  private readonly message = byId("message");
  private readonly networkStatus = h("p", { role: "status", "aria-label": "Network status" });
  private readonly connectButton = h("button", { type: "button" }, "Connect wallet");
  /** In the header while a wallet is connected: its short address and the network. */
  private readonly accountChip = h("span", {
    class: "account-chip",
    "data-field": "header-account",
    hidden: true,
  });
  private readonly disconnectButton = h("button", { type: "button", hidden: true }, "Disconnect");
  private readonly switchButton = h("button", { type: "button", hidden: true }, "Switch network");
  /** Beside Connect wallet: why the wallet did not connect, or is on a chain without ETM. */
  private readonly connectionStatus = createStatus("Connection");
  /** In the read-only form, under its button: why the node cannot be viewed. */
  private readonly readOnlyStatus = createStatus("Read-only");
  /** Under Switch network: why the wallet did not switch. */
  private readonly switchStatus = createStatus("Switch network");
  /** Viewing a node read-only: out of the way (hidden) while a wallet is connected. */
  private readOnlyForm?: HTMLFormElement;
  private readonly chainView = createChainView();
  /** The charts of the chain's key figures over recent blocks. */
  private readonly chartsView = createChartsView();
  /**
   * Their points: kept while the page shows the same deployment (its chain and lens), whoever is
   * connected — the figures are the chain's, not the account's — so connecting keeps the public
   * view's points; `backfilled` once the older blocks were asked for.
   */
  private charts = { key: "", history: new ChainHistory(), backfilled: false };
  private readonly candidates = createCandidatesTable((operator) => this.openValidator(operator));
  /** The validator's page opened from the table's Details, and its history read from the logs. */
  private readonly validatorPage = createValidatorPageView(() => this.closeValidator());
  private validatorHistory?: ValidatorHistory;
  private readonly candidatesHeading = h("h2", { id: "candidates-heading" }, "Candidates");
  private readonly previousPage = h("button", { type: "button", hidden: true }, "Previous candidates");
  private readonly nextPage = h("button", { type: "button", hidden: true }, "Next candidates");
  /** Over 100 candidates, the page reads them from the chain 100 at a time: the table's sort and search apply to those. */
  private readonly chainPageHint = h(
    "p",
    { class: "hint", hidden: true },
    `The page reads ${CANDIDATES_PER_PAGE} candidates at a time from the chain: sorting and search apply to those shown in the heading; Previous and Next candidates read the others.`,
  );
  private readonly txLog = h("ol", { class: "tx-log", "aria-label": "Transactions", "aria-live": "polite" });
  private readonly withdrawButton = h(
    "button",
    { type: "button", "data-action": "" },
    "Withdraw matured stake",
  );
  private readonly heartbeatButton = h("button", { type: "button", "data-action": "" }, "Send heartbeat");
  private readonly heartbeatStatus = createStatus("Heartbeat");
  private readonly claimAllButton = h("button", { type: "button", "data-action": "" }, "Claim all rewards");
  private readonly compoundAllButton = h(
    "button",
    { type: "button", "data-action": "" },
    "Compound all rewards",
  );
  /** Beside the Redelegate form's amount: fills in the chosen position's whole stake. */
  private readonly maxButton = h("button", { type: "button", class: "max" }, "Max");
  private readonly redelegateForm = actionForm(
    "Redelegate",
    [
      { name: "source", label: "Move stake from (your position)", select: true },
      { name: "destination", label: "To validator", select: true },
      {
        name: "amount",
        label: "Amount to move (ETM or all)",
        placeholder: "e.g. 100 or all",
        inputmode: "decimal",
      },
    ],
    "Redelegate",
    (f) =>
      this.send("Redelegate", f.status, (ctx) =>
        actions.redelegate(ctx, f.value("source"), f.value("destination"), f.value("amount")),
      ),
  );
  private readonly redelegationsView: RedelegationsView = createRedelegationsView(
    this.redelegateForm.element,
  );
  private readonly accountView = createAccountView(
    this.withdrawButton,
    [this.claimAllButton, this.compoundAllButton],
    this.redelegationsView.element,
  );
  /** The account's maturing redelegations as last read (on connect, after its own transactions). */
  private redelegations: RedelegationView[] = [];
  /** Read the account's redelegations with the next snapshot. */
  private redelegationsDue = true;
  private readonly validatorSummary = h("div");
  private readonly governanceView: GovernanceView;
  /** The shown proposals' timelines, from the governor's events (read when a state changes). */
  private timelines?: Timelines;
  /** The account's own transactions, from the chain's logs (read again after a reload). */
  private history?: History;
  private readonly historyView = createHistoryView(() => this.showOlderHistory());
  private readonly tx = new Transactions(
    this.txLog,
    (text, kind) => this.notify(text, kind),
    () => this.updateButtons(),
    () => {
      this.forceRefresh = true;
      this.redelegationsDue = true; // the account's own transaction may have moved or released some
    },
  );
  private readonly forms: Record<string, ActionForm>;
  /** What the wallet did with the permits asked of it in this session. */
  private permits = new PermitTracker();
  /** Beside the Stake button: which path a stake of the amount typed takes (permit or approve). */
  private readonly stakePath = h("p", { class: "hint form-note", "data-field": "stake-path" });
  /** Under the amount to stake: what it would earn in a year at the chosen validator, estimated. */
  private readonly stakePreview = h("p", { class: "hint form-note", "data-field": "stake-preview" });
  /** Beside the amount to stake: fills in the whole balance at the block shown. */
  private readonly stakeMaxButton = h(
    "button",
    { type: "button", class: "max", "aria-label": "Max: stake your whole balance" },
    "Max",
  );
  /** Beside the Stake button: which path the last stake took, and how it ended. */
  private readonly stakeLast = h("p", {
    class: "form-note",
    "data-field": "stake-last",
    role: "status",
    "aria-label": "Last stake",
    hidden: true,
  });

  /** Runs an action, its progress and outcome shown in `status` beside its control. */
  private send(
    title: string,
    status: HTMLElement,
    prepare: (ctx: ActionContext) => Promise<Step[]> | Step[],
  ): void {
    const ctx = this.actionContext(status);
    if (!ctx) return;
    void this.tx.run(title, async () => prepare(ctx), status);
  }

  constructor() {
    const send = this.send.bind(this);
    this.forms = {
      stake: actionForm(
        "Stake",
        [
          { name: "validator", label: "Stake to validator", select: true },
          {
            name: "amount",
            label: "Amount to stake (ETM)",
            placeholder: "e.g. 100 or 12.5",
            inputmode: "decimal",
          },
        ],
        "Stake",
        (f) => this.stake(f.value("validator"), f.value("amount")),
      ),
      unstake: actionForm(
        "Unstake",
        [
          { name: "validator", label: "Unstake from validator", select: true },
          {
            name: "amount",
            label: "Amount to unstake (ETM or all)",
            placeholder: "e.g. 10 or all",
            inputmode: "decimal",
          },
        ],
        "Unstake",
        (f) =>
          send("Unstake", f.status, (ctx) => actions.unstake(ctx, f.value("validator"), f.value("amount"))),
      ),
      delegate: actionForm(
        "Delegate votes",
        [{ name: "to", label: "Delegate votes to (empty: yourself)", placeholder: "0x…" }],
        "Delegate votes",
        (f) => send("Delegate votes", f.status, (ctx) => actions.delegate(ctx, f.value("to"))),
      ),
      register: actionForm(
        "Register as validator",
        [
          { name: "signer", label: "Signer address (QBFT)", placeholder: "0x…" },
          { name: "commission", label: "Commission (%)", placeholder: "e.g. 5", inputmode: "decimal" },
          { name: "selfStake", label: "Self-stake (ETM)", placeholder: "e.g. 10000", inputmode: "decimal" },
          {
            name: "signerProof",
            label: "Signer proof (signature by the signer key)",
            placeholder: "0x… (130 hex digits)",
          },
        ],
        "Register as validator",
        (f) =>
          send("Register", f.status, (ctx) =>
            actions.register(
              ctx,
              f.value("signer"),
              f.value("commission"),
              f.value("selfStake"),
              f.value("signerProof"),
            ),
          ),
      ),
      commission: actionForm(
        "Change commission",
        [{ name: "commission", label: "New commission (%)", placeholder: "e.g. 4.5", inputmode: "decimal" }],
        "Change commission",
        (f) =>
          send("Change commission", f.status, (ctx) => actions.setCommission(ctx, f.value("commission"))),
      ),
      profile: actionForm(
        "Set profile",
        [
          { name: "name", label: "Name (letters, digits, space, - _ .)", placeholder: "e.g. Node One" },
          { name: "website", label: "Website", placeholder: "https://…" },
          { name: "description", label: "Description", placeholder: "one line about your node" },
        ],
        "Set profile",
        (f) =>
          send("Set profile", f.status, (ctx) =>
            actions.setProfile(ctx, f.value("name"), f.value("website"), f.value("description")),
          ),
      ),
    };
    this.governanceView = createGovernanceView((f) =>
      send("Propose", f.status, (ctx) =>
        actions.propose(ctx, this.governedAddresses(), f.value("settings"), f.value("description")),
      ),
    );
    this.forms.stake.element.append(this.stakePath, this.stakeLast);
    this.forms.stake.field("amount").parentElement!.after(this.stakeMaxButton, this.stakePreview);
    this.stakeMaxButton.addEventListener("click", () => {
      const balanceWei = this.snapshot?.account?.balanceWei;
      if (balanceWei === undefined) return;
      (this.forms.stake.field("amount") as HTMLInputElement).value = formatEtmExact(balanceWei);
      this.updateStakePath();
    });
    this.forms.stake.field("amount").addEventListener("input", () => this.updateStakePath());
    this.forms.stake.field("validator").addEventListener("change", () => this.updateStakePath());
    // Max beside the amount to move; the destinations follow the position chosen.
    this.redelegateForm.field("amount").parentElement!.after(this.maxButton);
    this.maxButton.addEventListener("click", () => {
      const positions = this.snapshot?.account?.positions ?? [];
      const source = this.redelegateForm.value("source");
      if (!source) {
        showStatus(
          this.redelegateForm.status,
          "Choose a position first: Max moves all of its stake.",
          "error",
        );
        return;
      }
      (this.redelegateForm.field("amount") as HTMLInputElement).value = maxAmountText(positions, source);
    });
    this.redelegateForm.field("source").addEventListener("change", () => {
      if (this.snapshot) this.updateRedelegateForm(this.snapshot);
    });
    this.withdrawButton.addEventListener("click", () =>
      send("Withdraw", this.accountView.withdrawStatus, (ctx) => actions.withdraw(ctx)),
    );
    this.claimAllButton.addEventListener("click", () =>
      send("Claim all", this.accountView.allStatus, (ctx) => actions.claimAll(ctx, false)),
    );
    this.compoundAllButton.addEventListener("click", () =>
      send("Compound all", this.accountView.allStatus, (ctx) => actions.claimAll(ctx, true)),
    );
    this.heartbeatButton.addEventListener("click", () =>
      send("Heartbeat", this.heartbeatStatus, (ctx) => actions.heartbeat(ctx)),
    );
    this.switchButton.addEventListener("click", () => void this.switchNetwork());
    this.previousPage.addEventListener("click", () => this.turnPage(-1n));
    this.nextPage.addEventListener("click", () => this.turnPage(1n));
    this.layout();
  }

  async start(): Promise<void> {
    try {
      this.config = await loadConfig();
    } catch (error) {
      this.notifyAt(
        this.connectionStatus,
        `The list of deployments could not be loaded: ${describeError(error)}`,
        "error",
      );
    }
    (byId("connection").querySelector("input[name=rpc]") as HTMLInputElement).value = this.config.rpcUrl;
    setInterval(() => void this.tick(), 1000);
    // Everything public (APY, staking ratio, stake, validators) shows before anyone connects.
    void this.openReadOnly(this.config.rpcUrl, "", true);
  }

  private layout(): void {
    const rpc = h("input", { name: "rpc", type: "url", autocomplete: "off" });
    const watch = h("input", {
      name: "watch",
      type: "text",
      placeholder: "0x… (optional)",
      autocomplete: "off",
    });
    const readOnly = (this.readOnlyForm = h(
      "form",
      { "aria-label": "Read-only mode" },
      h("label", {}, "RPC URL", rpc),
      h("label", {}, "Address to watch", watch),
      h("button", { type: "submit" }, "View read-only"),
      this.readOnlyStatus,
    ));
    readOnly.addEventListener("submit", (event) => {
      event.preventDefault();
      void this.openReadOnly(rpc.value, watch.value);
    });
    this.connectButton.addEventListener("click", () => void this.connectWallet());
    this.disconnectButton.addEventListener("click", () => this.disconnect());
    fill(
      byId("connection"),
      this.accountChip,
      this.disconnectButton,
      this.connectButton,
      this.connectionStatus,
      readOnly,
    );
    fill(
      byId("network"),
      h("h2", { id: "network-heading" }, "Network"),
      this.networkStatus,
      this.switchButton,
      this.switchStatus,
      this.chainView.headline,
      this.chartsView.element,
      this.chainView.details,
    );
    this.networkStatus.textContent = "Not connected: connect a wallet, or view a chain read-only.";
    // The summary, the actions (their own section, inside the account's) and the holdings.
    fill(
      byId("account"),
      h(
        "div",
        { class: "account-summary" },
        h("h2", { id: "account-heading" }, "Your account"),
        this.accountView.summary,
      ),
      byId("actions"),
      this.accountView.holdings,
    );
    fill(
      byId("actions"),
      h("h2", { id: "actions-heading" }, "Stake"),
      h(
        "p",
        { class: "hint" },
        "Amounts are in ETM with up to 18 decimals. When the pool may not yet spend the amount, staking asks your wallet to sign a permit (EIP-2612 typed data, no gas) and sends one transaction; a wallet that cannot sign typed data sends two: approve the amount, then stake.",
      ),
      this.forms.stake.element,
      this.forms.unstake.element,
      this.forms.delegate.element,
    );
    fill(
      byId("validator"),
      h("h2", { id: "validator-heading" }, "Validator"),
      this.validatorSummary,
      h(
        "p",
        { class: "hint" },
        "Registering needs a signer proof: your node's signer key signs the EIP-712 message SignerProof(signer, operator = this account) for this pool and chain, so nobody can register a signer whose key they do not hold. On the machine with the key, run ETM_SIGNER_KEY=0x… npx hardhat etm:signer-proof --operator <this account> --network <network> (or etm:register there, which signs and sends) and paste the proof below. A signer whose last validator is jailed stays reserved until the jail ends, and forever after a tombstone.",
      ),
      this.forms.register.element,
      this.forms.commission.element,
      this.forms.profile.element,
      this.heartbeatButton,
      this.heartbeatStatus,
    );
    fill(
      byId("governance"),
      h("h2", { id: "governance-heading" }, "Governance"),
      this.governanceView.element,
    );
    fill(byId("history"), h("h2", { id: "history-heading" }, "History"), this.historyView.element);
    fill(
      byId("activity"),
      h("h2", { id: "activity-heading" }, "Transactions"),
      h(
        "p",
        { class: "hint" },
        "Sent from this page since it was opened; your history above is the chain's.",
      ),
      this.txLog,
    );
    fill(byId("validator-page"), this.validatorPage.element);
    fill(
      byId("candidates"),
      this.candidatesHeading,
      this.chainPageHint,
      this.candidates.element,
      h("p", { class: "pager" }, this.previousPage, " ", this.nextPage),
    );
    this.updateButtons();
  }

  /** Shows `text` beside the control it answers (`status`) and, as a record, at the top. */
  private notifyAt(status: HTMLElement, text: string, kind: "ok" | "error"): void {
    showStatus(status, text, kind);
    this.notify(text, kind);
  }

  private notify(text: string, kind: "ok" | "error"): void {
    this.message.textContent = text;
    this.message.className = kind;
    this.message.hidden = false;
  }

  /** The context actions send in, or undefined (said in `status`, else the top message) without a wallet. */
  private actionContext(status?: HTMLElement): ActionContext | undefined {
    const s = this.session;
    if (!s?.canSend || !s.system || !s.account) {
      const text = "Connect a wallet on the ETM network first; nothing was sent.";
      if (status) showStatus(status, text, "error");
      else this.notify(text, "error");
      return undefined;
    }
    return {
      system: s.system,
      account: s.account,
      permitSigner: s.signer ? this.permits.signer(s.signer) : undefined,
    };
  }

  // ------------------------------------------------------------------ stake (permit or approve)

  /**
   * Stakes through lib/actions' planner, which signs a permit when the allowance is short (one
   * `stakeWithPermit` transaction), approves first when the wallet cannot sign typed data, and sends
   * nothing when the user declines the signature; the note beside the button says which it was.
   */
  private stake(validatorText: string, amountText: string): void {
    if (this.tx.isBusy) return; // one action at a time (a double click sends nothing twice)
    const ctx = this.actionContext(this.forms.stake.status);
    if (!ctx) return;
    let path: string | undefined;
    this.permits.reset();
    void this.tx
      .run(
        "Stake",
        async () => {
          const steps = await actions.stake(ctx, validatorText, amountText).catch((error: unknown) => {
            if (this.permits.last === "declined") {
              path = "not sent: you declined to sign the permit in your wallet, so nothing was sent.";
            }
            throw error;
          });
          const fellBack = this.permits.last === "unsupported";
          path =
            this.permits.last === "signed"
              ? "one signature (permit) + one transaction (stakeWithPermit)"
              : steps.length > 1
                ? `two transactions (approve, then stake)${fellBack ? ": your wallet could not sign the permit" : ""}`
                : "one transaction (the allowance already covered the amount)";
          return steps;
        },
        this.forms.stake.status,
      )
      .then((confirmed) => {
        if (path) {
          this.stakeLast.textContent = path.startsWith("not sent")
            ? `Last stake ${path}`
            : `Last stake: ${path}${confirmed ? "; confirmed." : "; not confirmed (see the message)."}`;
          this.stakeLast.hidden = false;
        }
        this.updateStakePath();
      });
  }

  /** The path a stake of the amount typed would take, from the allowance at the block shown. */
  private updateStakePath(): void {
    const allowanceWei = this.snapshot?.account?.allowanceWei;
    let amountWei: bigint | undefined;
    try {
      amountWei = parseEtm(this.forms.stake.value("amount"));
    } catch {
      amountWei = undefined; // nothing typed yet, or not an amount (refused when Stake is clicked)
    }
    const canSign = Boolean(this.session?.signer) && !this.permits.unsupported;
    let text: string;
    if (amountWei !== undefined && allowanceWei !== undefined && allowanceWei >= amountWei) {
      text = `One transaction: the pool may already spend ${formatEtmExact(allowanceWei)} ETM of yours.`;
    } else if (canSign) {
      text =
        "One signature (a permit for exactly the amount, no gas) + one transaction. " +
        "If your wallet cannot sign typed data: two transactions, approve then stake.";
    } else {
      text = `Two transactions: approve exactly the amount, then stake${
        this.permits.unsupported ? " (your wallet could not sign a permit in this session)" : ""
      }.`;
    }
    if (this.stakePath.textContent !== text) this.stakePath.textContent = text;
    const preview = this.snapshot
      ? stakePreviewText(this.snapshot, this.forms.stake.value("validator"), amountWei)
      : "";
    if (this.stakePreview.textContent !== preview) this.stakePreview.textContent = preview;
    this.stakePreview.hidden = preview === "";
  }

  private updateButtons(): void {
    const enabled = Boolean(this.session?.canSend) && !this.tx.isBusy;
    for (const button of document.querySelectorAll<HTMLButtonElement>("button[data-action]")) {
      button.disabled = !enabled;
    }
  }

  // ------------------------------------------------------------------ sessions

  /** Forgets the wallet (a page cannot disconnect a wallet; it stops using it) and shows the public view. */
  private disconnect(): void {
    this.setSession(undefined);
    this.networkStatus.textContent = "Disconnected: connect a wallet to stake.";
    void this.openReadOnly(this.config.rpcUrl, "", true);
  }

  private async connectWallet(): Promise<void> {
    const wallet = window.ethereum;
    if (!wallet) {
      this.notifyAt(
        this.connectionStatus,
        "No browser wallet found: install MetaMask (or another EIP-1193 wallet), or use the read-only mode.",
        "error",
      );
      return;
    }
    let accounts: string[];
    try {
      accounts = (await wallet.request({ method: "eth_requestAccounts" })) as string[];
    } catch (error) {
      this.notifyAt(this.connectionStatus, `The wallet did not connect: ${describeError(error)}`, "error");
      return;
    }
    if (!this.walletListening && wallet.on) {
      this.walletListening = true;
      wallet.on("chainChanged", () => void this.reopenWallet());
      wallet.on("accountsChanged", () => void this.reopenWallet());
    }
    await this.openWallet(accounts[0]);
  }

  private async reopenWallet(): Promise<void> {
    if (this.session?.kind !== "wallet" || !window.ethereum) return;
    const accounts = (await window.ethereum.request({ method: "eth_accounts" })) as string[];
    await this.openWallet(accounts[0]);
  }

  private async openWallet(account: string | undefined): Promise<void> {
    const wallet = window.ethereum!;
    if (!account) {
      this.setSession(undefined, "The wallet shares no account: unlock it and connect again.");
      return;
    }
    const chainId = Number(await wallet.request({ method: "eth_chainId" }));
    const provider = new BrowserProvider(wallet, chainId);
    provider.pollingInterval = 1000;
    // The gas each transaction is sent with: the node's estimate plus a margin, since the estimate is
    // made on an earlier block's state than the one it is mined on (the devnet's log showed a stake
    // estimated before block 670, mined in 671, run out of gas: 315,482 of 321,641).
    const estimate = provider.estimateGas.bind(provider);
    provider.estimateGas = async (tx) => withGasMargin(await estimate(tx));
    const deployment = deploymentFor(this.config, chainId);
    const address = getAddress(account);
    const label = `wallet ${address}`;
    if (!deployment) {
      this.setSession(
        { kind: "wallet", provider, chainId, account: address, canSend: false, label },
        `Wrong network: your wallet is on chain ${chainId}, where no ETM deployment is known. ` +
          `Known: ${describeKnown(this.config)}. Switch your wallet to that network; nothing can be sent until then.`,
      );
      return;
    }
    let system: System;
    const signer = await provider.getSigner(address);
    try {
      system = connectSystem(deployment, signer);
    } catch (error) {
      if (!(error instanceof MissingLensError)) throw error;
      this.setSession(
        { kind: "wallet", provider, chainId, account: address, canSend: false, label },
        error.message,
      );
      return;
    }
    this.setSession({
      kind: "wallet",
      provider,
      chainId,
      account: address,
      deployment,
      system,
      signer,
      canSend: true,
      label,
    });
  }

  /**
   * Views the chain at `urlText` read-only (watching `watchText`'s account if given). `publicView`:
   * the page's own view before a wallet connects — it gives way to any session opened meanwhile, and
   * a node that does not answer is said in the network status, not as an error.
   */
  private async openReadOnly(urlText: string, watchText: string, publicView = false): Promise<void> {
    const idle = () => !publicView || this.session === undefined;
    const fail = (text: string) => {
      if (!publicView) this.notifyAt(this.readOnlyStatus, text, "error");
      else if (idle())
        this.networkStatus.textContent = `Not connected (${text}): connect a wallet, or view a node read-only.`;
    };
    const url = urlText.trim();
    if (!/^https?:\/\/\S+$/.test(url)) {
      fail(`"${urlText}" is not an http(s) URL of a JSON-RPC node.`);
      return;
    }
    if (watchText.trim() !== "" && !isAddress(watchText.trim())) {
      fail(`"${watchText}" is not an address (0x followed by 40 hex digits).`);
      return;
    }
    let chainId: number;
    try {
      const response = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] }),
      });
      chainId = Number(((await response.json()) as { result: string }).result);
    } catch (error) {
      fail(`the node at ${url} did not answer: ${describeError(error)}`);
      return;
    }
    if (!idle()) return;
    const provider = new JsonRpcProvider(url, chainId, { staticNetwork: true, pollingInterval: 1000 });
    const deployment = deploymentFor(this.config, chainId);
    const account = watchText.trim() === "" ? undefined : getAddress(watchText.trim());
    const label = `read-only ${url}`;
    if (!deployment) {
      this.setSession(
        { kind: "read-only", provider, chainId, account, canSend: false, label, publicView },
        `Unknown chain: ${url} answers chain ${chainId}, where no ETM deployment is known. Known: ${describeKnown(this.config)}.`,
      );
      return;
    }
    let system: System;
    try {
      system = connectSystem(deployment, provider);
    } catch (error) {
      if (!(error instanceof MissingLensError)) throw error;
      this.setSession(
        { kind: "read-only", provider, chainId, account, canSend: false, label, publicView },
        error.message,
      );
      return;
    }
    this.setSession({
      kind: "read-only",
      provider,
      chainId,
      account,
      deployment,
      system,
      canSend: false,
      label,
      publicView,
    });
  }

  private async switchNetwork(): Promise<void> {
    const wallet = window.ethereum;
    const target = this.config.deployments[0];
    if (!wallet || !target) return;
    const chainId = toQuantity(target.chainId);
    try {
      await wallet.request({ method: "wallet_switchEthereumChain", params: [{ chainId }] });
    } catch (error) {
      if ((error as { code?: number }).code !== 4902) {
        this.notifyAt(
          this.switchStatus,
          `The wallet did not switch networks: ${describeError(error)}`,
          "error",
        );
        return;
      }
      await wallet.request({
        method: "wallet_addEthereumChain",
        params: [
          {
            chainId,
            chainName: `ETM ${target.network}`,
            rpcUrls: [this.config.rpcUrl],
            nativeCurrency: { name: "ETM gas", symbol: "ETH", decimals: 18 },
          },
        ],
      });
    }
  }

  private setSession(session: Session | undefined, problem?: string): void {
    this.session?.provider.destroy();
    this.session = session;
    this.generation++;
    this.lastBlock = -1n;
    this.snapshot = undefined;
    this.candidateOffset = 0n;
    this.knownValidators = new Set(loadKnownValidators(session));
    this.permits = new PermitTracker();
    this.stakeLast.hidden = true;
    this.redelegations = [];
    this.redelegationsDue = true;
    const known = Boolean(session?.system);
    for (const id of ["candidates"]) byId(id).hidden = !known;
    byId("account").hidden = byId("history").hidden = !known || !session?.account;
    this.history =
      session?.system && session.account ? new History(session.system, session.account) : undefined;
    this.closeValidator();
    resetHistory(this.historyView);
    byId("actions").hidden = !known || session?.kind !== "wallet";
    byId("validator").hidden = !known || session?.kind !== "wallet";
    byId("governance").hidden = !session?.system?.governor;
    this.governanceView.propose.element.hidden = session?.kind !== "wallet";
    this.timelines = session?.system?.governor ? new Timelines(session.system.governor) : undefined;
    this.switchButton.hidden = !(session?.kind === "wallet" && !known && this.config.deployments.length > 0);
    if (this.switchButton.hidden === false) {
      const target = this.config.deployments[0];
      this.switchButton.textContent = `Switch to ${target.network} (chain ${target.chainId})`;
    }
    clearChain(this.chainView);
    const chartsKey = session?.deployment
      ? `${session.chainId}:${session.deployment.contracts.lens ?? ""}`
      : "";
    if (chartsKey !== this.charts.key) {
      this.charts = { key: chartsKey, history: new ChainHistory(), backfilled: false };
    }
    updateCharts(this.chartsView, this.charts.history);
    // Before a wallet connects the chain is the page's subject; after, the account is, and the
    // details fold away under the key figures (a click opens them).
    this.chainView.details.open = session?.kind !== "wallet";
    // A new session answers the messages of the controls that opened the old one. The page's own
    // public view answers none: a Connect wallet or View read-only that failed while it was still
    // loading keeps its message (it used to vanish when the view arrived a moment later).
    const answered = session?.publicView
      ? [this.switchStatus]
      : [this.connectionStatus, this.readOnlyStatus, this.switchStatus];
    for (const status of answered) status.hidden = true;
    if (problem) {
      this.networkStatus.textContent = problem;
      // Beside the control that opened the session: Connect wallet (no session: the wallet shared
      // no account), or the read-only form; the page's own public view has no control of its own.
      const where = session?.kind === "read-only" ? this.readOnlyStatus : this.connectionStatus;
      if (!session?.publicView) showStatus(where, problem, "error");
      this.notify(problem, "error");
    } else if (session?.deployment) {
      this.networkStatus.textContent = statusLine(session);
      this.message.hidden = true;
    }
    const wallet = session?.kind === "wallet" && session.account ? session.account : undefined;
    this.accountChip.hidden = this.disconnectButton.hidden = !wallet;
    this.connectButton.hidden = Boolean(wallet);
    if (this.readOnlyForm) this.readOnlyForm.hidden = Boolean(wallet);
    if (wallet) {
      this.accountChip.textContent = `${wallet.slice(0, 6)}…${wallet.slice(-4)} · ${
        session!.deployment ? session!.deployment.network : `chain ${session!.chainId}`
      }`;
      this.accountChip.title = wallet;
    }
    this.updateButtons();
    this.forceRefresh = true;
  }

  // ------------------------------------------------------------------ refresh

  private async tick(): Promise<void> {
    const session = this.session;
    if (!session?.system || this.refreshing) return;
    const generation = this.generation;
    this.refreshing = true;
    const startedMs = performance.now();
    try {
      const block = BigInt(await session.provider.getBlockNumber());
      if (block === this.lastBlock && !this.forceRefresh) return;
      this.forceRefresh = false;
      const readRedelegations = this.redelegationsDue && session.account !== undefined;
      this.redelegationsDue = false;
      let snapshot: Snapshot;
      try {
        snapshot = await readSnapshot(session.system, block, {
          account: session.account,
          offset: this.candidateOffset,
          extraValidators: [...this.knownValidators].slice(-MAX_EXTRA_VALIDATORS),
          readRedelegations,
          namedValidators: this.redelegations.flatMap((r) => [r.source, r.destination]),
        });
      } catch (error) {
        if (readRedelegations) this.redelegationsDue = true; // read them with the next snapshot
        throw error;
      }
      if (generation !== this.generation) return;
      if (snapshot.account?.redelegations) this.redelegations = snapshot.account.redelegations;
      this.remember(session, snapshot);
      this.lastBlock = block;
      this.snapshot = snapshot;
      this.charts.history.add(pointOf(snapshot));
      const readMs = performance.now();
      this.render(snapshot);
      markUpdate(block, startedMs, readMs);
      if (!this.charts.backfilled) void this.backfillCharts(session.system, snapshot.block);
      void this.readHistory(generation, block);
      void this.readValidatorHistory(generation, block);
      void this.readTimelines(generation, snapshot);
    } catch (error) {
      if (generation === this.generation) {
        this.networkStatus.textContent = `Could not read the chain: ${describeError(error)}`;
      }
    } finally {
      this.refreshing = false;
    }
  }

  private render(s: Snapshot): void {
    const session = this.session!;
    this.networkStatus.textContent = statusLine(session);
    renderChain(this.chainView, s);
    updateCharts(this.chartsView, this.charts.history);
    const paged = s.candidateCount > CANDIDATES_PER_PAGE;
    this.candidatesHeading.textContent = paged
      ? `Candidates (${s.candidateCount}; ${s.candidates.length === 0 ? "none" : `${s.candidateOffset + 1n}–${s.candidateOffset + BigInt(s.candidates.length)}`} shown)`
      : `Candidates (${s.candidateCount})`;
    this.previousPage.hidden = this.nextPage.hidden = !paged && s.candidateOffset === 0n;
    this.previousPage.disabled = s.candidateOffset === 0n;
    this.nextPage.disabled = s.candidateOffset + CANDIDATES_PER_PAGE >= s.candidateCount;
    this.chainPageHint.hidden = !paged && s.candidateOffset === 0n;
    updateCandidates(this.candidates, s);
    this.showValidatorPage(s);
    const options = s.candidates.map((c) => ({
      value: c.operator,
      text: `${validatorText(c.operator, c.name)} — ${formatEtm(c.bondedWei, 0)} ETM, ${formatPercent(c.commissionWad)} commission, est. APY ${describeApy(s, c)}`,
    }));
    setOptions(this.forms.stake.field("validator") as HTMLSelectElement, options);
    // Unstaking: the page's candidates and every validator the account has a position at.
    const listed = new Set(options.map((o) => o.value));
    const elsewhere = (s.account?.positions ?? [])
      .filter((p) => !listed.has(p.validator))
      .map((p) => ({
        value: p.validator,
        text: `${validatorText(p.validator, nameOf(s, p.validator))} — your position`,
      }));
    setOptions(this.forms.unstake.field("validator") as HTMLSelectElement, [...options, ...elsewhere]);
    if (s.account) {
      updateAccount(this.accountView, s, s.account, {
        claim: (v, status) => this.runPositionAction(v, false, status),
        compound: (v, status) => this.runPositionAction(v, true, status),
        setCompounding: (v, on, status) =>
          this.send(`Auto-compound ${on ? "on" : "off"}`, status, (ctx) =>
            actions.setCompounding(ctx, v, on),
          ),
      });
      updateValidatorSummary(this.validatorSummary, s);
      this.updateRedelegateForm(s);
      updateRedelegations(this.redelegationsView, s, this.redelegations);
    }
    this.updateStakePath();
    if (s.governance) {
      const run = (
        title: string,
        status: HTMLElement,
        prepare: (ctx: ActionContext) => Promise<Step[]> | Step[],
      ) => {
        const ctx = this.actionContext(status);
        if (ctx) void this.tx.run(title, async () => prepare(ctx), status);
      };
      updateGovernance(this.governanceView, s, s.governance, (p) => this.timelines?.get(p.id), {
        vote: (p, choice, status) =>
          run("Vote", status, (ctx) => actions.vote(ctx, p.id, choice, shortProposalId(p.id))),
        queue: (p, status) => run("Queue", status, (ctx) => actions.queue(ctx, p.id, shortProposalId(p.id))),
        execute: (p, status) =>
          run("Execute", status, (ctx) => actions.execute(ctx, p.id, shortProposalId(p.id))),
      });
    }
    this.updateButtons();
  }

  /**
   * The charts' older points, once per deployment shown: one small lens read for each of a bounded
   * number of blocks before `firstBlock` (backfillBlocks: at most 23), never for a block the page
   * reads anyway. A block the node cannot serve (pruned state, before the lens existed) is left out.
   */
  private async backfillCharts(system: System, firstBlock: bigint): Promise<void> {
    const charts = this.charts;
    charts.backfilled = true;
    const read = await Promise.allSettled(
      backfillBlocks(firstBlock).map((block) => readChainFigures(system, block)),
    );
    if (charts !== this.charts) return; // another deployment is shown now
    for (const r of read) if (r.status === "fulfilled") charts.history.add(pointOf(r.value));
    updateCharts(this.chartsView, charts.history);
  }

  /** Reads the timelines of proposals whose state changed (not every block), then shows them. */
  private async readTimelines(generation: number, s: Snapshot): Promise<void> {
    const timelines = this.timelines;
    if (!timelines || !s.governance) return;
    try {
      if (!(await timelines.update(s.governance.proposals, Number(s.block)))) return;
    } catch {
      return; // read again at the next block (the state still differs from the one read)
    }
    if (generation === this.generation && this.snapshot) this.render(this.snapshot);
  }

  /** The contracts a proposal may call, from the session's deployment; undefined if ungoverned. */
  private governedAddresses(): GovernedAddresses | undefined {
    const c = this.session?.deployment?.contracts;
    if (!c?.governor || !c.timelock) return undefined;
    return { token: c.token, pool: c.pool, election: c.election, governor: c.governor, timelock: c.timelock };
  }

  /** Opens `operator`'s page: its figures at the block shown, its history once read from the logs. */
  private openValidator(operator: string): void {
    const system = this.session?.system;
    if (!system) return;
    this.validatorHistory = new ValidatorHistory(system, operator);
    byId("validator-page").hidden = false;
    if (this.snapshot) this.showValidatorPage(this.snapshot);
    this.validatorPage.heading.scrollIntoView({ block: "start" });
    this.validatorPage.heading.focus();
    if (this.lastBlock >= 0n) void this.readValidatorHistory(this.generation, this.lastBlock);
  }

  private closeValidator(): void {
    this.validatorHistory = undefined;
    byId("validator-page").hidden = true;
  }

  private showValidatorPage(s: Snapshot): void {
    const page = this.validatorHistory;
    if (!page) return;
    const own = s.account?.ownValidator;
    const row =
      s.candidates.find((c) => c.operator === page.validator) ??
      (own?.operator === page.validator ? own : undefined);
    updateValidatorPage(this.validatorPage, s, page.validator, row, page);
  }

  /** Reads the open validator page's new log entries up to `block`, then shows them. */
  private async readValidatorHistory(generation: number, block: bigint): Promise<void> {
    const page = this.validatorHistory;
    if (!page) return;
    try {
      if (!(await page.update(block))) return;
    } catch (error) {
      if (page === this.validatorHistory)
        this.validatorPage.note.textContent = `Could not read the validator's history: ${describeError(error)}`;
      return;
    }
    if (generation === this.generation && page === this.validatorHistory && this.snapshot)
      this.showValidatorPage(this.snapshot);
  }

  /** Reads the account's new history entries up to `block` (not more than one read at a time). */
  private async readHistory(generation: number, block: bigint): Promise<void> {
    const history = this.history;
    if (!history) return;
    try {
      if (!(await history.update(block))) return;
      if (generation === this.generation) this.showHistory();
      // The times of the rows shown (on load and when entries come; not every block).
      await history.readTimes(history.entries.slice(0, this.historyView.shown));
    } catch (error) {
      if (generation === this.generation)
        this.historyView.note.textContent = `Could not read your history: ${describeError(error)}`;
      return;
    }
    if (generation === this.generation) this.showHistory();
  }

  private showHistory(): void {
    const history = this.history;
    if (!history || history.readUpTo < 0n) return;
    updateHistory(
      this.historyView,
      history.entries,
      history.fromBlock,
      history.readUpTo,
      this.snapshot,
      history.times,
    );
  }

  /** "Show older entries": the next rows now, their times once read. */
  private showOlderHistory(): void {
    this.showHistory();
    const history = this.history;
    const generation = this.generation;
    if (!history) return;
    void history
      .readTimes(history.entries.slice(0, this.historyView.shown))
      .then((read) => {
        if (read && generation === this.generation) this.showHistory();
      })
      .catch(() => undefined); // read again with the next entries
  }

  private turnPage(direction: bigint): void {
    const next = this.candidateOffset + direction * CANDIDATES_PER_PAGE;
    this.candidateOffset = next < 0n ? 0n : next;
    this.forceRefresh = true;
  }

  /** Remembers the validators of the account's positions and unbonding entries. */
  private remember(session: Session, s: Snapshot): void {
    const a = s.account;
    if (!a) return;
    const before = this.knownValidators.size;
    for (const v of [...a.positions.map((p) => p.validator), ...a.unbonding.map((u) => u.validator)]) {
      this.knownValidators.add(v);
    }
    if (this.knownValidators.size !== before) saveKnownValidators(session, [...this.knownValidators]);
  }

  /**
   * The Redelegate form at the snapshot: shown while the account has a position; the positions to
   * move from, and the candidates to move to (not the position chosen, not the account's own validator).
   */
  private updateRedelegateForm(s: Snapshot): void {
    const a = s.account;
    this.redelegationsView.composer.hidden = !a || a.positions.length === 0;
    if (!a) return;
    const source = this.redelegateForm.field("source") as HTMLSelectElement;
    setOptions(
      source,
      a.positions.map((p) => ({
        value: p.validator,
        text: `${validatorText(p.validator, nameOf(s, p.validator))} — ${formatEtmExact(p.stakedWei)} ETM`,
      })),
      "choose a position",
    );
    setOptions(
      this.redelegateForm.field("destination") as HTMLSelectElement,
      destinationsFor(s.candidates, source.value, a.address).map((c) => ({
        value: c.operator,
        text: `${validatorText(c.operator, c.name)} — ${formatPercent(c.commissionWad)} commission`,
      })),
    );
  }

  private runPositionAction(validator: string, restake: boolean, status: HTMLElement): void {
    const ctx = this.actionContext(status);
    if (!ctx) return;
    void this.tx.run(
      restake ? "Compound" : "Claim",
      async () => actions.claim(ctx, validator, restake),
      status,
    );
  }
}

/** The network status of a session on a known deployment. */
function statusLine(session: Session): string {
  const where = `${session.deployment!.network} (chain ${session.chainId})`;
  return session.publicView
    ? `Public view of ${where}, read-only: connect a wallet to stake.`
    : `Connected: ${session.label} on ${where}.`;
}

function knownValidatorsKey(session: Session | undefined): string | undefined {
  return session?.account
    ? `etm-known-validators-${session.chainId}-${session.account.toLowerCase()}`
    : undefined;
}

function loadKnownValidators(session: Session | undefined): string[] {
  const key = knownValidatorsKey(session);
  try {
    const stored = key ? window.localStorage.getItem(key) : null;
    const list = stored ? (JSON.parse(stored) as unknown) : [];
    return Array.isArray(list) ? list.filter((v): v is string => typeof v === "string" && isAddress(v)) : [];
  } catch {
    return []; // storage disabled or a damaged entry: start empty
  }
}

function saveKnownValidators(session: Session, validators: string[]): void {
  const key = knownValidatorsKey(session);
  try {
    if (key) window.localStorage.setItem(key, JSON.stringify(validators.slice(-MAX_EXTRA_VALIDATORS)));
  } catch {
    // storage disabled: remembered for this page only
  }
}

void new App().start();
