// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {PoolStorage} from "../PoolStorage.sol";
import {StakingLogic} from "./StakingLogic.sol";

/// @title CandidateList
/// @notice The candidate list's bookkeeping shared by `ValidatorLogic` (registration, relist,
/// displacement, deregistration) and `SlashingLogic` (a tombstone): taking a validator off the list,
/// releasing its signer when it leaves for good, and the per-round log of list changes the draw reads.
/// @dev Internal functions over `PoolStorage.Layout`, compiled into each library that uses them.
library CandidateList {
    /// @dev `operator`'s validator `v` leaves for good (deregistration or tombstone): off the candidate
    /// list if it is on it (a displaced one is not), and its signer is released from `operatorOfSigner`
    /// (unless another operator holds it since) and remembered with `operator` as its last operator,
    /// whose jail or tombstone keeps the signer reserved (`ValidatorLogic._checkSignerNotReserved`).
    function unlist(
        PoolStorage.Layout storage $,
        address operator,
        PoolStorage.Validator storage v
    ) internal {
        removeFromList($, operator, v, StakingLogic.currentRoundStart($));
        address signer = v.signer;
        if ($.operatorOfSigner[signer] != operator) return;
        delete $.operatorOfSigner[signer];
        $.lastOperatorOfSigner[signer] = operator;
    }

    /// @dev Removes `operator`'s validator `v` from the candidate list (swap with the last, pop), if it
    /// is on it, and logs the removal for the draw of the round that started at `roundStart`.
    function removeFromList(
        PoolStorage.Layout storage $,
        address operator,
        PoolStorage.Validator storage v,
        uint256 roundStart
    ) internal {
        uint256 index = v.candidateIndex;
        if (index == 0) return;
        address[] storage candidates = $.candidates;
        address last = candidates[candidates.length - 1];
        candidates[index - 1] = last;
        $.validators[last].candidateIndex = uint16(index); // index <= candidates.length <= 1,500
        candidates.pop();
        v.candidateIndex = 0;
        // Set aside if drawn this round, with its stake at the round's start (unless jailed then).
        logListChange($, operator, index, roundStart);
        StakingLogic.setAside($, operator, v, v.jailedUntilBlock, roundStart);
    }

    /// @dev Logs a change of the candidate list in the `ListLog` of the round that started at
    /// `roundStart` (`StakingLogic.currentRoundStart`; nothing is logged before the grid is published):
    /// `operator` joined (at the end; `removedIndex` 0) or was removed from the 1-based `removedIndex`.
    function logListChange(
        PoolStorage.Layout storage $,
        address operator,
        uint256 removedIndex,
        uint256 roundStart
    ) internal {
        if (roundStart == type(uint256).max) return;
        PoolStorage.ListLog memory log = $.listLog;
        if (log.roundStartBlock != roundStart) log = PoolStorage.ListLog(uint40(roundStart), 0, 0);
        uint256 entry = uint160(operator);
        if (removedIndex == 0) ++log.joins;
        else entry |= (1 << 255) | (removedIndex << 160);
        $.listLogEntries[log.length] = entry;
        ++log.length;
        $.listLog = log;
    }
}
