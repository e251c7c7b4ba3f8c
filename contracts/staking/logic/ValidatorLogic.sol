// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC1967Proxy} from "@openzeppelin/contracts/proxy/ERC1967/ERC1967Proxy.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {MessageHashUtils} from "@openzeppelin/contracts/utils/cryptography/MessageHashUtils.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";

import {IETMToken} from "../../interfaces/IETMToken.sol";
import {IStakingPool} from "../../interfaces/IStakingPool.sol";
import {EmissionMath} from "../../libraries/EmissionMath.sol";
import {PoolStorage} from "../PoolStorage.sol";
import {StakeVotes} from "../StakeVotes.sol";
import {EmissionLogic} from "./EmissionLogic.sol";
import {PoolConstants} from "./PoolConstants.sol";
import {StakingLogic} from "./StakingLogic.sol";

/// @title ValidatorLogic
/// @notice The pool's validator lifecycle (register, commission, deregister), slashing and jail,
/// parameters and initialization: the actions that are rare next to staking. An external library:
/// deployed once, linked into the pool, and run by DELEGATECALL on the pool's own storage, so the
/// pool's code stays small while the storage stays one layout (Aave v3's Pool/logic split).
/// @dev Every function runs in the pool's context (`address(this)` is the pool, `msg.sender` the
/// caller of the pool); the pool checks roles and reentrancy before it calls in.
library ValidatorLogic {
    using SafeCast for uint256;
    using SafeERC20 for IETMToken;

    uint256 private constant WAD = PoolConstants.WAD;

    /// @dev EIP-712 domain of the signer proof: {name: "ETM StakingPool", version: "1", chainId,
    /// verifyingContract: the pool}. Computed per call (the library runs in the pool's context, so
    /// `address(this)` is the pool's proxy), never cached: a fork's new chain id is used at once.
    /// (The long strings are hashed at compile time: no string is stored or hashed at run time.)
    bytes32 private constant DOMAIN_TYPEHASH =
        // solhint-disable-next-line gas-small-strings
        keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)");
    bytes32 private constant DOMAIN_NAME_HASH = keccak256("ETM StakingPool");
    bytes32 private constant DOMAIN_VERSION_HASH = keccak256("1");
    /// @dev The signed struct: the QBFT signer consents to serve `operator` (on this pool and chain).
    bytes32 private constant SIGNER_PROOF_TYPEHASH =
        // solhint-disable-next-line gas-small-strings
        keccak256("SignerProof(address signer,address operator)");

    // ============================================================================ initialization

    /// @notice Writes the pool's first state and deploys its voting-units module behind its own
    /// proxy (`votesImplementation`), so the module knows the pool as its only writer.
    function initialize(PoolStorage.Layout storage $, IStakingPool.PoolConfig calldata config) external {
        if (config.treasury == address(0) || config.votesImplementation == address(0))
            revert IStakingPool.ZeroAddress();
        if (config.maxCommissionWad > WAD)
            revert IStakingPool.CommissionAboveMax(config.maxCommissionWad, WAD);
        EmissionLogic.initialize($, config.initialInflationWad);
        $.emission.deltaWad = config.deltaWad.toUint64();
        $.maxCommissionWad = uint64(config.maxCommissionWad); // <= WAD, checked above
        $.treasuryParams = PoolStorage.TreasuryParams(config.treasury, config.minSelfStakeWei.toUint96());
        StakeVotes votes = StakeVotes(
            address(new ERC1967Proxy(config.votesImplementation, abi.encodeCall(StakeVotes.initialize, ())))
        );
        $.stakeParams = PoolStorage.StakeParams(votes, config.minStakeWei.toUint96());
        $.durations = PoolStorage.DurationParams(
            config.unbondingBlocks.toUint40(),
            config.jailBlocks.toUint40(),
            config.commissionDelayBlocks.toUint40(),
            config.maxCommissionChangeWad.toUint64(),
            config.candidateCap.toUint32()
        );
        for (uint256 p = 0; p <= uint256(type(IStakingPool.Parameter).max); ++p) {
            IStakingPool.Parameter which = IStakingPool.Parameter(p);
            _checkParameter($, which, parameter($, which));
        }
    }

    // ============================================================================ validators

    /// @notice See {IStakingPool-registerValidator}.
    function registerValidator(
        PoolStorage.Layout storage $,
        IETMToken token,
        address signer,
        uint256 commissionWad,
        uint256 selfStakeWei,
        bytes32 proofR,
        bytes32 proofVS
    ) external {
        if (signer == address(0)) revert IStakingPool.ZeroAddress();
        _checkSignerProof(signer, proofR, proofVS);
        PoolStorage.Validator storage v = $.validators[msg.sender];
        if (v.status != IStakingPool.ValidatorStatus.None) revert IStakingPool.AlreadyRegistered(msg.sender);
        address signerOperator = $.operatorOfSigner[signer];
        if (signerOperator != address(0)) revert IStakingPool.SignerInUse(signer, signerOperator);
        _checkSignerNotReserved($, signer);
        uint256 maxCommissionWad = $.maxCommissionWad;
        if (commissionWad > maxCommissionWad)
            revert IStakingPool.CommissionAboveMax(commissionWad, maxCommissionWad);
        uint256 cap = $.durations.candidateCap;
        if ($.candidates.length >= cap) revert IStakingPool.CandidateCapReached(cap);

        $.candidates.push(msg.sender);
        $.validatorsById.push(msg.sender);
        v.signer = signer;
        v.status = IStakingPool.ValidatorStatus.Active;
        v.candidateIndex = uint16($.candidates.length); // <= candidateCap <= 1,500
        v.id = uint32($.validatorsById.length); // one per registration: far below 2^32
        v.commissionWad = uint64(commissionWad); // <= maxCommission <= WAD
        v.rewardPerTokenPaidRay = StakingLogic.accrue($, token).toUint128();
        $.operatorOfSigner[signer] = msg.sender;
        // The self-stake check happens in bond (checkPositionSize) for the operator's position.
        StakingLogic.bond($, token, msg.sender, msg.sender, selfStakeWei);
        emit IStakingPool.ValidatorRegistered(msg.sender, signer, commissionWad, selfStakeWei);
        token.safeTransferFrom(msg.sender, address(this), selfStakeWei);
    }

    /// @notice See {IStakingPool-setCommission}.
    function setCommission(PoolStorage.Layout storage $, IETMToken token, uint256 commissionWad) external {
        PoolStorage.Validator storage v = _activeValidator($, msg.sender);
        StakingLogic.settleValidator($, msg.sender, v, StakingLogic.accrue($, token));
        uint256 maxCommissionWad = $.maxCommissionWad;
        if (commissionWad > maxCommissionWad)
            revert IStakingPool.CommissionAboveMax(commissionWad, maxCommissionWad);
        uint256 currentWad = v.commissionWad;
        uint256 maxChangeWad = $.durations.maxCommissionChangeWad;
        uint256 changeWad = commissionWad > currentWad
            ? commissionWad - currentWad
            : currentWad - commissionWad;
        if (changeWad > maxChangeWad)
            revert IStakingPool.CommissionChangeTooLarge(currentWad, commissionWad, maxChangeWad);
        uint256 previousBlock = v.commissionEffectiveBlock;
        if (previousBlock != 0) StakingLogic.unscheduleSwitch($, previousBlock);
        uint256 effectiveBlock = commissionEffectiveBlock(block.number, $.durations.commissionDelayBlocks);
        v.pendingCommissionWad = uint64(commissionWad); // <= maxCommission <= WAD
        emit IStakingPool.CommissionChangeScheduled(msg.sender, commissionWad, effectiveBlock);
        if (effectiveBlock == block.number) {
            // No delay: the validator was settled above, so the new rate applies from now on.
            emit IStakingPool.CommissionChanged(msg.sender, currentWad, commissionWad);
            v.commissionWad = uint64(commissionWad);
            v.commissionEffectiveBlock = 0;
        } else {
            StakingLogic.scheduleSwitch($, effectiveBlock);
            v.commissionEffectiveBlock = effectiveBlock.toUint40();
        }
    }

    /// @notice See {IStakingPool-deregisterValidator}. Returns the operator's reward to pay.
    function deregisterValidator(
        PoolStorage.Layout storage $,
        IETMToken token
    ) external returns (uint256 rewardWei) {
        PoolStorage.Validator storage v = _activeValidator($, msg.sender);
        StakingLogic.settleValidator($, msg.sender, v, StakingLogic.accrue($, token));
        PoolStorage.Position storage p = $.positions[msg.sender][msg.sender];
        PoolStorage.Position memory position = p;
        rewardWei = StakingLogic.settlePosition(position, v);
        uint256 selfStakeWei = StakingLogic.tokensForShares(
            position.shares,
            v.bondedTokensWei,
            v.bondedShares
        );

        // selfStakeWei <= bondedTokensWei and position.shares <= bondedShares (a share of the pool).
        v.bondedTokensWei -= uint128(selfStakeWei);
        v.bondedShares -= position.shares;
        v.status = IStakingPool.ValidatorStatus.Deregistered;
        v.commissionWad = 0;
        if (v.commissionEffectiveBlock != 0) StakingLogic.unscheduleSwitch($, v.commissionEffectiveBlock);
        v.commissionEffectiveBlock = 0;
        _unlist($, msg.sender, v);
        p.shares = 0;
        p.rewardPerSharePaidRay = position.rewardPerSharePaidRay;
        $.totals.totalStakedWei -= uint128(selfStakeWei);
        StakingLogic.syncVotes($, msg.sender, p, 0);
        uint256 maturityBlock = StakingLogic.queueUnbonding($, msg.sender, v, selfStakeWei);
        emit IStakingPool.Unstaked(msg.sender, msg.sender, selfStakeWei, maturityBlock);
        emit IStakingPool.ValidatorDeregistered(msg.sender);
        if (rewardWei != 0) {
            emit IStakingPool.RewardPaid(msg.sender, msg.sender, rewardWei);
            token.safeTransfer(msg.sender, rewardWei);
        }
    }

    // ============================================================================ slashing and jail

    /// @notice See {IStakingPool-slash}.
    function slash(
        PoolStorage.Layout storage $,
        IETMToken token,
        address validator,
        uint256 fractionWad,
        bytes32 reason
    ) external {
        if (fractionWad > WAD) revert IStakingPool.SlashFractionTooLarge(fractionWad);
        PoolStorage.Validator storage v = StakingLogic.knownValidator($, validator);
        StakingLogic.settleValidator($, validator, v, StakingLogic.accrue($, token));
        // Rounded down: the burn never exceeds the fraction; only 100% empties a pool.
        uint256 bondedBurnedWei = Math.mulDiv(v.bondedTokensWei, fractionWad, WAD);
        uint256 unbondingBurnedWei = Math.mulDiv(v.unbondingTokensWei, fractionWad, WAD);
        // Both burns are at most the uint128 amounts they are taken from.
        v.bondedTokensWei -= uint128(bondedBurnedWei);
        v.unbondingTokensWei -= uint128(unbondingBurnedWei);
        $.totals.totalStakedWei -= uint128(bondedBurnedWei);
        if (fractionWad == WAD) {
            // Tombstone: no shares may outlive their tokens.
            v.bondedShares = 0;
            v.unbondingShares = 0;
            v.status = IStakingPool.ValidatorStatus.Tombstoned;
            _unlist($, validator, v);
        }
        _extendJail($, validator, v, block.number + $.durations.jailBlocks);
        _jailIfShortfall($, validator, v, $.treasuryParams.minSelfStakeWei);
        emit IStakingPool.Slashed(
            validator,
            fractionWad,
            bondedBurnedWei,
            unbondingBurnedWei,
            reason,
            v.jailedUntilBlock
        );
        if (bondedBurnedWei + unbondingBurnedWei != 0) token.burn(bondedBurnedWei + unbondingBurnedWei);
    }

    /// @notice See {IValidatorRegistry-jail}.
    function jail(PoolStorage.Layout storage $, address operator, uint256 untilBlock) external {
        _extendJail($, operator, StakingLogic.knownValidator($, operator), untilBlock.toUint40());
    }

    // ============================================================================ parameters

    /// @notice See {IStakingPool-setInflationRate}.
    function setInflationRate(
        PoolStorage.Layout storage $,
        IETMToken token,
        uint256 year,
        uint256 rateWad
    ) external {
        uint256 nowYear = EmissionLogic.currentYear($);
        if (year <= nowYear) revert IStakingPool.YearNotInFuture(year, nowYear);
        StakingLogic.accrue($, token);
        EmissionLogic.setInflationRate($, year, rateWad);
        emit IStakingPool.InflationRateSet(year, rateWad);
    }

    /// @notice See {IStakingPool-setParameter}.
    function setParameter(
        PoolStorage.Layout storage $,
        IETMToken token,
        IStakingPool.Parameter which,
        uint256 value
    ) external {
        _checkParameter($, which, value);
        StakingLogic.accrue($, token);
        uint256 oldValue = parameter($, which);
        // Each value was checked against its range above, which fits its field.
        if (which == IStakingPool.Parameter.Delta) $.emission.deltaWad = uint64(value);
        else if (which == IStakingPool.Parameter.MinStake) $.stakeParams.minStakeWei = uint96(value);
        else if (which == IStakingPool.Parameter.MinSelfStake) {
            $.treasuryParams.minSelfStakeWei = uint96(value);
            if (value > oldValue) _jailShortfalls($, value);
        } else if (which == IStakingPool.Parameter.UnbondingBlocks)
            $.durations.unbondingBlocks = uint40(value);
        else if (which == IStakingPool.Parameter.JailBlocks) $.durations.jailBlocks = uint40(value);
        else if (which == IStakingPool.Parameter.CommissionDelayBlocks)
            $.durations.commissionDelayBlocks = uint40(value);
        else if (which == IStakingPool.Parameter.MaxCommissionChange)
            $.durations.maxCommissionChangeWad = uint64(value);
        else $.durations.candidateCap = uint32(value);
        emit IStakingPool.ParameterChanged(which, oldValue, value);
    }

    /// @notice See {IStakingPool-setTreasury}.
    function setTreasury(PoolStorage.Layout storage $, IETMToken token, address newTreasury) external {
        if (newTreasury == address(0)) revert IStakingPool.ZeroAddress();
        StakingLogic.accrue($, token);
        emit IStakingPool.TreasuryChanged($.treasuryParams.treasury, newTreasury);
        $.treasuryParams.treasury = newTreasury;
    }

    /// @notice See {IValidatorRegistry-collectValidatorRewards}.
    function collectValidatorRewards(
        PoolStorage.Layout storage $,
        IETMToken token
    ) external returns (uint256 amountWei) {
        StakingLogic.accrue($, token);
        amountWei = $.validatorRewardsOwedWei;
        $.validatorRewardsOwedWei = 0;
        emit IStakingPool.ValidatorRewardsCollected(msg.sender, amountWei);
        if (amountWei != 0) token.safeTransfer(msg.sender, amountWei);
    }

    /// @notice The current value of `which`.
    function parameter(
        PoolStorage.Layout storage $,
        IStakingPool.Parameter which
    ) public view returns (uint256) {
        if (which == IStakingPool.Parameter.Delta) return $.emission.deltaWad;
        if (which == IStakingPool.Parameter.MinStake) return $.stakeParams.minStakeWei;
        if (which == IStakingPool.Parameter.MinSelfStake) return $.treasuryParams.minSelfStakeWei;
        if (which == IStakingPool.Parameter.UnbondingBlocks) return $.durations.unbondingBlocks;
        if (which == IStakingPool.Parameter.JailBlocks) return $.durations.jailBlocks;
        if (which == IStakingPool.Parameter.CommissionDelayBlocks) return $.durations.commissionDelayBlocks;
        if (which == IStakingPool.Parameter.MaxCommissionChange) return $.durations.maxCommissionChangeWad;
        return $.durations.candidateCap;
    }

    /// @notice The block at which a commission change scheduled at `scheduledAtBlock` takes effect:
    /// the first multiple of the grid `ceil(delayBlocks / SWITCH_GRID_DIVISOR)` at or after
    /// `scheduledAtBlock + delayBlocks` (exactly that block for delays up to 16 blocks). The grid
    /// bounds the distinct pending switch blocks to 17 per delay, so no one can crowd others out.
    function commissionEffectiveBlock(
        uint256 scheduledAtBlock,
        uint256 delayBlocks
    ) internal pure returns (uint256) {
        uint256 gridBlocks = Math.ceilDiv(delayBlocks, PoolConstants.SWITCH_GRID_DIVISOR);
        uint256 earliest = scheduledAtBlock + delayBlocks;
        return gridBlocks <= 1 ? earliest : Math.ceilDiv(earliest, gridBlocks) * gridBlocks;
    }

    // ============================================================================ internals

    /// @dev Reverts with the allowed range unless `value` is valid for `which`.
    function _checkParameter(
        PoolStorage.Layout storage $,
        IStakingPool.Parameter which,
        uint256 value
    ) private view {
        uint256 min;
        uint256 max = EmissionMath.BLOCKS_PER_YEAR;
        if (which == IStakingPool.Parameter.Delta) max = PoolConstants.MAX_DELTA;
        else if (which == IStakingPool.Parameter.MinStake) (min, max) = (1, $.treasuryParams.minSelfStakeWei);
        else if (which == IStakingPool.Parameter.MinSelfStake)
            (min, max) = ($.stakeParams.minStakeWei, type(uint96).max);
        else if (which == IStakingPool.Parameter.UnbondingBlocks) min = 1;
        else if (which == IStakingPool.Parameter.MaxCommissionChange) max = $.maxCommissionWad;
        else if (which == IStakingPool.Parameter.CandidateCap)
            (min, max) = (4, PoolConstants.MAX_CANDIDATE_CAP);
        if (value < min || value > max) revert IStakingPool.ParameterOutOfRange(which, value, min, max);
    }

    function _activeValidator(
        PoolStorage.Layout storage $,
        address operator
    ) private view returns (PoolStorage.Validator storage v) {
        v = StakingLogic.knownValidator($, operator);
        if (v.status != IStakingPool.ValidatorStatus.Active)
            revert IStakingPool.ValidatorNotActive(operator, v.status);
    }

    /// @dev Jails `v` until `untilBlock` unless it is jailed longer already; while it is jailed for a
    /// self-stake shortfall, extends the timed jail restored at its top-up instead.
    function _extendJail(
        PoolStorage.Layout storage $,
        address operator,
        PoolStorage.Validator storage v,
        uint256 untilBlock
    ) private {
        if (v.jailedUntilBlock == PoolConstants.SHORTFALL_JAIL) {
            if (untilBlock > $.jailEndAfterTopUp[operator]) $.jailEndAfterTopUp[operator] = untilBlock;
        } else if (untilBlock > v.jailedUntilBlock) {
            v.jailedUntilBlock = uint40(untilBlock); // block.number + a uint40 duration, or a uint40
            emit IStakingPool.Jailed(operator, untilBlock);
        }
    }

    /// @dev Jails a listed validator whose self-stake is below `minSelfStakeWei` until its operator
    /// tops up, keeping its timed jail for then. Skips one jailed so already and unlisted ones.
    function _jailIfShortfall(
        PoolStorage.Layout storage $,
        address operator,
        PoolStorage.Validator storage v,
        uint256 minSelfStakeWei
    ) private {
        uint256 untilBlock = v.jailedUntilBlock;
        if (v.candidateIndex == 0 || untilBlock == PoolConstants.SHORTFALL_JAIL) return;
        uint256 selfStakeWei = StakingLogic.tokensForShares(
            $.positions[operator][operator].shares,
            v.bondedTokensWei,
            v.bondedShares
        );
        if (selfStakeWei >= minSelfStakeWei) return;
        $.jailEndAfterTopUp[operator] = untilBlock;
        v.jailedUntilBlock = uint40(PoolConstants.SHORTFALL_JAIL);
        emit IStakingPool.SelfStakeShortfall(operator, selfStakeWei, minSelfStakeWei);
        emit IStakingPool.Jailed(operator, PoolConstants.SHORTFALL_JAIL);
    }

    /// @dev After a raise of the self-stake minimum: jails every listed validator now below it. Bounded
    /// by the candidate cap (at most 1,500 candidates, about 6,500 gas each).
    function _jailShortfalls(PoolStorage.Layout storage $, uint256 minSelfStakeWei) private {
        address[] storage candidates = $.candidates;
        uint256 count = candidates.length;
        for (uint256 i = 0; i < count; ++i) {
            address operator = candidates[i];
            _jailIfShortfall($, operator, $.validators[operator], minSelfStakeWei);
        }
    }

    /// @dev Reverts with `InvalidSignerProof` unless (`proofR`, `proofVS`) is `signer`'s EIP-712 signature of
    /// `SignerProof(signer, msg.sender)` under this pool's domain (name, version, chain id, address).
    function _checkSignerProof(address signer, bytes32 proofR, bytes32 proofVS) private view {
        bytes32 domainSeparator = keccak256(
            abi.encode(DOMAIN_TYPEHASH, DOMAIN_NAME_HASH, DOMAIN_VERSION_HASH, block.chainid, address(this))
        );
        bytes32 digest = MessageHashUtils.toTypedDataHash(
            domainSeparator,
            keccak256(abi.encode(SIGNER_PROOF_TYPEHASH, signer, msg.sender))
        );
        // A signature with a high s (malleable) or none at all recovers nothing: reported as address 0.
        (address recovered, ECDSA.RecoverError recoverError, ) = ECDSA.tryRecover(digest, proofR, proofVS);
        if (recoverError != ECDSA.RecoverError.NoError || recovered != signer)
            revert IStakingPool.InvalidSignerProof(signer, recovered);
    }

    /// @dev Reverts with `SignerReserved` while the last operator that used `signer` is jailed
    /// (until its jail ends) or tombstoned (forever). Read at registration time, so a jail or a
    /// tombstone that comes after the operator left still reserves the signer.
    function _checkSignerNotReserved(PoolStorage.Layout storage $, address signer) private view {
        address previousOperator = $.lastOperatorOfSigner[signer];
        if (previousOperator == address(0)) return;
        PoolStorage.Validator storage previous = $.validators[previousOperator];
        uint256 untilBlock = previous.status == IStakingPool.ValidatorStatus.Tombstoned
            ? type(uint256).max
            : previous.jailedUntilBlock;
        if (untilBlock > block.number)
            revert IStakingPool.SignerReserved(signer, previousOperator, untilBlock);
    }

    /// @dev Removes `operator`'s validator `v` from the candidate list (swap with the last, pop) and
    /// releases its signer from `operatorOfSigner`, remembering `operator` as the signer's last
    /// operator, whose jail or tombstone keeps the signer reserved (`_checkSignerNotReserved`).
    function _unlist(
        PoolStorage.Layout storage $,
        address operator,
        PoolStorage.Validator storage v
    ) private {
        uint256 index = v.candidateIndex;
        if (index == 0) return;
        address[] storage candidates = $.candidates;
        address last = candidates[candidates.length - 1];
        candidates[index - 1] = last;
        $.validators[last].candidateIndex = uint16(index); // index <= candidates.length <= 1,500
        candidates.pop();
        v.candidateIndex = 0;
        address signer = v.signer;
        delete $.operatorOfSigner[signer];
        $.lastOperatorOfSigner[signer] = operator;
    }
}
