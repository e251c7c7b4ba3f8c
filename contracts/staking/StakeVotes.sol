// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {Initializable} from "@openzeppelin/contracts-upgradeable/proxy/utils/Initializable.sol";
import {UUPSUpgradeable} from "@openzeppelin/contracts-upgradeable/proxy/utils/UUPSUpgradeable.sol";
import {VotesUpgradeable} from "@openzeppelin/contracts-upgradeable/governance/utils/VotesUpgradeable.sol";
import {EIP712Upgradeable} from "@openzeppelin/contracts-upgradeable/utils/cryptography/EIP712Upgradeable.sol";
import {Checkpoints} from "@openzeppelin/contracts/utils/structs/Checkpoints.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {IStakingPool} from "../interfaces/IStakingPool.sol";

/// @title StakeVotes
/// @notice Governance voting power of ETM stakers: OpenZeppelin `Votes` (block-number clock,
/// delegation, delegateBySig) whose voting units are each account's bonded stake in the staking
/// pool, counted once the account delegates (to itself or another account, as with ERC20Votes).
/// Only the pool sets units; stake bonded in a block counts from the next block on (`getPastVotes`),
/// so voting weight cannot be flash-borrowed.
///
/// **Votes never exceed bonded stake, slashes included, without anyone calling anything.** Units are
/// kept per (account, validator) in _slash-indexed_ tokens: a position's value divided by its
/// validator's slash index (1 until its first slash; each slash of the validator's bonded stake
/// multiplies it by bonded after / bonded before, rounded down, checkpointed by block). Votes at any
/// block are those units times the validator's index at that block — so a slash lowers every
/// delegator's votes in the slash's own block, in O(1), while rewards and compounding only count at
/// the position's next sync (votes may lag below the stake, never above it).
///
/// A delegatee's votes are kept in at most `MAX_VALIDATOR_SLOTS` (16) _slots_, one per validator whose
/// stake is delegated to it (the units of all its delegators at that validator), each one checkpoint
/// per block packing the validator's number and the units: reading votes at a snapshot costs at most
/// 16 slots. When a
/// delegatee's 16 slots are all held and stake at a 17th validator is delegated to it, that stake takes
/// the slot of the smallest one if it is worth more (`VotesSlotEvicted`: the evicted stake stops
/// counting until one of its delegators re-syncs or re-delegates), else it is not counted
/// (`VotesNotCounted`). So nobody can lock another account out of votes with dust.
/// @dev The pool's voting-units module: deployed by the pool's initializer behind its own ERC-1967
/// proxy (the governor reads this address, so it never changes). Upgrades (UUPS) need the pool's
/// `UPGRADER_ROLE`: one role upgrades the pool and this module. Storage is ERC-7201 namespaced.
/// OpenZeppelin's `Votes` keeps the delegation, nonces and clock; its per-delegate checkpoints are not
/// used (the slots replace them), nor is its `DelegateVotesChanged` event.
contract StakeVotes is Initializable, EIP712Upgradeable, VotesUpgradeable, UUPSUpgradeable {
    using Checkpoints for Checkpoints.Trace208;
    using SafeCast for uint256;

    /// @dev What an account's position at one validator counts.
    struct Units {
        uint160 units; // the position's value as last set, in slash-indexed tokens (value / index)
        bool counted; // counted in its delegatee's slot for the validator (see `_isCounted`)
        uint48 slotEpoch; // the delegatee's slot epoch for the validator when counted
    }

    /// @dev Where a delegatee counts the stake of one validator.
    struct SlotRef {
        uint8 slot; // 1-based slot index (0: no slot)
        uint48 epoch; // raised when the slot is taken away: units counted at an older epoch no longer count
    }

    /// @custom:storage-location erc7201:etm.storage.StakeVotes
    struct StakeVotesStorage {
        address pool; // the staking pool, the only writer of voting units
        mapping(address account => uint256) unusedV1UnitsWei; // version 1's units: kept for the layout
        mapping(address validator => uint32) numberOf; // this module's 1-based number of each validator
        address[] validatorAt; // the validator of each number - 1
        mapping(uint256 number => Checkpoints.Trace208) slashedRay; // RAY - slash index, by block
        mapping(uint256 number => uint256) unitsOfValidator; // sum of its positions' indexed units
        Checkpoints.Trace208 totalWei; // sum over validators of their units at their index, by block
        mapping(address account => mapping(address validator => Units)) units;
        mapping(address delegatee => mapping(uint256 number => SlotRef)) slotOf;
        mapping(address delegatee => uint256) slotCount; // slots ever opened (<= MAX_VALIDATOR_SLOTS)
        // Each slot's checkpoints: the validator's number (bits 160..207) and the units (bits 0..159).
        mapping(address delegatee => mapping(uint256 slot => Checkpoints.Trace208)) slots;
    }

    /// @dev keccak256(abi.encode(uint256(keccak256("etm.storage.StakeVotes")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant STORAGE_LOCATION =
        0x30b0be72e11c5203081d024ca5ab8c3de15f7f047db9ba35fc2731432ffdce00;

    /// @notice The pool's role that may upgrade this module (`keccak256("UPGRADER_ROLE")`).
    bytes32 public constant UPGRADER_ROLE = keccak256("UPGRADER_ROLE");
    /// @notice Validators whose stake one delegatee's votes count at once.
    uint256 public constant MAX_VALIDATOR_SLOTS = 16;
    /// @notice The slash index's unit: 1e27 = never slashed.
    uint256 public constant RAY = 1e27;
    /// @dev Units are capped here (a slot packs them in 160 bits); only a validator slashed to below
    /// 1e-21 of its stake could reach it, and a capped position counts less, never more.
    uint256 private constant MAX_UNITS = type(uint160).max;

    /// @notice A delegatee's slot for `validator`'s stake (`unitsWei` at the validator's index then)
    /// was taken by a larger one: the stake delegated there stops counting until re-synced.
    event VotesSlotEvicted(address indexed delegatee, address indexed validator, uint256 unitsWei);
    /// @notice `account`'s stake at `validator` is not counted for `delegatee`: its 16 slots hold
    /// larger stakes. Delegate it to another account (or yourself) to count it.
    event VotesNotCounted(address indexed account, address indexed delegatee, address indexed validator);
    /// @notice `validator`'s stake was slashed: its index (votes per indexed unit) is now `indexRay`.
    event SlashIndexLowered(address indexed validator, uint256 indexRay);

    /// @notice The caller is not the staking pool.
    error NotPool(address caller);
    /// @notice `account` may not upgrade: it lacks the pool's `UPGRADER_ROLE`.
    error NotUpgrader(address account);

    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor() {
        _disableInitializers();
    }

    /// @notice Initializes the proxy with the caller (the pool, from its own initializer) as the writer.
    function initialize() external initializer {
        __EIP712_init("ETM Stake Votes", "1");
        _storage().pool = msg.sender;
    }

    modifier onlyPool() {
        if (msg.sender != _storage().pool) revert NotPool(msg.sender);
        _;
    }

    /// @notice The staking pool, the only writer of voting units.
    function pool() public view returns (address) {
        return _storage().pool;
    }

    // ================================================================ writes (by the pool only)

    /// @notice Sets what `account`'s position at `validator` counts to its value `valueWei` now (the
    /// pool calls it whenever a position's value changes by an action, and from `syncVotingUnits`).
    function setVotingUnits(address account, address validator, uint256 valueWei) external onlyPool {
        StakeVotesStorage storage $ = _storage();
        if (valueWei == 0 && $.numberOf[validator] == 0) return; // never counted: nothing to do
        uint256 number = _number($, validator);
        uint256 indexRay = _latestIndex($, number);
        uint256 newUnits = indexRay == 0 ? 0 : Math.min(Math.mulDiv(valueWei, RAY, indexRay), MAX_UNITS);
        Units memory u = $.units[account][validator];
        address delegatee = delegates(account);
        bool wasCounted = delegatee != address(0) && _isCounted($, delegatee, number, u);
        uint256 oldUnits = u.units;
        if (newUnits == oldUnits && (wasCounted || delegatee == address(0) || newUnits == 0)) return;
        if (newUnits != oldUnits) {
            uint256 validatorUnits = $.unitsOfValidator[number];
            uint256 nextValidatorUnits = validatorUnits - oldUnits + newUnits;
            $.unitsOfValidator[number] = nextValidatorUnits;
            _setTotal(
                $,
                _latestTotal($) - _atIndex(validatorUnits, indexRay) + _atIndex(nextValidatorUnits, indexRay)
            );
            u.units = uint160(newUnits);
        }
        if (wasCounted) {
            _addToSlot($, delegatee, $.slotOf[delegatee][number].slot, oldUnits, newUnits);
            u.counted = newUnits != 0;
        } else if (delegatee != address(0) && newUnits != 0) {
            _count($, account, delegatee, validator, number, u, indexRay);
        }
        $.units[account][validator] = u;
    }

    /// @notice Lowers `validator`'s slash index by the slash that took its bonded stake from
    /// `bondedBeforeWei` (> 0) to `bondedAfterWei` in this block: every vote from its stake falls with it.
    function recordSlash(
        address validator,
        uint256 bondedBeforeWei,
        uint256 bondedAfterWei
    ) external onlyPool {
        StakeVotesStorage storage $ = _storage();
        uint256 number = _number($, validator);
        uint256 indexRay = _latestIndex($, number);
        // Rounded down: votes fall at least as much as the stake's value. (The pool calls only when it
        // burned bonded stake, so `bondedBeforeWei` > 0; an index at 0 stays 0.)
        uint256 nextIndexRay = Math.mulDiv(indexRay, bondedAfterWei, bondedBeforeWei);
        $.slashedRay[number].push(clock(), uint208(RAY - nextIndexRay));
        uint256 validatorUnits = $.unitsOfValidator[number];
        _setTotal(
            $,
            _latestTotal($) - _atIndex(validatorUnits, indexRay) + _atIndex(validatorUnits, nextIndexRay)
        );
        emit SlashIndexLowered(validator, nextIndexRay);
    }

    // ====================================================================================== views

    /// @notice Votes delegated to `account` now (the stake at each of its slots, at its validator's
    /// slash index now).
    function getVotes(address account) public view override returns (uint256) {
        return _votesAt(account, clock(), false);
    }

    /// @notice Votes delegated to `account` at the end of block `timepoint` (< the current block).
    function getPastVotes(address account, uint256 timepoint) public view override returns (uint256) {
        return _votesAt(account, _validateTimepoint(timepoint), true);
    }

    /// @notice All bonded stake as counted (delegated or not) at the end of block `timepoint`.
    function getPastTotalSupply(uint256 timepoint) public view override returns (uint256) {
        return _storage().totalWei.upperLookupRecent(_validateTimepoint(timepoint));
    }

    /// @notice All bonded stake as counted now (delegated or not): at most the pool's total bonded.
    function totalVotingUnits() external view returns (uint256) {
        return _getTotalSupply();
    }

    /// @notice `account`'s own voting units now: its positions' values as last set, at their
    /// validators' slash index now (what it counts for its delegatee, if each is counted).
    function votingUnitsOf(address account) external view returns (uint256 unitsWei) {
        StakeVotesStorage storage $ = _storage();
        address[] memory validators = IStakingPool($.pool).positionsOf(account);
        for (uint256 i = 0; i < validators.length; ++i) {
            address validator = validators[i];
            unitsWei += _atIndex($.units[account][validator].units, _latestIndex($, $.numberOf[validator]));
        }
    }

    /// @notice What `account`'s position at `validator` counts now, and whether its delegatee counts it.
    function positionVotingUnits(
        address account,
        address validator
    ) external view returns (uint256 unitsWei, bool counted) {
        StakeVotesStorage storage $ = _storage();
        Units memory u = $.units[account][validator];
        uint256 number = $.numberOf[validator];
        unitsWei = _atIndex(u.units, _latestIndex($, number));
        address delegatee = delegates(account);
        counted = delegatee != address(0) && _isCounted($, delegatee, number, u);
    }

    /// @notice `validator`'s slash index at the end of block `timepoint` (RAY = never slashed).
    function slashIndexAt(address validator, uint256 timepoint) external view returns (uint256) {
        StakeVotesStorage storage $ = _storage();
        uint256 number = $.numberOf[validator];
        if (timepoint >= clock()) return _latestIndex($, number);
        return RAY - $.slashedRay[number].upperLookupRecent(uint48(timepoint));
    }

    /// @notice The validators whose stake `delegatee`'s slots count now, with their votes.
    function slotsOf(
        address delegatee
    ) external view returns (address[] memory validators, uint256[] memory votesWei) {
        StakeVotesStorage storage $ = _storage();
        uint256 count = $.slotCount[delegatee];
        validators = new address[](count);
        votesWei = new uint256[](count);
        for (uint256 s = 0; s < count; ++s) {
            (uint256 number, uint256 units) = _unpack($.slots[delegatee][s].latest());
            validators[s] = $.validatorAt[number - 1];
            votesWei[s] = _atIndex(units, _latestIndex($, number));
        }
    }

    // ================================================================================ internals

    /// @dev Moves the delegator's counted stake, validator by validator (its positions in the pool, at
    /// most 16), to its new delegatee.
    function _delegate(address account, address delegatee) internal override {
        StakeVotesStorage storage $ = _storage();
        address previous = delegates(account);
        super._delegate(account, delegatee);
        address[] memory validators = IStakingPool($.pool).positionsOf(account);
        for (uint256 i = 0; i < validators.length; ++i) {
            address validator = validators[i];
            Units memory u = $.units[account][validator];
            if (u.units == 0) continue;
            uint256 number = $.numberOf[validator];
            if (previous != address(0) && _isCounted($, previous, number, u))
                _addToSlot($, previous, $.slotOf[previous][number].slot, u.units, 0);
            u.counted = false;
            if (delegatee != address(0))
                _count($, account, delegatee, validator, number, u, _latestIndex($, number));
            $.units[account][validator] = u;
        }
    }

    /// @dev Not used: the slots replace OpenZeppelin's per-delegate checkpoints.
    // solhint-disable-next-line no-empty-blocks
    function _moveDelegateVotes(address, address, uint256) internal pure override {}

    /// @dev OpenZeppelin's `_delegate` passes these units to `_moveDelegateVotes`, which the slots replace:
    /// none to move (see `votingUnitsOf` for an account's units).
    function _getVotingUnits(address) internal pure override returns (uint256) {
        return 0;
    }

    function _getTotalSupply() internal view override returns (uint256) {
        return _storage().totalWei.latest();
    }

    /// @dev Counts `u.units` of `account` at `validator` in `delegatee`'s slot for it, opening one
    /// (or taking the smallest) if it has none; marks `u` counted or emits `VotesNotCounted`.
    function _count(
        StakeVotesStorage storage $,
        address account,
        address delegatee,
        address validator,
        uint256 number,
        Units memory u,
        uint256 indexRay
    ) private {
        SlotRef memory ref = $.slotOf[delegatee][number];
        if (ref.slot == 0) {
            ref.slot = _openSlot($, delegatee, u.units, indexRay);
            if (ref.slot == 0) {
                emit VotesNotCounted(account, delegatee, validator);
                return;
            }
            $.slotOf[delegatee][number].slot = ref.slot;
            _pushSlot($, delegatee, ref.slot, number, u.units);
        } else {
            _addToSlot($, delegatee, ref.slot, 0, u.units);
        }
        u.counted = true;
        u.slotEpoch = ref.epoch;
    }

    /// @dev A slot of `delegatee` for new stake: the next never used, else one that counts nothing, else
    /// the smallest if `units` (at `indexRay`) is worth more (its validator's stake stops counting there);
    /// 0 if none. The caller writes the slot's checkpoint.
    function _openSlot(
        StakeVotesStorage storage $,
        address delegatee,
        uint256 units,
        uint256 indexRay
    ) private returns (uint8) {
        uint256 count = $.slotCount[delegatee];
        if (count < MAX_VALIDATOR_SLOTS) {
            $.slotCount[delegatee] = count + 1;
            return uint8(count + 1);
        }
        uint256 smallestWei = type(uint256).max;
        uint256 slot;
        uint256 heldNumber;
        for (uint256 s = 0; s < count; ++s) {
            (uint256 number, uint256 slotUnits) = _unpack($.slots[delegatee][s].latest());
            uint256 slotWei = _atIndex(slotUnits, _latestIndex($, number));
            if (slotWei < smallestWei) (smallestWei, slot, heldNumber) = (slotWei, s, number);
            if (slotUnits == 0) break;
        }
        if (smallestWei != 0 && _atIndex(units, indexRay) <= smallestWei) return 0;
        SlotRef storage evicted = $.slotOf[delegatee][heldNumber];
        evicted.slot = 0;
        ++evicted.epoch;
        if (smallestWei != 0) emit VotesSlotEvicted(delegatee, $.validatorAt[heldNumber - 1], smallestWei);
        return uint8(slot + 1);
    }

    /// @dev Slot `slot` (1-based) of `delegatee`: its units minus `subtract` plus `add`, now (saturating:
    /// a capped slot counts less, never more, and never reverts an action).
    function _addToSlot(
        StakeVotesStorage storage $,
        address delegatee,
        uint256 slot,
        uint256 subtract,
        uint256 add
    ) private {
        (uint256 number, uint256 units) = _unpack($.slots[delegatee][slot - 1].latest());
        _pushSlot($, delegatee, slot, number, Math.saturatingSub(units, subtract) + add);
    }

    /// @dev Writes slot `slot` (1-based) of `delegatee` now: `number`'s validator, `units` (capped).
    function _pushSlot(
        StakeVotesStorage storage $,
        address delegatee,
        uint256 slot,
        uint256 number,
        uint256 units
    ) private {
        $.slots[delegatee][slot - 1].push(clock(), uint208((number << 160) | Math.min(units, MAX_UNITS)));
    }

    /// @dev Whether `u` counts in `delegatee`'s slot for validator `number` (not evicted since).
    function _isCounted(
        StakeVotesStorage storage $,
        address delegatee,
        uint256 number,
        Units memory u
    ) private view returns (bool) {
        if (!u.counted) return false;
        SlotRef memory ref = $.slotOf[delegatee][number];
        return ref.slot != 0 && ref.epoch == u.slotEpoch;
    }

    /// @dev Sums `delegatee`'s slots at `key` (a past block when `past`, else now).
    function _votesAt(address delegatee, uint48 key, bool past) private view returns (uint256 votesWei) {
        StakeVotesStorage storage $ = _storage();
        uint256 count = $.slotCount[delegatee];
        for (uint256 s = 0; s < count; ++s) {
            Checkpoints.Trace208 storage slot = $.slots[delegatee][s];
            (uint256 number, uint256 units) = _unpack(past ? slot.upperLookupRecent(key) : slot.latest());
            if (units == 0) continue;
            Checkpoints.Trace208 storage slashed = $.slashedRay[number];
            uint256 indexRay = RAY - (past ? slashed.upperLookupRecent(key) : slashed.latest());
            votesWei += _atIndex(units, indexRay);
        }
    }

    /// @dev `validator`'s number, given at its first units or slash.
    function _number(StakeVotesStorage storage $, address validator) private returns (uint256 number) {
        number = $.numberOf[validator];
        if (number != 0) return number;
        $.validatorAt.push(validator);
        number = $.validatorAt.length;
        $.numberOf[validator] = uint32(number); // one per registered validator: far below 2^32
    }

    function _latestIndex(StakeVotesStorage storage $, uint256 number) private view returns (uint256) {
        return RAY - $.slashedRay[number].latest();
    }

    function _latestTotal(StakeVotesStorage storage $) private view returns (uint256) {
        return $.totalWei.latest();
    }

    function _setTotal(StakeVotesStorage storage $, uint256 totalWei) private {
        $.totalWei.push(clock(), totalWei.toUint208());
    }

    /// @dev A slot checkpoint's validator number and units.
    function _unpack(uint256 packed) private pure returns (uint256 number, uint256 units) {
        return (packed >> 160, packed & MAX_UNITS);
    }

    /// @dev Indexed units in tokens at `indexRay`, rounded down.
    function _atIndex(uint256 units, uint256 indexRay) private pure returns (uint256) {
        return Math.mulDiv(units, indexRay, RAY);
    }

    /// @dev Only a holder of the pool's `UPGRADER_ROLE` may upgrade this module.
    function _authorizeUpgrade(address) internal view override {
        if (!IAccessControl(pool()).hasRole(UPGRADER_ROLE, msg.sender)) revert NotUpgrader(msg.sender);
    }

    function _storage() private pure returns (StakeVotesStorage storage $) {
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            $.slot := STORAGE_LOCATION
        }
    }
}
