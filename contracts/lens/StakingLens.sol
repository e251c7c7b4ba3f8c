// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

import {IStakingLens} from "../interfaces/IStakingLens.sol";
import {IStakingPool} from "../interfaces/IStakingPool.sol";
import {IValidatorElection} from "../interfaces/IValidatorElection.sol";
import {EmissionMath} from "../libraries/EmissionMath.sol";
import {PoolConstants} from "../staking/logic/PoolConstants.sol";

/// @dev The voting-power views of the pool's `StakeVotes` (OpenZeppelin `Votes`).
interface IStakeVotesViews {
    function getVotes(address account) external view returns (uint256);
    function delegates(address account) external view returns (address);
    function votingUnitsOf(address account) external view returns (uint256);
}

/// @dev The views of an OpenZeppelin Governor with GovernorStorage and GovernorCountingSimple.
interface IGovernorViews {
    function votingDelay() external view returns (uint256);
    function votingPeriod() external view returns (uint256);
    function proposalThreshold() external view returns (uint256);
    function proposalCount() external view returns (uint256);
    /// @dev GovernorStorage returns `(proposalId, targets, values, calldatas, descriptionHash)`; the id
    /// is the first head word, so declaring it alone decodes it and skips the arrays (the decoder
    /// only requires the return data to be at least that long).
    function proposalDetailsAt(uint256 index) external view returns (uint256 proposalId);
    function state(uint256 proposalId) external view returns (uint8);
    function proposalVotes(
        uint256 proposalId
    ) external view returns (uint256 againstVotes, uint256 forVotes, uint256 abstainVotes);
    function proposalSnapshot(uint256 proposalId) external view returns (uint256);
    function proposalDeadline(uint256 proposalId) external view returns (uint256);
    function hasVoted(uint256 proposalId, address account) external view returns (bool);
}

/// @title StakingLens
/// @notice See {IStakingLens}.
/// @dev Stateless: two immutables, no storage, no proxy (see the interface). Every figure comes
/// from one of the pool's or the election's views at the current block.
contract StakingLens is IStakingLens {
    uint256 private constant WAD = 1e18;

    /// @inheritdoc IStakingLens
    uint256 public constant MAX_EXTRA_VALIDATORS = 64;

    // The pool's constants (contracts/staking/logic/PoolConstants.sol), read here rather than from the
    // pool, whose code has no room for getters that never change.
    /// @notice Largest annual inflation any year may have: 10%, wad.
    uint256 public constant MAX_INFLATION = PoolConstants.MAX_INFLATION;
    /// @notice Unbonding entries an account may have at once (a ring; `withdraw` frees them).
    uint256 public constant MAX_UNBONDING_ENTRIES = PoolConstants.MAX_UNBONDING_ENTRIES;
    /// @notice Largest `delta`: half of each mint.
    uint256 public constant MAX_DELTA = PoolConstants.MAX_DELTA;
    /// @notice Stakers earn only while the total stake is at least supply / DUST_STAKE_DIVISOR.
    uint256 public constant DUST_STAKE_DIVISOR = PoolConstants.DUST_STAKE_DIVISOR;
    /// @notice Largest candidate cap the pool's parameter role may set.
    uint256 public constant MAX_CANDIDATE_CAP = PoolConstants.MAX_CANDIDATE_CAP;
    /// @notice Blocks per year of 3-second blocks, `20 * 60 * 24 * 365`.
    uint256 public constant BLOCKS_PER_YEAR = EmissionMath.BLOCKS_PER_YEAR;

    /// @inheritdoc IStakingLens
    IStakingPool public immutable pool;
    /// @inheritdoc IStakingLens
    IValidatorElection public immutable election;

    /// @param poolAddress The staking pool (its proxy, once the pool is upgradeable).
    /// @param electionAddress The validator election, which must read its candidates from `poolAddress`.
    constructor(address poolAddress, address electionAddress) {
        if (poolAddress == address(0)) revert StakingLensZeroAddress("pool");
        if (electionAddress == address(0)) revert StakingLensZeroAddress("election");
        address registry = address(IValidatorElection(electionAddress).registry());
        if (registry != poolAddress)
            revert StakingLensElectionPoolMismatch(electionAddress, registry, poolAddress);
        pool = IStakingPool(poolAddress);
        election = IValidatorElection(electionAddress);
    }

    /// @inheritdoc IStakingLens
    function snapshot(
        address account,
        uint256 offset,
        uint256 limit,
        address[] calldata extraValidators
    ) external view returns (Snapshot memory s) {
        _checkExtra(extraValidators);
        s.blockNumber = block.number;
        s.round = _round();
        s.activeOperators = election.activeValidators();
        s.activeSigners = election.getValidators();
        s.emission = _emission();
        s.parameters = _parameters();
        s.candidates = _page(offset, limit);
        if (account != address(0)) s.account = _account(account, s.candidates.items, extraValidators);
    }

    /// @inheritdoc IStakingLens
    function governanceView(
        address governor,
        address account,
        uint256 limit
    ) external view returns (GovernanceView memory g) {
        if (governor == address(0)) revert StakingLensZeroAddress("governor");
        IGovernorViews gov = IGovernorViews(governor);
        g.governor = governor;
        g.votingDelayBlocks = gov.votingDelay();
        g.votingPeriodBlocks = gov.votingPeriod();
        g.proposalThresholdWei = gov.proposalThreshold();
        g.proposalCount = gov.proposalCount();
        uint256 shown = Math.min(limit, g.proposalCount);
        g.proposals = new ProposalView[](shown);
        for (uint256 i = 0; i < shown; ++i) g.proposals[i] = _proposal(gov, g.proposalCount - 1 - i, account);
    }

    /// @inheritdoc IStakingLens
    function candidatePage(uint256 offset, uint256 limit) external view returns (CandidatePage memory) {
        return _page(offset, limit);
    }

    /// @inheritdoc IStakingLens
    function candidate(address operator) external view returns (CandidateView memory) {
        return _candidate(operator);
    }

    /// @inheritdoc IStakingLens
    function accountView(
        address account,
        uint256 offset,
        uint256 limit,
        address[] calldata extraValidators
    ) external view returns (AccountView memory view_) {
        _checkExtra(extraValidators);
        if (account != address(0)) view_ = _account(account, _page(offset, limit).items, extraValidators);
    }

    // ---------------------------------------------------------------------------------------------
    // Internals
    // ---------------------------------------------------------------------------------------------

    function _proposal(
        IGovernorViews gov,
        uint256 index,
        address account
    ) private view returns (ProposalView memory p) {
        p.id = gov.proposalDetailsAt(index);
        p.state = gov.state(p.id);
        (p.againstWei, p.forWei, p.abstainWei) = gov.proposalVotes(p.id);
        p.snapshotBlock = gov.proposalSnapshot(p.id);
        p.deadlineBlock = gov.proposalDeadline(p.id);
        p.voted = account != address(0) && gov.hasVoted(p.id, account);
    }

    function _checkExtra(address[] calldata extraValidators) private pure {
        if (extraValidators.length > MAX_EXTRA_VALIDATORS) {
            revert StakingLensTooManyExtraValidators(extraValidators.length, MAX_EXTRA_VALIDATORS);
        }
    }

    function _round() private view returns (RoundView memory r) {
        (r.round, r.startBlock, r.lengthBlocks, r.revealStartBlock) = election.roundInfo();
        r.nextElectionBlock = election.nextElectionBlock();
        r.blocksToNextElection = r.nextElectionBlock > block.number ? r.nextElectionBlock - block.number : 0;
        r.electedRound = election.electedRound();
        r.validatorCount = election.validatorCount();
    }

    function _emission() private view returns (EmissionView memory e) {
        IStakingPool p = pool;
        e.supplyWei = IERC20(p.token()).totalSupply();
        e.totalStakedWei = p.totalStaked();
        e.stakingRatioWad = e.supplyWei == 0 ? 0 : Math.mulDiv(e.totalStakedWei, WAD, e.supplyWei);
        e.year = p.currentYear();
        e.inflationWad = p.inflationRate(e.year);
        e.schedule = p.inflationSchedule();
        // The schedule is sorted by `fromYear` and starts at year 0: the last entry not after `year`.
        uint256 i = e.schedule.length;
        while (i > 1 && e.schedule[i - 1].fromYear > e.year) --i;
        e.ratePerBlockRay = e.schedule[i - 1].ratePerBlockRay;
        e.deltaWad = p.parameter(IStakingPool.Parameter.Delta);
        e.rewardPerTokenRay = p.rewardPerToken();
        e.estimatedApyWad = p.estimatedAPY();
        e.blocksPerYear = EmissionMath.BLOCKS_PER_YEAR;
        // r_n = B * i_n * (1 - delta) / S, ray per token; none while the stake is dust (as the pool).
        if (e.totalStakedWei != 0 && e.totalStakedWei * PoolConstants.DUST_STAKE_DIVISOR >= e.supplyWei) {
            e.rewardPerStakedTokenPerBlockRay = Math.mulDiv(
                e.supplyWei,
                e.ratePerBlockRay * (WAD - e.deltaWad), // <= 2^64 * 1e18: no overflow
                e.totalStakedWei * WAD // S < 2^128 (the pool packs it so): no overflow
            );
        }
    }

    function _parameters() private view returns (ParametersView memory q) {
        IStakingPool p = pool;
        q.minStakeWei = p.parameter(IStakingPool.Parameter.MinStake);
        q.minSelfStakeWei = p.parameter(IStakingPool.Parameter.MinSelfStake);
        q.unbondingBlocks = p.parameter(IStakingPool.Parameter.UnbondingBlocks);
        q.commissionDelayBlocks = p.parameter(IStakingPool.Parameter.CommissionDelayBlocks);
        q.maxCommissionWad = p.maxCommission();
        q.maxCommissionChangeWad = p.parameter(IStakingPool.Parameter.MaxCommissionChange);
        q.jailBlocks = p.parameter(IStakingPool.Parameter.JailBlocks);
        q.candidateCap = p.parameter(IStakingPool.Parameter.CandidateCap);
    }

    function _page(uint256 offset, uint256 limit) private view returns (CandidatePage memory page) {
        address[] memory operators = pool.candidates();
        page.totalCount = operators.length;
        page.offset = offset;
        uint256 end = offset >= operators.length
            ? offset
            : offset + Math.min(limit, operators.length - offset);
        page.items = new CandidateView[](end - offset);
        address[] memory pageOperators = new address[](end - offset);
        for (uint256 i = offset; i < end; ++i) {
            page.items[i - offset] = _candidateWithoutName(operators[i]);
            pageOperators[i - offset] = operators[i];
        }
        // The names in one call for the page (one cold storage read per candidate without a profile).
        string[] memory names = pool.namesOf(pageOperators);
        for (uint256 i = 0; i < names.length; ++i) page.items[i].name = names[i];
    }

    function _candidate(address operator) private view returns (CandidateView memory c) {
        c = _candidateWithoutName(operator);
        address[] memory one = new address[](1);
        one[0] = operator;
        c.name = pool.namesOf(one)[0];
    }

    function _candidateWithoutName(address operator) private view returns (CandidateView memory c) {
        c.operator = operator;
        (
            c.status,
            c.signer,
            c.jailedUntilBlock,
            c.commissionWad,
            c.pendingCommissionWad,
            c.commissionEffectiveBlock,
            c.bondedWei,
            c.unbondingWei
        ) = pool.validatorInfo(operator);
        c.jailed = c.jailedUntilBlock > block.number;
        (c.heartbeatEver, c.lastHeartbeatRound, , ) = election.heartbeatOf(operator);
        c.active = election.isActiveValidator(operator);
    }

    function _account(
        address account,
        CandidateView[] memory page,
        address[] calldata extraValidators
    ) private view returns (AccountView memory a) {
        IStakingPool p = pool;
        a.account = account;
        a.balanceWei = IERC20(p.token()).balanceOf(account);
        a.allowanceWei = IERC20(p.token()).allowance(account, address(p));
        IStakeVotesViews votes = IStakeVotesViews(p.votes());
        a.votesWei = votes.getVotes(account);
        a.votingUnitsWei = votes.votingUnitsOf(account);
        a.delegatee = votes.delegates(account);
        (address[] memory unbondingFrom, uint256[] memory maturities, uint256[] memory amounts) = p
            .unbondingOf(account);
        a.unbonding = new UnbondingView[](unbondingFrom.length);
        for (uint256 i = 0; i < unbondingFrom.length; ++i) {
            a.unbonding[i] = UnbondingView(
                unbondingFrom[i],
                maturities[i],
                amounts[i],
                maturities[i] <= block.number
            );
        }
        a.operatorValidator = _candidate(account);
        a.isOperator = a.operatorValidator.status != IStakingPool.ValidatorStatus.None;
        if (a.isOperator) a.pendingCommissionWei = p.pendingCommission(account);
        (address[] memory list, uint256 listedCount) = _lookupList(
            account,
            page,
            unbondingFrom,
            a.isOperator,
            extraValidators
        );
        a.positions = _positions(account, list, listedCount);
    }

    /// @dev The validators named in {IStakingLens-AccountView}, each once: the page's candidates
    /// (the first `listedCount`), then the others not among them.
    function _lookupList(
        address account,
        CandidateView[] memory page,
        address[] memory unbondingFrom,
        bool isOperator,
        address[] calldata extraValidators
    ) private pure returns (address[] memory list, uint256 listedCount) {
        listedCount = page.length;
        list = new address[](
            listedCount + unbondingFrom.length + (isOperator ? 1 : 0) + extraValidators.length
        );
        for (uint256 i = 0; i < listedCount; ++i) list[i] = page[i].operator;
        uint256 count = listedCount;
        for (uint256 i = 0; i < unbondingFrom.length; ++i) count = _addOnce(list, count, unbondingFrom[i]);
        if (isOperator) count = _addOnce(list, count, account);
        for (uint256 i = 0; i < extraValidators.length; ++i)
            count = _addOnce(list, count, extraValidators[i]);
        // Shrink to the distinct validators (a memory array: overwrite its length word).
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            mstore(list, count)
        }
    }

    /// @dev The account's positions at `list` (the first `listedCount` are listed candidates).
    function _positions(
        address account,
        address[] memory list,
        uint256 listedCount
    ) private view returns (PositionView[] memory positions) {
        positions = new PositionView[](list.length);
        uint256 found;
        for (uint256 i = 0; i < list.length; ++i) {
            uint256 stakedWei = pool.stakeOf(account, list[i]);
            // A position without shares has no reward (`shares * delta / RAY`). A listed candidate's
            // shares are worth tokens, so its zero stake means zero shares; a tombstoned validator's
            // shares are worth nothing and may still carry a reward from before the slash: ask.
            uint256 rewardWei = (stakedWei != 0 || i >= listedCount)
                ? pool.pendingReward(account, list[i])
                : 0;
            if (stakedWei != 0 || rewardWei != 0) {
                positions[found] = PositionView(
                    list[i],
                    stakedWei,
                    rewardWei,
                    stakedWei != 0 && pool.isCompounding(account, list[i])
                );
                ++found;
            }
        }
        // Shrink to the positions found.
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            mstore(positions, found)
        }
    }

    /// @dev Appends `value` to `list[0 .. count)` unless it is there already; returns the new count.
    function _addOnce(address[] memory list, uint256 count, address value) private pure returns (uint256) {
        for (uint256 i = 0; i < count; ++i) if (list[i] == value) return count;
        list[count] = value;
        return count + 1;
    }
}
