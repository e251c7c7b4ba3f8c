// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Initializable} from "@openzeppelin/contracts-upgradeable/proxy/utils/Initializable.sol";
import {UUPSUpgradeable} from "@openzeppelin/contracts-upgradeable/proxy/utils/UUPSUpgradeable.sol";
import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

import {IETMToken} from "../interfaces/IETMToken.sol";
import {IStakingPool} from "../interfaces/IStakingPool.sol";
import {PoolStorage} from "./PoolStorage.sol";
import {StakingPoolExtension} from "./StakingPoolExtension.sol";
import {PoolConstants, UNBONDING_RING_SIZE} from "./logic/PoolConstants.sol";
import {StakingLogic} from "./logic/StakingLogic.sol";
import {UnbondingLogic} from "./logic/UnbondingLogic.sol";
import {ValidatorLogic} from "./logic/ValidatorLogic.sol";

/// @title StakingPool
/// @notice The pool's implementation: see {IStakingPool} for its whole surface. The staking hot paths
/// (stake, stakeWithPermit, unstake, withdraw, claim, compound, accrue) and the election's per-block reads run here
/// on `StakingLogic`'s internal functions; every other selector (initialization, roles, the validator
/// lifecycle, parameters, slashing, views) falls through to `extension` by DELEGATECALL, on this
/// contract's one storage layout (`PoolStorage`), as Compound III's Comet does with CometExt.
/// Deployed behind an ERC-1967 proxy; upgrades (UUPS) need `UPGRADER_ROLE`. See docs/architecture.md.
/// @dev The token and the extension are immutables of the implementation; an upgrade is refused
/// unless the new implementation names the same token.
/// @custom:oz-upgrades-unsafe-allow external-library-linking delegatecall
contract StakingPool is PoolStorage, Initializable, UUPSUpgradeable, ReentrancyGuardTransient {
    using SafeERC20 for IETMToken;

    /// @dev The ETM token (staked, minted and paid here), read from the extension at construction;
    /// published by the extension's `token()`.
    /// @custom:oz-upgrades-unsafe-allow state-variable-immutable
    IETMToken internal immutable token;

    /// @notice The code every selector this contract does not know runs in (by DELEGATECALL).
    /// @custom:oz-upgrades-unsafe-allow state-variable-immutable
    StakingPoolExtension public immutable extension;

    /// @param extension_ This implementation's extension; the pool's token is the extension's.
    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor(StakingPoolExtension extension_) {
        if (address(extension_) == address(0)) revert IStakingPool.ZeroAddress();
        extension = extension_;
        token = extension_.token();
        _disableInitializers();
    }

    /// @notice Runs every other selector of {IStakingPool} in `extension`, on this storage.
    // solhint-disable-next-line no-complex-fallback
    fallback() external {
        address target = address(extension);
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            calldatacopy(0, 0, calldatasize())
            let ok := delegatecall(gas(), target, 0, calldatasize(), 0, 0)
            returndatacopy(0, 0, returndatasize())
            if iszero(ok) {
                revert(0, returndatasize())
            }
            return(0, returndatasize())
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Staking
    // ---------------------------------------------------------------------------------------------

    /// @notice See {IStakingPool}.
    function stake(address validator, uint256 amountWei) external nonReentrant returns (uint256 shares) {
        return _stake(validator, amountWei);
    }

    /// @notice See {IStakingPool}.
    function stakeWithPermit(
        address validator,
        uint256 amountWei,
        uint256 deadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external nonReentrant returns (uint256 shares) {
        // A permit that fails (most often: already used, copied from the mempool and sent first) may
        // still have set the allowance; the transfer decides (OpenZeppelin's advice on front-run permits).
        // solhint-disable no-empty-blocks
        try IERC20Permit(address(token)).permit(msg.sender, address(this), amountWei, deadline, v, r, s) {
            // applied: the allowance is `amountWei`
        } catch {
            // ignored: the transfer below checks the allowance
        }
        // solhint-enable no-empty-blocks
        return _stake(validator, amountWei);
    }

    /// @notice See {IStakingPool}.
    function unstake(
        address validator,
        uint256 amountWei
    ) external nonReentrant returns (uint256 maturityBlock) {
        return UnbondingLogic.unstake(_pool(), token, validator, amountWei);
    }

    /// @notice See {IStakingPool}.
    function redelegate(
        address source,
        address destination,
        uint256 amountWei
    ) external nonReentrant returns (uint256 maturityBlock) {
        uint256 rewardWei;
        (maturityBlock, rewardWei) = UnbondingLogic.redelegate(
            _pool(),
            token,
            source,
            destination,
            amountWei
        );
        if (rewardWei != 0) token.safeTransfer(msg.sender, rewardWei);
    }

    /// @notice See {IStakingPool}.
    function withdraw() external nonReentrant returns (uint256 amountWei) {
        Layout storage $ = _pool();
        Account memory account = $.accounts[msg.sender];
        UnbondingEntry[UNBONDING_RING_SIZE] storage ring = $.unbonding[msg.sender];
        uint256 entries;
        while (account.unbondingCount != 0) {
            UnbondingEntry storage entry = ring[account.unbondingHead];
            if (entry.maturityBlock > block.number) break;
            amountWei += _releaseUnbonding($, entry);
            // slither-disable-next-line weak-prng (ring index, not randomness)
            account.unbondingHead = uint8((account.unbondingHead + 1) % PoolConstants.MAX_UNBONDING_ENTRIES);
            --account.unbondingCount;
            ++entries;
        }
        if (entries == 0) {
            revert IStakingPool.NothingToWithdraw(
                msg.sender,
                account.unbondingCount == 0 ? 0 : ring[account.unbondingHead].maturityBlock
            );
        }
        $.accounts[msg.sender] = account;
        emit IStakingPool.Withdrawn(msg.sender, amountWei, entries);
        if (amountWei != 0) token.safeTransfer(msg.sender, amountWei);
    }

    /// @dev Takes a matured entry's tokens out of its unbonding bucket (or, for an entry from before
    /// buckets existed, its validator's legacy pool). Shares voided by a tombstone are worth 0.
    function _releaseUnbonding(
        Layout storage $,
        UnbondingEntry storage entry
    ) private returns (uint256 tokensWei) {
        uint256 validatorId = entry.validatorId;
        uint256 shares = entry.shares;
        uint256 epochPlusOne = entry.epochPlusOne;
        if (epochPlusOne == 0) {
            Validator storage v = $.validators[$.validatorsById[validatorId - 1]];
            uint256 poolShares = v.unbondingShares;
            if (poolShares == 0) return 0;
            uint256 poolTokens = v.unbondingTokensWei;
            tokensWei = Math.mulDiv(shares, poolTokens, poolShares);
            v.unbondingTokensWei = uint128(poolTokens - tokensWei);
            v.unbondingShares = uint128(poolShares - shares);
            return tokensWei;
        }
        UnbondingBucket storage bucket = $.unbondingBuckets[validatorId][epochPlusOne - 1];
        uint256 bucketShares = bucket.shares;
        if (bucketShares == 0) return 0;
        uint256 bucketTokens = bucket.tokensWei;
        tokensWei = Math.mulDiv(shares, bucketTokens, bucketShares);
        // The entry's shares are part of the bucket's, and its tokens part of the bucket's.
        bucket.tokensWei = uint128(bucketTokens - tokensWei);
        bucket.shares = uint128(bucketShares - shares);
        $.unbondingTotals[validatorId].bucketedWei -= uint128(tokensWei);
    }

    /// @notice See {IStakingPool}.
    function claim(address validator) external nonReentrant returns (uint256 amountWei) {
        amountWei = _collectRewards(msg.sender, validator);
        emit IStakingPool.RewardPaid(msg.sender, validator, amountWei);
        token.safeTransfer(msg.sender, amountWei);
    }

    /// @notice See {IStakingPool}.
    function compound(address validator) external nonReentrant returns (uint256 amountWei) {
        amountWei = _collectRewards(msg.sender, validator);
        StakingLogic.bond(_pool(), token, msg.sender, validator, amountWei);
        emit IStakingPool.Compounded(msg.sender, validator, amountWei);
    }

    /// @notice See {IStakingPool}.
    function claimAll() external nonReentrant returns (uint256 amountWei) {
        Layout storage $ = _pool();
        (address[] memory validators, uint256 rewardPerTokenRay) = _positionsWithCommission($);
        for (uint256 i = 0; i < validators.length; ++i) {
            address validator = validators[i];
            uint256 rewardWei = _takeRewards(
                msg.sender,
                validator,
                $.validators[validator],
                rewardPerTokenRay
            );
            if (rewardWei == 0) continue;
            emit IStakingPool.RewardPaid(msg.sender, validator, rewardWei);
            amountWei += rewardWei;
        }
        if (amountWei == 0) revert IStakingPool.NothingToClaim(msg.sender, address(0));
        token.safeTransfer(msg.sender, amountWei);
    }

    /// @notice See {IStakingPool}.
    function compoundAll() external nonReentrant returns (uint256 compoundedWei, uint256 paidWei) {
        Layout storage $ = _pool();
        (address[] memory validators, uint256 rewardPerTokenRay) = _positionsWithCommission($);
        for (uint256 i = 0; i < validators.length; ++i) {
            address validator = validators[i];
            uint256 rewardWei = _takeRewards(
                msg.sender,
                validator,
                $.validators[validator],
                rewardPerTokenRay
            );
            if (rewardWei == 0) continue;
            if (StakingLogic.canBond($, msg.sender, validator, rewardWei)) {
                StakingLogic.bond($, token, msg.sender, validator, rewardWei);
                emit IStakingPool.Compounded(msg.sender, validator, rewardWei);
                compoundedWei += rewardWei;
            } else {
                emit IStakingPool.RewardPaid(msg.sender, validator, rewardWei);
                paidWei += rewardWei;
            }
        }
        if (compoundedWei + paidWei == 0) revert IStakingPool.NothingToClaim(msg.sender, address(0));
        if (paidWei != 0) token.safeTransfer(msg.sender, paidWei);
    }

    /// @notice See {IStakingPool}.
    function accrue() external {
        StakingLogic.accrue(_pool(), token);
    }

    // ---------------------------------------------------------------------------------------------
    // The election's reads
    // ---------------------------------------------------------------------------------------------

    /// @notice See {IValidatorRegistry}.
    /// @dev The election reads every candidate through this once per round, so it is written for gas:
    /// four storage reads per candidate (the list entry, the validator's slot 0 with signer and jail,
    /// its stake checkpoint, and slot 1 with bonded stake unless the checkpoint is of this round) and
    /// the ABI encoding of the three arrays built in place, no library hop (`_gatherElectable`, then
    /// the layout here).
    function electableCandidates()
        external
        view
        returns (address[] memory operators, address[] memory signers, uint256[] memory bondedStakeWei)
    {
        (uint256 out, uint256 n, uint256 count) = _gatherElectable();
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            // Output: [0x60][o1][o2], operators [n][n words] at 0x60 (already in place), then signers and
            // stakes, moved from the scratch regions past the largest possible output.
            let size := shl(5, n)
            let signersTmp := add(out, add(0xc0, mul(0x60, count)))
            operators := add(out, 0x60)
            signers := add(operators, add(0x20, size))
            bondedStakeWei := add(signers, add(0x20, size))
            mstore(out, 0x60)
            mstore(add(out, 0x20), sub(signers, out))
            mstore(add(out, 0x40), sub(bondedStakeWei, out))
            mstore(operators, n)
            mstore(signers, n)
            mcopy(add(signers, 0x20), signersTmp, size)
            mstore(bondedStakeWei, n)
            mcopy(add(bondedStakeWei, 0x20), add(signersTmp, shl(5, count)), size)
            return(out, sub(add(bondedStakeWei, add(0x20, size)), out))
        }
    }

    /// @notice See {IValidatorRegistry}.
    function operatorOfSigner(address signer) external view returns (address) {
        return _pool().operatorOfSigner[signer];
    }

    /// @notice See {IValidatorRegistry}.
    function isCandidate(address operator) external view returns (bool) {
        return _pool().validators[operator].status == IStakingPool.ValidatorStatus.Active;
    }

    // ---------------------------------------------------------------------------------------------
    // Internals
    // ---------------------------------------------------------------------------------------------

    /// @dev Reads the candidate list once, in its order at the round's start (`_roundStartList`):
    /// operators of the electable ones (not jailed at the round's start, a non-zero stake to draw on)
    /// written at `out + 0x80`, their signers and stakes at two scratch regions of `count` words past
    /// the largest output (`out + 0xc0 + 0x60 * count`). The slots read are `Validator`'s
    /// (PoolStorage): `signer` in the low 160 bits of slot 0, `jailedUntilBlock` in the next 40;
    /// `bondedTokensWei` in the low 128 bits of slot 1; and the `StakeCheckpoint`: `roundStartBlock`
    /// in the low 40 bits, `stakeWei` in the next 128, `setAside` in bit 168. A checkpoint of the
    /// current round gives the stake (`StakingLogic.electionStake`); otherwise the bonded stake does.
    /// A candidate that left the list or was jailed during the round (`setAside`: it was listed and
    /// unjailed at the round's start) is reported with its round-start stake and a zero signer: the
    /// election sets it aside if drawn, so its departure or jail moves no other candidate's chances.
    // solhint-disable-next-line function-max-lines
    function _gatherElectable() private view returns (uint256 out, uint256 n, uint256 count) {
        out = _gatherHeader();
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            // The header words (see `_gatherHeader`) until the layout overwrites them. The list: in
            // storage (no change this round: `list` is 0), or its round-start copy in memory.
            let list := mload(add(out, 0x80))
            count := sload(mload(add(out, 0x60)))
            mstore(0x00, mload(add(out, 0x60)))
            mstore(add(out, 0x60), keccak256(0x00, 0x20)) // the list's first element's slot
            if list {
                count := mload(list)
            }
            let signersTmp := add(out, add(0xc0, mul(0x60, count)))
            // Electable: not jailed at the round's start (jailedUntilBlock <= min(roundStart, number))
            // and some stake. A jail that ends during the round counts from the next.
            let jailCut := number()
            if lt(mload(out), jailCut) {
                jailCut := mload(out)
            }
            for {
                let i := 0
            } lt(i, count) {
                i := add(i, 1)
            } {
                let operator := 0
                if list {
                    operator := mload(add(list, shl(5, add(i, 1))))
                }
                if iszero(list) {
                    operator := sload(add(mload(add(out, 0x60)), i))
                }
                mstore(0x00, operator)
                mstore(0x20, mload(add(out, 0x40)))
                let base := keccak256(0x00, 0x40)
                let slot0 := sload(base)
                mstore(0x20, mload(add(out, 0x20)))
                let checkpoint := sload(keccak256(0x00, 0x40))
                // left the list or jailed during this round: in the draw, set aside if drawn (zero signer)
                let aside := and(eq(and(checkpoint, 0xffffffffff), mload(out)), gt(shr(168, checkpoint), 0))
                if or(aside, iszero(gt(and(shr(160, slot0), 0xffffffffff), jailCut))) {
                    let stakeWei := and(shr(40, checkpoint), 0xffffffffffffffffffffffffffffffff)
                    if iszero(eq(and(checkpoint, 0xffffffffff), mload(out))) {
                        stakeWei := and(sload(add(base, 1)), 0xffffffffffffffffffffffffffffffff)
                    }
                    if stakeWei {
                        mstore(add(add(out, 0x80), shl(5, n)), operator)
                        // zero for a candidate set aside
                        mstore(
                            add(signersTmp, shl(5, n)),
                            mul(and(slot0, 0xffffffffffffffffffffffffffffffffffffffff), iszero(aside))
                        )
                        mstore(add(signersTmp, shl(5, add(count, n))), stakeWei)
                        n := add(n, 1)
                    }
                }
            }
            // Past everything written above, so that nothing allocated later can overwrite it.
            mstore(0x40, add(signersTmp, shl(6, count)))
        }
    }

    /// @dev The candidate list as it was at the start of the current round (first block `roundStart`,
    /// from `StakingLogic.currentRoundStart`), when it changed during the round: the list now with the round's logged changes (`ListLog`) undone on a copy in memory, the
    /// last first — a join popped (the joiner is last), a removal put back at its index and the
    /// candidate moved there back to the end. Returns the copy's memory address, or 0 when the list did
    /// not change this round or no grid is published (the list in storage is the round's: no copy).
    /// At most `candidateCap + 2 * MAX_LIST_JOINS_PER_ROUND` changes (each removal is of a candidate
    /// listed at the round's start or joined during it).
    function _roundStartList(uint256 roundStart) private view returns (uint256 listPointer) {
        Layout storage $ = _pool();
        ListLog memory log = $.listLog;
        // Before a grid is published roundStart is max, which no 40-bit log start equals.
        if (log.length == 0 || log.roundStartBlock != roundStart) return 0;
        address[] storage current = $.candidates;
        uint256 n = current.length;
        address[] memory list = new address[](n + log.length);
        for (uint256 i = 0; i < n; ++i) list[i] = current[i];
        for (uint256 k = log.length; k != 0; ) {
            uint256 entry = $.listLogEntries[--k];
            if (entry >> 255 == 0) {
                --n; // a join: the joiner is the last entry
                continue;
            }
            address removed = address(uint160(entry));
            uint256 at = uint16(entry >> 160) - 1;
            list[n] = at == n ? removed : list[at];
            list[at] = removed;
            ++n;
        }
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            mstore(list, n)
            listPointer := list
        }
    }

    /// @dev Writes what `_gatherElectable` reads for every candidate into five words allocated at the
    /// free memory pointer (the output's header overwrites them later; allocated, because Solidity
    /// code between here and the reader may use unallocated memory as scratch): the current round's first
    /// block (`type(uint256).max` before a grid is published, which no 40-bit checkpoint equals), the
    /// storage slots of the checkpoints, the validators and the candidate list, and the memory address
    /// of the list's round-start copy (`_roundStartList`; 0 when the list in storage is the round's).
    function _gatherHeader() private view returns (uint256 out) {
        Layout storage $ = _pool();
        uint256 roundStart = StakingLogic.currentRoundStart($);
        uint256 listPointer = _roundStartList(roundStart);
        mapping(address operator => StakeCheckpoint) storage checkpoints = $.stakeCheckpoints;
        mapping(address operator => Validator) storage validators = $.validators;
        address[] storage list = $.candidates;
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            out := mload(0x40)
            mstore(out, roundStart)
            mstore(add(out, 0x20), checkpoints.slot)
            mstore(add(out, 0x40), validators.slot)
            mstore(add(out, 0x60), list.slot)
            mstore(add(out, 0x80), listPointer)
            mstore(0x40, add(out, 0xa0))
        }
    }

    /// @dev Upgrades need `UPGRADER_ROLE`, and the new implementation must name the same token.
    /// The role is read through this proxy (the extension holds AccessControl).
    function _authorizeUpgrade(address newImplementation) internal view override {
        if (!IAccessControl(address(this)).hasRole(PoolConstants.UPGRADER_ROLE, msg.sender))
            revert IAccessControl.AccessControlUnauthorizedAccount(msg.sender, PoolConstants.UPGRADER_ROLE);
        if (StakingPoolExtension(newImplementation).token() != token)
            revert IStakingPool.UpgradeMismatch(newImplementation, "token");
    }

    /// @dev Bonds `amountWei` of the caller's ETM to `validator` (see {IStakingPool-stake}).
    function _stake(address validator, uint256 amountWei) private returns (uint256 shares) {
        uint256 rewardWei;
        Layout storage $ = _pool();
        (shares, rewardWei) = StakingLogic.bond($, token, msg.sender, validator, amountWei);
        // An operator staking to its displaced validator brings it back onto the list if it qualifies.
        if (msg.sender == validator && $.validators[validator].candidateIndex == 0)
            ValidatorLogic.relist($, validator);
        // Net the pending reward against the deposit: one transfer instead of two.
        if (rewardWei != 0) emit IStakingPool.RewardPaid(msg.sender, validator, rewardWei);
        if (amountWei > rewardWei) token.safeTransferFrom(msg.sender, address(this), amountWei - rewardWei);
        else if (rewardWei > amountWei) token.safeTransfer(msg.sender, rewardWei - amountWei);
    }

    /// @dev Settles and zeroes `account`'s rewards at `validator` (plus the commission for its
    /// operator) and returns them; reverts when there is nothing.
    function _collectRewards(address account, address validator) private returns (uint256 amountWei) {
        Layout storage $ = _pool();
        Validator storage v = StakingLogic.knownValidator($, validator);
        amountWei = _takeRewards(account, validator, v, StakingLogic.accrue($, token));
        if (amountWei == 0) revert IStakingPool.NothingToClaim(account, validator);
    }

    /// @dev The caller's position list after an accrual, plus its own validator if it is an operator
    /// without a self-position (a deregistered operator may still be owed commission); and the
    /// accumulator now.
    function _positionsWithCommission(
        Layout storage $
    ) private returns (address[] memory validators, uint256 rewardPerTokenRay) {
        rewardPerTokenRay = StakingLogic.accrue($, token);
        validators = StakingLogic.positionValidators($, msg.sender);
        if ($.validators[msg.sender].status == IStakingPool.ValidatorStatus.None)
            return (validators, rewardPerTokenRay);
        uint256 count = validators.length;
        for (uint256 i = 0; i < count; ++i)
            if (validators[i] == msg.sender) return (validators, rewardPerTokenRay);
        address[] memory withOwn = new address[](count + 1);
        for (uint256 i = 0; i < count; ++i) withOwn[i] = validators[i];
        withOwn[count] = msg.sender;
        return (withOwn, rewardPerTokenRay);
    }

    /// @dev Settles `validator` (`v`) to `rewardPerTokenRay`, then zeroes and returns `account`'s
    /// rewards there (plus the commission for its operator).
    function _takeRewards(
        address account,
        address validator,
        Validator storage v,
        uint256 rewardPerTokenRay
    ) private returns (uint256 amountWei) {
        Layout storage $ = _pool();
        StakingLogic.settleValidator($, validator, v, rewardPerTokenRay);
        Position storage p = $.positions[account][validator];
        Position memory position = p;
        amountWei = StakingLogic.settlePosition(position, v);
        p.rewardPerSharePaidRay = position.rewardPerSharePaidRay;
        if (account == validator) {
            uint256 commissionWei = v.commissionOwedWei;
            if (commissionWei != 0) {
                v.commissionOwedWei = 0;
                amountWei += commissionWei;
            }
        }
    }
}
