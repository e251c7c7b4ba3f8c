// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IStakingPool} from "./IStakingPool.sol";
import {IValidatorElection} from "./IValidatorElection.sol";

/// @title Staking lens: one read of everything a staking front end shows per block
/// @notice A read-only periphery contract over the staking pool and the validator election. Its
/// `snapshot` returns, in a single `eth_call`, the round and the next election, the active set in
/// its shuffled order, the totals and the emission figures, one page of the listed candidates, and
/// one account's balance, allowance, votes, positions and unbonding entries, all read at the same
/// block. It only calls the pool's and the election's public views: it computes nothing the chain
/// does not already define, except the per-block reward figure (documented on `EmissionView`).
/// Fractions are wad (1e18 = 100%), accumulators ray (1e27), amounts wei, durations blocks.
/// @dev Not behind a proxy, on purpose: the lens holds no state and no funds, and the pool's and
/// the election's (proxy) addresses never change, so a new lens can be deployed at any time and
/// pointed at them; front ends find the current one in `deployments/<network>.json` (`lens`).
interface IStakingLens {
    /// @notice The current round and the next election.
    struct RoundView {
        uint256 round; // the round the current block belongs to
        uint256 startBlock; // its first block
        uint256 lengthBlocks; // its length
        uint256 revealStartBlock; // first block of its reveal phase (second half)
        uint256 nextElectionBlock; // first block at which `elect()` can run
        uint256 blocksToNextElection; // `nextElectionBlock - block.number`, 0 when due
        uint256 electedRound; // the round whose election installed or confirmed the active set
        uint256 validatorCount; // seats filled by the next election
    }

    /// @notice Totals and emission figures.
    /// @dev `supplyWei` is the token's total supply, i.e. minted up to the pool's last accrual
    /// (every pool action accrues; the devnet's keeper does every block). The estimate
    /// `estimatedApyWad` is the pool's `estimatedAPY()`: `(1+i)^((1-delta)*B/S) - 1`, holding `B/S`
    /// constant (`type(uint256).max` while nothing is staked). `rewardPerStakedTokenPerBlockRay` is
    /// what one bonded token earns in the next block before commission, the seed's
    /// `r_n = B * i_n * (1 - delta) / S`, with `i_n` the per-block rate the pool itself uses (its
    /// schedule's `ratePerBlockRay` for the current year); 0 while the total stake is below
    /// supply / `DUST_STAKE_DIVISOR` (the treasury takes the mint then).
    struct EmissionView {
        uint256 supplyWei; // B: the token's total supply
        uint256 totalStakedWei; // S: bonded stake of every validator
        uint256 stakingRatioWad; // S / B (0 when B is 0)
        uint256 year; // schedule year of the current block
        uint256 inflationWad; // annual inflation of `year`
        uint256 ratePerBlockRay; // i_n = ln(1 + inflation) / blocksPerYear, as the pool's schedule stores it
        uint256 deltaWad; // share of each mint for the active validators
        uint256 rewardPerTokenRay; // the pool's accumulator as of the current block
        uint256 rewardPerStakedTokenPerBlockRay; // r_n, see above
        uint256 estimatedApyWad; // the pool's estimate, see above
        uint256 blocksPerYear; // n
        IStakingPool.YearRate[] schedule; // the inflation schedule, by first year
    }

    /// @notice The pool's parameters a front end checks input against.
    struct ParametersView {
        uint256 minStakeWei; // smallest non-zero position
        uint256 minSelfStakeWei; // smallest self-stake of an active validator
        uint256 unbondingBlocks; // unstake -> withdraw
        uint256 commissionDelayBlocks; // setCommission -> new rate applies
        uint256 maxCommissionWad; // immutable maximum commission
        uint256 maxCommissionChangeWad; // largest change of one commission update
        uint256 jailBlocks; // jail after a slash
        uint256 candidateCap; // largest number of registered validators
    }

    /// @notice A validator as the pool and the election see it.
    struct CandidateView {
        address operator; // the validator's identity in the pool
        address signer; // its QBFT signer
        IStakingPool.ValidatorStatus status;
        uint256 bondedWei; // self + delegated, bonded
        uint256 unbondingWei; // unbonding from it, still slashable
        uint256 commissionWad; // current commission
        uint256 pendingCommissionWad; // scheduled commission (meaningful when `commissionEffectiveBlock` != 0)
        uint256 commissionEffectiveBlock; // block from which `pendingCommissionWad` applies; 0 = none
        uint256 jailedUntilBlock; // jailed while block.number < this
        bool jailed; // jailed at the current block
        bool heartbeatEver; // whether it ever sent a heartbeat
        uint256 lastHeartbeatRound; // round of its last heartbeat (meaningful when `heartbeatEver`)
        bool active; // a member of the active set (`election.isActiveValidator`)
        string name; // its profile's name (`pool.profileOf`); empty if none
    }

    /// @notice A page of the pool's candidate list (registered validators, active or jailed).
    struct CandidatePage {
        uint256 totalCount; // every listed candidate
        uint256 offset; // index of `items[0]` in the pool's list
        CandidateView[] items; // at most `limit`, in the pool's order
    }

    /// @notice A bonded position of the account.
    struct PositionView {
        address validator;
        uint256 stakedWei; // tokens bonded now
        uint256 pendingRewardWei; // rewards claimable now (commission not included)
        bool compounding; // in the validator's compounding class (its rewards are bonded, none to claim)
    }

    /// @notice An unbonding entry of the account, oldest first.
    struct UnbondingView {
        address validator;
        uint256 maturityBlock; // withdrawable from this block
        uint256 amountWei; // tokens now (after any slash)
        bool matured; // `maturityBlock <= block.number`
    }

    /// @notice One account's view. Every field is zero when the account is the zero address.
    /// @dev Positions: the pool does not index an account's validators, so the lens looks for
    /// positions at (1) the candidates of the requested page, (2) the validators of the account's
    /// unbonding entries, (3) the account's own validator when it is an operator, and (4) the
    /// caller's `extraValidators` (for example deregistered validators the front end remembers);
    /// each validator once, in that order, listed when it holds stake or a pending reward. A
    /// position at a validator outside all four is not found: scan the other pages, or pass it.
    struct AccountView {
        address account;
        uint256 balanceWei; // ETM balance
        uint256 allowanceWei; // ETM the pool may spend (stake)
        uint256 votesWei; // current voting power (delegated to it)
        uint256 votingUnitsWei; // its own bonded stake as voting units (count once delegated)
        address delegatee; // whom its units are delegated to (zero: nobody)
        bool isOperator; // it registered a validator (status not None)
        CandidateView operatorValidator; // its own validator when `isOperator`
        uint256 pendingCommissionWei; // commission owed to it as an operator, 0 otherwise
        PositionView[] positions;
        UnbondingView[] unbonding;
    }

    /// @notice Everything `snapshot` returns, read at one block.
    struct Snapshot {
        uint256 blockNumber;
        RoundView round;
        address[] activeOperators; // the active set, in the shuffled (proposer) order
        address[] activeSigners; // the same set's QBFT signers, same order (`getValidators()`)
        EmissionView emission;
        ParametersView parameters;
        CandidatePage candidates;
        AccountView account;
    }

    /// @notice A governance proposal as the governor's views give it.
    struct ProposalView {
        uint256 id;
        uint8 state; // IGovernor.ProposalState: Pending, Active, Canceled, Defeated, Succeeded, Queued, Expired, Executed
        uint256 againstWei; // votes against
        uint256 forWei; // votes for
        uint256 abstainWei; // abstentions
        uint256 snapshotBlock; // votes are counted as of this block
        uint256 deadlineBlock; // voting ends after this block
        bool voted; // whether the account voted (false for the zero account)
    }

    /// @notice The governor's settings and its latest proposals, newest first.
    struct GovernanceView {
        address governor;
        uint256 votingDelayBlocks; // proposal -> voting opens
        uint256 votingPeriodBlocks; // length of the vote
        uint256 proposalThresholdWei; // votes needed to propose
        uint256 proposalCount; // every proposal ever made (GovernorStorage)
        ProposalView[] proposals; // the latest `limit` of them, newest first
    }

    /// @notice The zero address was given for `what` ("pool", "election" or "governor").
    error StakingLensZeroAddress(string what);
    /// @notice The election `election` reads its candidates from `registry`, not from the pool `pool`.
    error StakingLensElectionPoolMismatch(address election, address registry, address pool);
    /// @notice `count` extra validators were given; at most `max` are accepted.
    error StakingLensTooManyExtraValidators(uint256 count, uint256 max);

    /// @notice The staking pool read.
    function pool() external view returns (IStakingPool);

    /// @notice The validator election read.
    function election() external view returns (IValidatorElection);

    /// @notice Largest number of `extraValidators` accepted per call.
    function MAX_EXTRA_VALIDATORS() external view returns (uint256);

    /// @notice Everything a staking front end shows, at the current block, in one call.
    /// @param account The account to show (zero address: none; `account` is then all zero).
    /// @param offset Index of the first candidate of the page in the pool's list.
    /// @param limit Largest number of candidates returned (the page is shorter at the end; empty
    /// when `offset >= totalCount`; `type(uint256).max` for all).
    /// @param extraValidators More validators to look for positions at (see `AccountView`).
    function snapshot(
        address account,
        uint256 offset,
        uint256 limit,
        address[] calldata extraValidators
    ) external view returns (Snapshot memory);

    /// @notice The governance panel in one call: `governor`'s settings and its latest `limit` proposals
    /// (newest first) with their state, tallies, voting window and whether `account` voted. Reads
    /// an OpenZeppelin Governor with GovernorStorage and GovernorCountingSimple (the ETM governor);
    /// the governor is a parameter, not an immutable, so a lens deployed before governance serves it.
    function governanceView(
        address governor,
        address account,
        uint256 limit
    ) external view returns (GovernanceView memory);

    /// @notice One page of the candidate list, as in `snapshot`.
    function candidatePage(uint256 offset, uint256 limit) external view returns (CandidatePage memory);

    /// @notice One validator (listed or not), as in the candidate page.
    function candidate(address operator) external view returns (CandidateView memory);

    /// @notice One account's view, looking for positions as described on `AccountView` with the
    /// candidates of the page (`offset`, `limit`).
    function accountView(
        address account,
        uint256 offset,
        uint256 limit,
        address[] calldata extraValidators
    ) external view returns (AccountView memory);
}
