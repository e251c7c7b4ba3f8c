// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Governor} from "@openzeppelin/contracts/governance/Governor.sol";
import {GovernorCountingSimple} from "@openzeppelin/contracts/governance/extensions/GovernorCountingSimple.sol";
import {GovernorPreventLateQuorum} from "@openzeppelin/contracts/governance/extensions/GovernorPreventLateQuorum.sol";
import {GovernorSettings} from "@openzeppelin/contracts/governance/extensions/GovernorSettings.sol";
import {GovernorStorage} from "@openzeppelin/contracts/governance/extensions/GovernorStorage.sol";
import {GovernorTimelockControl} from "@openzeppelin/contracts/governance/extensions/GovernorTimelockControl.sol";
import {GovernorVotes} from "@openzeppelin/contracts/governance/extensions/GovernorVotes.sol";
import {GovernorVotesQuorumFraction} from "@openzeppelin/contracts/governance/extensions/GovernorVotesQuorumFraction.sol";
import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";
import {IVotes} from "@openzeppelin/contracts/governance/utils/IVotes.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {IStakingPool} from "../interfaces/IStakingPool.sol";

/// @dev The two reads the governor needs from the staking side: the votes module's pool, and the
/// pool's unbonding period.
interface IPoolOfVotes {
    function pool() external view returns (address);
}

interface IPoolParameters {
    function parameter(IStakingPool.Parameter which) external view returns (uint256);
}

/// @title ETMGovernor
/// @notice Stake-weighted governance of ETM staking: OpenZeppelin's Governor with simple counting
/// (against, for, abstain), voting power = bonded stake from the staking pool's `StakeVotes`
/// (block-number clock), quorum = a fraction (wad, 1e18 = 100%) of the total bonded stake, and a
/// TimelockController (`ETMTimelock`) that executes what passed and holds every parameter role.
///
/// Voting power and quorum of a proposal are read at the end of the block BEFORE its snapshot block
/// (`proposalSnapshot`), so stake bonded in the snapshot block or later never votes on it, even with
/// a voting delay of zero; voting opens the block after the snapshot (OpenZeppelin's rule). A
/// proposer needs `proposalThreshold()` votes, likewise read two blocks back. A proposal whose quorum
/// is reached late stays open `lateQuorumVoteExtension()` blocks from that vote on, so a last-minute
/// swing can always be answered (OpenZeppelin's GovernorPreventLateQuorum).
///
/// A governed slash cannot be escaped by unbonding first: the pool's unbonding period is always
/// longer than the slowest path of a proposal, `slashPathBlocks()` = voting delay + voting period +
/// late-quorum extension + the timelock's delay in 3-second blocks (rounded up) + `slashMarginBlocks`.
/// The constructor refuses a combination that breaks it, and so does every execution: a proposal
/// that lowers the unbonding period, or raises a governance duration, past it reverts
/// (`UnbondingShorterThanSlashPath`) and changes nothing. See docs/governance.md.
contract ETMGovernor is
    Governor,
    GovernorSettings,
    GovernorStorage,
    GovernorCountingSimple,
    GovernorVotes,
    GovernorVotesQuorumFraction,
    GovernorTimelockControl,
    GovernorPreventLateQuorum
{
    uint256 private constant WAD = 1e18;
    /// @notice Seconds per block of the chain (QBFT `blockperiodseconds`), to express the timelock's
    /// delay (seconds) in blocks.
    uint256 public constant SECONDS_PER_BLOCK = 3;

    /// @notice Blocks added to the slowest proposal path (immutable): the time to notice an infraction
    /// and propose the slash, plus the queue and execution transactions.
    uint256 public immutable slashMarginBlocks;
    /// @notice The staking pool whose unbonding period must outlast the slash path (`votes.pool()`).
    address public immutable stakingPool;

    /// @notice The pool's unbonding period, `unbondingBlocks`, is not longer than the slowest path by
    /// which a governed slash arrives, `slashPathBlocks` (`slashPathBlocks()`): stake could leave
    /// before the slash. Raise the unbonding period or shorten the governance durations.
    error UnbondingShorterThanSlashPath(uint256 unbondingBlocks, uint256 slashPathBlocks);

    /// @param votes The staking pool's `StakeVotes` (`pool.votes()`).
    /// @param timelock The timelock that executes proposals and holds the roles.
    /// @param votingDelayBlocks Blocks between a proposal and its snapshot.
    /// @param votingPeriodBlocks Blocks during which votes are cast.
    /// @param proposalThresholdWei Voting power (wei of bonded stake) needed to propose.
    /// @param quorumWad Share of the total bonded stake that must vote for or abstain, wad.
    /// @param voteExtensionBlocks Blocks voting stays open after the vote that reaches the quorum.
    /// @param marginBlocks `slashMarginBlocks`: blocks added to the slowest proposal path.
    constructor(
        IVotes votes,
        TimelockController timelock,
        uint48 votingDelayBlocks,
        uint32 votingPeriodBlocks,
        uint256 proposalThresholdWei,
        uint256 quorumWad,
        uint48 voteExtensionBlocks,
        uint256 marginBlocks
    )
        Governor("ETM Governor")
        GovernorSettings(votingDelayBlocks, votingPeriodBlocks, proposalThresholdWei)
        GovernorVotes(votes)
        GovernorVotesQuorumFraction(quorumWad)
        GovernorTimelockControl(timelock)
        GovernorPreventLateQuorum(voteExtensionBlocks)
    {
        slashMarginBlocks = marginBlocks;
        stakingPool = IPoolOfVotes(address(votes)).pool();
        _checkSlashPath();
    }

    /// @notice The slowest path, in blocks, from a slash proposal to its execution: voting delay +
    /// voting period + late-quorum extension + the timelock's delay at `SECONDS_PER_BLOCK` (rounded
    /// up) + `slashMarginBlocks`. The pool's unbonding period must be longer.
    function slashPathBlocks() public view returns (uint256) {
        uint256 timelockBlocks = Math.ceilDiv(
            TimelockController(payable(timelock())).getMinDelay(),
            SECONDS_PER_BLOCK
        );
        return
            votingDelay() + votingPeriod() + lateQuorumVoteExtension() + timelockBlocks + slashMarginBlocks;
    }

    /// @dev Reverts unless the pool's unbonding period is longer than `slashPathBlocks()`.
    function _checkSlashPath() private view {
        uint256 unbonding = IPoolParameters(stakingPool).parameter(IStakingPool.Parameter.UnbondingBlocks);
        uint256 path = slashPathBlocks();
        if (unbonding <= path) revert UnbondingShorterThanSlashPath(unbonding, path);
    }

    /// @notice Quorum fractions are wad: 1e18 = 100% of the total bonded stake.
    function quorumDenominator() public pure override returns (uint256) {
        return WAD;
    }

    /// @notice Votes needed for a proposal whose snapshot is `timepoint`: the quorum fraction (as of
    /// `timepoint`) of the total bonded stake at the end of block `timepoint - 1`.
    function quorum(
        uint256 timepoint
    ) public view override(Governor, GovernorVotesQuorumFraction) returns (uint256) {
        return
            Math.mulDiv(token().getPastTotalSupply(_blockBefore(timepoint)), quorumNumerator(timepoint), WAD);
    }

    // ---------------------------------------------------------------- overrides required by Solidity

    function _propose(
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas,
        string memory description,
        address proposer
    ) internal override(Governor, GovernorStorage) returns (uint256) {
        return super._propose(targets, values, calldatas, description, proposer);
    }

    function proposalDeadline(
        uint256 proposalId
    ) public view override(Governor, GovernorPreventLateQuorum) returns (uint256) {
        return super.proposalDeadline(proposalId);
    }

    function _tallyUpdated(uint256 proposalId) internal override(Governor, GovernorPreventLateQuorum) {
        super._tallyUpdated(proposalId);
    }

    function proposalThreshold() public view override(Governor, GovernorSettings) returns (uint256) {
        return super.proposalThreshold();
    }

    function state(
        uint256 proposalId
    ) public view override(Governor, GovernorTimelockControl) returns (ProposalState) {
        return super.state(proposalId);
    }

    function proposalNeedsQueuing(
        uint256 proposalId
    ) public view override(Governor, GovernorTimelockControl) returns (bool) {
        return super.proposalNeedsQueuing(proposalId);
    }

    function _getVotes(
        address account,
        uint256 timepoint,
        bytes memory params
    ) internal view override(Governor, GovernorVotes) returns (uint256) {
        // Bonded stake at the end of the block before `timepoint` (see the contract's notice).
        return super._getVotes(account, _blockBefore(timepoint), params);
    }

    /// @dev The block before `timepoint` (block 0 stays 0: nothing is bonded before the chain starts).
    function _blockBefore(uint256 timepoint) private pure returns (uint256) {
        return timepoint == 0 ? 0 : timepoint - 1;
    }

    function _queueOperations(
        uint256 proposalId,
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas,
        bytes32 descriptionHash
    ) internal override(Governor, GovernorTimelockControl) returns (uint48) {
        return super._queueOperations(proposalId, targets, values, calldatas, descriptionHash);
    }

    function _executeOperations(
        uint256 proposalId,
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas,
        bytes32 descriptionHash
    ) internal override(Governor, GovernorTimelockControl) {
        super._executeOperations(proposalId, targets, values, calldatas, descriptionHash);
        // Whatever the proposal changed (the pool's unbonding period, a voting duration, the
        // timelock's delay or the timelock itself), the slash path must still fit in the unbonding.
        _checkSlashPath();
    }

    function _cancel(
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas,
        bytes32 descriptionHash
    ) internal override(Governor, GovernorTimelockControl) returns (uint256) {
        return super._cancel(targets, values, calldatas, descriptionHash);
    }

    function _executor() internal view override(Governor, GovernorTimelockControl) returns (address) {
        return super._executor();
    }
}
