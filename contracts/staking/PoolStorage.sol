// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Checkpoints} from "@openzeppelin/contracts/utils/structs/Checkpoints.sol";

import {IStakingPool} from "../interfaces/IStakingPool.sol";
import {StakeVotes} from "./StakeVotes.sol";
import {POSITION_LIST_SIZE, REDELEGATION_SLOTS, UNBONDING_RING_SIZE} from "./logic/PoolConstants.sol";

/// @title PoolStorage
/// @notice The staking pool's one storage layout, in an ERC-7201 namespace so that the proxy's
/// storage never collides with the implementation's base contracts and upgrades can append fields.
/// The pool and its logic libraries (`StakingLogic`, `EmissionLogic`, `ValidatorLogic`,
/// `SlashingLogic`, `PoolViews`) all read and write this one struct, as Aave v3's Pool does with its libraries.
/// @dev Append new fields at the end of `Layout` only; never reorder, retype or remove one
/// (OpenZeppelin's upgrades tooling checks this in test/upgrades).
abstract contract PoolStorage {
    /// @dev The emission's hot state, one slot, read and written by every accrual.
    struct EmissionState {
        uint40 lastAccrualBlock; // block up to which the supply has been minted
        uint40 yearEndBlock; // first block after the schedule year of `lastAccrualBlock`
        uint64 ratePerBlockRay; // per-block rate of that year, ray (<= ln(1.1)/n ~ 9.07e18 < 2^64)
        uint64 deltaWad; // validators' share of each mint, wad (<= MAX_DELTA); one read serves an accrual
        uint40 nextSwitchBlock; // earliest scheduled commission switch (0 = none)
    }

    /// @dev Amount parameter packed with the votes module: both are read by every stake change.
    struct StakeParams {
        StakeVotes votes; // voting power of stakers; written by the pool only
        uint96 minStakeWei; // smallest non-zero position
    }

    /// @dev The treasury and the self-stake minimum (read together only by operators' actions).
    struct TreasuryParams {
        address treasury; // receives the mint while nothing (or only dust) is staked
        uint96 minSelfStakeWei; // smallest self-stake of an active validator
    }

    /// @dev Duration parameters, one slot.
    struct DurationParams {
        uint40 unbondingBlocks; // unstake -> withdraw
        uint40 jailBlocks; // jail length after a slash
        uint40 commissionDelayBlocks; // setCommission -> new rate applies
        uint64 maxCommissionChangeWad; // largest change per update
        uint32 candidateCap; // largest number of registered validators
    }

    /// @dev Pool totals, one slot, read and written together by every accrual and stake change.
    struct Totals {
        uint128 totalStakedWei; // S: bonded stake of every validator
        uint128 rewardPerTokenRay; // reward per bonded token since deployment, ray; never decreases
    }

    /// @dev A validator; slot 0 is what the election reads with slot 1.
    struct Validator {
        // slot 0
        address signer; // QBFT signer
        uint40 jailedUntilBlock; // jailed while block.number < this
        IStakingPool.ValidatorStatus status;
        uint16 candidateIndex; // 1-based index in `candidates`; 0 when not listed (cap <= 1,500)
        uint32 id; // 1-based registration number, permanent (unbonding entries refer to it)
        // slot 1
        uint128 bondedTokensWei; // self + delegated, bonded
        uint128 bondedShares; // shares of the bonded tokens
        // slot 2: the legacy unbonding pool, of entries queued before slash epochs (no new ones)
        uint128 unbondingTokensWei; // legacy unbonding from this validator, still slashable
        uint128 unbondingShares; // shares of the legacy unbonding tokens
        // slot 3
        uint64 commissionWad; // current commission
        uint64 pendingCommissionWad; // scheduled commission
        uint40 commissionEffectiveBlock; // block from which `pendingCommissionWad` applies; 0 = none
        // slot 4
        uint128 rewardPerTokenPaidRay; // global accumulator at the last settlement
        uint128 rewardPerShareRay; // delegators' reward per share (after commission)
        // slot 5
        uint256 commissionOwedWei; // commission not yet claimed by the operator
    }

    /// @dev A position of an account at a validator.
    struct Position {
        // slot 0: read and written by every action
        uint128 shares; // bonded shares of the validator
        uint128 rewardPerSharePaidRay; // validator's rewardPerShareRay at the last settlement
        // slot 1: written when the position's token value changes
        uint256 votingUnitsWei; // unused since StakeVotes v2 (which keeps each position's units); kept for the layout
    }

    /// @dev Per account: the unbonding ring.
    struct Account {
        uint40 lastMaturityBlock; // maturity of the newest unbonding entry (entries mature in order)
        uint8 unbondingHead; // ring index of the oldest entry
        uint8 unbondingCount; // live entries
        uint8 redelegationCount; // live redelegation entries (appended: redelegation)
    }

    /// @dev A redelegation still slashable for its source's infractions before it (two slots): `amountWei`
    /// moved from the validator `sourceId` to `destinationId` in the block `maturityBlock` - the unbonding
    /// period, holding `shares` of the source's lien bucket of that slash epoch (`lienBuckets`). What the
    /// source's slashes took from that bucket since is burned from the account's position at the
    /// destination (`burnedWei` so far). Released at `maturityBlock`, when no infraction before the move
    /// can be slashed any more.
    struct RedelegationEntry {
        uint32 sourceId; // `Validator.id` of the validator moved from
        uint32 destinationId; // `Validator.id` of the validator moved to
        uint40 maturityBlock; // released from this block
        uint24 epoch; // slash epoch of the move: its lien bucket
        uint128 shares; // shares of the lien bucket
        uint128 amountWei; // moved
        uint128 burnedWei; // what the source's slashes took from it, burned at the destination so far
    }

    /// @dev An unbonding entry, one slot; slots are reused (ring), never deleted. `shares` and
    /// `epochPlusOne` share the bits of the first layout's `uint184 shares` (always below 2^128), so
    /// an entry written before slash epochs existed reads as `epochPlusOne == 0`: shares of its
    /// validator's legacy pool (`Validator.unbondingTokensWei` / `unbondingShares`).
    struct UnbondingEntry {
        uint32 validatorId; // `Validator.id` of the validator unbonded from
        uint40 maturityBlock; // withdrawable from this block
        uint160 shares; // shares of its bucket (a bucket's shares are a uint128: they fit)
        uint24 epochPlusOne; // 1 + the slash epoch it was queued in: its bucket; 0 = legacy pool
    }

    /// @dev The tokens a validator's stakers unbonded during one slash epoch (`SLASH_EPOCH_BLOCKS`),
    /// still slashable, and the shares of them held by unbonding entries. One slot. A slash for an
    /// infraction in epoch `e` takes its fraction of every bucket from `e` on, never of earlier ones.
    struct UnbondingBucket {
        uint128 tokensWei;
        uint128 shares;
    }

    /// @dev A validator's unbonding totals, one slot: what its buckets hold now, and everything ever
    /// unbonded from it (at the amounts unbonded, before any slash).
    struct UnbondingTotals {
        uint128 bucketedWei;
        uint128 unbondedEverWei;
    }

    /// @dev A validator's public profile (`setProfile`), shown instead of its bare address.
    struct Profile {
        string name; // 3..32 bytes: ASCII letters, digits, space, '-', '_', '.'; no space at either end
        string website; // <= 140 bytes of printable ASCII
        string description; // <= 280 bytes
        bytes32 nameKey; // keccak256 of the lower-cased name: the key of `profileNameOwner`
    }

    /// @dev The election's round grid (`setRoundGrid`, pushed by the election), one slot. Rounds start at
    /// `anchorBlock` and every `lengthBlocks` blocks after it until `nextFromBlock`; from there on
    /// every `nextLengthBlocks` blocks (when non-zero). `lengthBlocks == 0`: no grid published yet, so
    /// no stake checkpoints are taken and the election reads the current stake.
    struct RoundGrid {
        uint40 anchorBlock;
        uint40 lengthBlocks;
        uint40 nextFromBlock;
        uint40 nextLengthBlocks;
    }

    /// @dev A validator's bonded stake at the start of the round that starts at `roundStartBlock`,
    /// written by the first change of its stake in that round (or zero when it joined the candidate
    /// list during that round). One slot. The election draws on this stake (`electableCandidates`).
    struct StakeCheckpoint {
        uint40 roundStartBlock;
        uint128 stakeWei;
        bool setAside; // left the list, or was jailed, during that round: set aside if drawn
    }

    /// @dev The candidate list's changes in the round that starts at `roundStartBlock` (one slot):
    /// `length` entries in `listLogEntries`, of which `joins` joins. Each entry is the operator in the
    /// low 160 bits, and for a removal its 1-based list index in the next 16 and bit 255 set.
    struct ListLog {
        uint40 roundStartBlock;
        uint32 length;
        uint32 joins;
    }

    /// @dev A validator's compounding class (`setCompounding`), one slot: the bonded shares it holds (of
    /// `Validator.bondedShares`, earning like any position's) and the class shares its positions hold.
    /// Every settlement of the validator bonds the class's reward as new bonded shares of the class, so
    /// a class share appreciates with the rewards, as a vault's share does.
    struct CompoundingClass {
        uint128 bondedShares;
        uint128 shares;
    }

    /// @dev Everything the pool stores. Hot slots first; mappings and arrays after.
    /// @custom:storage-location erc7201:etm.storage.StakingPool
    struct Layout {
        EmissionState emission;
        Totals totals;
        StakeParams stakeParams;
        TreasuryParams treasuryParams;
        DurationParams durations;
        uint64 startBlock; // first block of schedule year 0
        uint64 maxCommissionWad; // the immutable maximum commission (set once, at initialization)
        uint256 validatorRewardsOwedWei; // the `delta` share not yet collected by the election
        // Schedule entries sorted by `fromYear`, strictly increasing; entry 0 is year 0.
        IStakingPool.YearRate[] schedule;
        // Future blocks at which scheduled commission changes take effect, ascending, distinct.
        // The accrual that crosses one records the accumulator there, so the change applies
        // exactly at its block even if nobody touches the validator then.
        uint40[] switchBlocks;
        mapping(uint256 blockNumber => uint256 count) switchRefs; // validators switching at a block
        mapping(uint256 blockNumber => uint256 rewardPerTokenRay) rewardPerTokenAtSwitch;
        mapping(address operator => Validator) validators;
        mapping(address signer => address operator) operatorOfSigner;
        address[] candidates; // listed validators (active or jailed)
        address[] validatorsById; // operator of each validator id - 1 (every validator ever registered)
        mapping(address account => mapping(address validator => Position)) positions;
        mapping(address account => Account) accounts;
        mapping(address account => UnbondingEntry[UNBONDING_RING_SIZE]) unbonding;
        // Timed jail end of a validator jailed for a self-stake shortfall, restored when its operator
        // tops up (its `jailedUntilBlock` is `SHORTFALL_JAIL` meanwhile).
        mapping(address operator => uint256 untilBlock) jailEndAfterTopUp;
        // Appended (signer proofs): the operator that last unlisted each signer (deregistration or
        // tombstone). While that validator is jailed, or forever once it is tombstoned, the signer
        // cannot be registered again (`SignerReserved`).
        mapping(address signer => address operator) lastOperatorOfSigner;
        // Appended (validator profiles): each operator's profile, and which operator holds each name
        // (by its case-insensitive key). A name is unique among listed candidates: a holder that is
        // off the list can lose it to another operator, and then shows no name.
        mapping(address operator => Profile) profiles;
        mapping(bytes32 nameKey => address operator) profileNameOwner;
        // Appended (election stake checkpoints): the election's round grid, and each validator's stake
        // at the start of the current round, so that stake moved once the seed can be known counts
        // from the next election only.
        RoundGrid roundGrid;
        mapping(address operator => StakeCheckpoint) stakeCheckpoints;
        // Appended (claim-all): each account's positions as validator ids (`Validator.id`), packed eight
        // to a slot; the live ones first, then zeros. A position joins when its shares go from zero and
        // leaves when they return to zero.
        mapping(address account => uint32[POSITION_LIST_SIZE]) positionIds;
        // Appended (follow the stake): each validator's unbonding per slash epoch; its totals; and the
        // history of its cumulative bonded stake (every bond, less the slashes of bonded stake; an
        // unstake leaves it unchanged), a checkpoint at each block it changed. A slash names its
        // infraction block and takes its fraction of the stake bonded then (see `SlashingLogic.slash`).
        mapping(uint256 validatorId => mapping(uint256 epoch => UnbondingBucket)) unbondingBuckets;
        mapping(uint256 validatorId => UnbondingTotals) unbondingTotals;
        mapping(uint256 validatorId => Checkpoints.Trace208) bondedEverHistory;
        // Appended (draw order): this round's changes to the candidate list, so that the draw runs on
        // the list in its order at the round's start (`StakingPool.electableCandidates`).
        ListLog listLog;
        mapping(uint256 index => uint256 entry) listLogEntries;
        // Appended (redelegation): per validator and slash epoch, the stake redelegated away from it in
        // that epoch that is still slashable for its earlier infractions (a lien: no tokens, the stake
        // is bonded elsewhere), as shares held by redelegation entries; the sum of a validator's lien
        // buckets (a slash skips the buckets when it is 0); and each account's redelegation entries
        // (the first `Account.redelegationCount` are live).
        mapping(uint256 validatorId => mapping(uint256 epoch => UnbondingBucket)) lienBuckets;
        mapping(uint256 validatorId => uint256 tokensWei) liensWei;
        mapping(address account => RedelegationEntry[REDELEGATION_SLOTS]) redelegations;
        // Appended (auto-compounding): each validator's compounding class. A position in it holds class
        // shares in `Position.shares` and `COMPOUNDING` in `Position.rewardPerSharePaidRay`.
        mapping(address operator => CompoundingClass) compoundingClasses;
    }

    /// @dev keccak256(abi.encode(uint256(keccak256("etm.storage.StakingPool")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 internal constant POOL_STORAGE_LOCATION =
        0x22b3717c659157c0ea12a7b50b6cd2b5de59754a0aa65a32e90f3c0d1ed0b800;

    /// @dev The pool's storage.
    function _pool() internal pure returns (Layout storage $) {
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            $.slot := POOL_STORAGE_LOCATION
        }
    }
}
