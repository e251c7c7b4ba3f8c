// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

import {IETMToken} from "../../interfaces/IETMToken.sol";
import {IStakingPool} from "../../interfaces/IStakingPool.sol";
import {EmissionMath} from "../../libraries/EmissionMath.sol";
import {PoolStorage} from "../PoolStorage.sol";
import {EmissionLogic} from "./EmissionLogic.sol";
import {PoolConstants} from "./PoolConstants.sol";
import {RedelegationLiens} from "./RedelegationLiens.sol";
import {StakingLogic} from "./StakingLogic.sol";

/// @title PoolViews
/// @notice The pool's views that preview an accrual (pending rewards, the accumulator, the APY) or
/// walk lists (candidates, unbonding entries). An external library run by DELEGATECALL on the pool's
/// storage, like `ValidatorLogic`; the pool forwards its view functions here.
library PoolViews {
    uint256 private constant WAD = PoolConstants.WAD;
    uint256 private constant RAY = PoolConstants.RAY;

    /// @notice See {IStakingPool-pendingReward}.
    function pendingReward(
        PoolStorage.Layout storage $,
        IETMToken token,
        address account,
        address validator
    ) external view returns (uint256) {
        (uint256 rewardPerShareRay, ) = _previewSettlement(
            $,
            $.validators[validator],
            StakingLogic.computeAccrual($, token)
        );
        PoolStorage.Position storage p = $.positions[account][validator];
        uint256 paidRay = p.rewardPerSharePaidRay;
        if (paidRay == PoolConstants.COMPOUNDING) return 0;
        return Math.mulDiv(p.shares, rewardPerShareRay - paidRay, RAY);
    }

    /// @notice See {IStakingPool-stakeOf}. At a validator whose compounding class holds stake, the value
    /// is the one a settlement now would leave: the class's reward since the last settlement bonded (a
    /// compounding position's part of it), and the share price that bond leaves (its new shares round
    /// down, so a paying position may gain a wei): what an unstake of the whole position takes.
    function stakeOf(
        PoolStorage.Layout storage $,
        IETMToken token,
        address account,
        address validator
    ) external view returns (uint256) {
        PoolStorage.Validator storage v = $.validators[validator];
        PoolStorage.Position memory position = $.positions[account][validator];
        if (position.shares == 0) return 0;
        uint256 bondedTokens = v.bondedTokensWei;
        uint256 bondedShares = v.bondedShares;
        PoolStorage.CompoundingClass memory c = $.compoundingClasses[validator];
        if (c.bondedShares != 0) {
            (uint256 rewardPerShareRay, ) = _previewSettlement($, v, StakingLogic.computeAccrual($, token));
            (uint256 rewardWei, uint256 shares) = StakingLogic.classBond(
                c.bondedShares,
                rewardPerShareRay - v.rewardPerShareRay,
                bondedTokens,
                bondedShares
            );
            if (rewardWei != 0) {
                c.bondedShares += uint128(shares);
                bondedTokens += rewardWei;
                bondedShares += shares;
            }
        }
        uint256 held = position.rewardPerSharePaidRay != PoolConstants.COMPOUNDING
            ? position.shares
            : (c.shares == 0 ? 0 : Math.mulDiv(position.shares, c.bondedShares, c.shares));
        return StakingLogic.tokensForShares(held, bondedTokens, bondedShares);
    }

    /// @notice See {IStakingPool-pendingCommission}.
    function pendingCommission(
        PoolStorage.Layout storage $,
        IETMToken token,
        address validator
    ) external view returns (uint256 commissionWei) {
        (, commissionWei) = _previewSettlement(
            $,
            $.validators[validator],
            StakingLogic.computeAccrual($, token)
        );
    }

    /// @notice See {IValidatorRegistry-validatorRewardsOwed}.
    function validatorRewardsOwed(
        PoolStorage.Layout storage $,
        IETMToken token
    ) external view returns (uint256) {
        return $.validatorRewardsOwedWei + StakingLogic.computeAccrual($, token).toValidatorsWei;
    }

    /// @notice See {IStakingPool-rewardPerToken}.
    function rewardPerToken(PoolStorage.Layout storage $, IETMToken token) external view returns (uint256) {
        return StakingLogic.computeAccrual($, token).rewardPerTokenRay;
    }

    /// @notice See {IStakingPool-estimatedAPY}.
    function estimatedAPY(PoolStorage.Layout storage $, IETMToken token) external view returns (uint256) {
        uint256 stakedWei = $.totals.totalStakedWei;
        if (stakedWei == 0) return type(uint256).max;
        uint256 supplyWei = token.totalSupply() + StakingLogic.computeAccrual($, token).mintedWei;
        uint256 exponentWad = Math.mulDiv(WAD - $.emission.deltaWad, supplyWei, stakedWei);
        return
            EmissionMath.annualGrowthMinusOneWad(
                EmissionLogic.inflationRate($, EmissionLogic.currentYear($)),
                exponentWad
            );
    }

    /// @notice See {IStakingPool-unbondingOf}.
    function unbondingOf(
        PoolStorage.Layout storage $,
        address account
    )
        external
        view
        returns (address[] memory validators, uint256[] memory maturityBlocks, uint256[] memory amountsWei)
    {
        PoolStorage.Account memory a = $.accounts[account];
        validators = new address[](a.unbondingCount);
        maturityBlocks = new uint256[](a.unbondingCount);
        amountsWei = new uint256[](a.unbondingCount);
        for (uint256 i = 0; i < a.unbondingCount; ++i) {
            PoolStorage.UnbondingEntry storage entry = $.unbonding[account][
                (a.unbondingHead + i) % PoolConstants.MAX_UNBONDING_ENTRIES
            ];
            address validator = $.validatorsById[entry.validatorId - 1];
            validators[i] = validator;
            maturityBlocks[i] = entry.maturityBlock;
            if (entry.epochPlusOne == 0) {
                PoolStorage.Validator storage v = $.validators[validator];
                amountsWei[i] = StakingLogic.tokensForShares(
                    entry.shares,
                    v.unbondingTokensWei,
                    v.unbondingShares
                );
            } else {
                PoolStorage.UnbondingBucket memory bucket = $.unbondingBuckets[entry.validatorId][
                    entry.epochPlusOne - 1
                ];
                amountsWei[i] = StakingLogic.tokensForShares(entry.shares, bucket.tokensWei, bucket.shares);
            }
        }
    }

    /// @notice See {IStakingPool-redelegationsOf}.
    function redelegationsOf(
        PoolStorage.Layout storage $,
        address account
    ) external view returns (IStakingPool.Redelegation[] memory redelegations) {
        uint256 count = $.accounts[account].redelegationCount;
        redelegations = new IStakingPool.Redelegation[](count);
        for (uint256 i = 0; i < count; ++i) {
            PoolStorage.RedelegationEntry memory e = $.redelegations[account][i];
            uint256 slashableWei = RedelegationLiens.lienValue(e, $.lienBuckets[e.sourceId][e.epoch]);
            uint256 takenWei = e.amountWei - slashableWei;
            redelegations[i] = IStakingPool.Redelegation(
                $.validatorsById[e.sourceId - 1],
                $.validatorsById[e.destinationId - 1],
                e.amountWei,
                slashableWei,
                takenWei > e.burnedWei ? takenWei - e.burnedWei : 0,
                e.maturityBlock
            );
        }
    }

    /// @dev `v`'s per-share accumulator and commission owed after settling to the accrual `a`
    /// (a view of `StakingLogic.settleValidator`).
    function _previewSettlement(
        PoolStorage.Layout storage $,
        PoolStorage.Validator storage v,
        StakingLogic.Accrual memory a
    ) private view returns (uint256 rewardPerShareRay, uint256 commissionOwedWei) {
        uint256 paidRay = v.rewardPerTokenPaidRay;
        uint256 commissionWad = v.commissionWad;
        rewardPerShareRay = v.rewardPerShareRay;
        commissionOwedWei = v.commissionOwedWei;
        uint256 effectiveBlock = v.commissionEffectiveBlock;
        if (effectiveBlock != 0 && effectiveBlock <= block.number) {
            uint256 atSwitchRay;
            if (effectiveBlock <= a.fromBlock) {
                atSwitchRay = $.rewardPerTokenAtSwitch[effectiveBlock];
            } else {
                uint256 i = 0;
                while ($.switchBlocks[i] != effectiveBlock) ++i;
                atSwitchRay = a.switchRewardPerTokenRay[i];
            }
            (rewardPerShareRay, commissionOwedWei) = StakingLogic.credit(
                v.bondedTokensWei,
                v.bondedShares,
                commissionWad,
                paidRay,
                atSwitchRay,
                rewardPerShareRay,
                commissionOwedWei
            );
            paidRay = atSwitchRay;
            commissionWad = v.pendingCommissionWad;
        }
        (rewardPerShareRay, commissionOwedWei) = StakingLogic.credit(
            v.bondedTokensWei,
            v.bondedShares,
            commissionWad,
            paidRay,
            a.rewardPerTokenRay,
            rewardPerShareRay,
            commissionOwedWei
        );
    }
}
