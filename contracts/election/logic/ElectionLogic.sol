// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ElectionStorage} from "../ElectionStorage.sol";

/// @title ElectionLogic
/// @notice Internal helpers the election and its setup library share: the round schedule and the
/// packed form of the active set's signers.
library ElectionLogic {
    /// @dev The current round, its first block and its length, from the schedule.
    function currentRound(
        ElectionStorage.ElectionLayout storage $
    ) internal view returns (uint256 round, uint256 startBlock, uint256 lengthBlocks) {
        ElectionStorage.RoundSchedule memory schedule = $.schedule;
        uint256 anchorBlock = schedule.anchorBlock;
        uint256 anchorRound = schedule.anchorRound;
        lengthBlocks = schedule.lengthBlocks;
        if (schedule.nextLengthBlocks != 0) {
            // nextFromRound > anchorRound whenever a change is scheduled.
            uint256 switchBlock = anchorBlock + (schedule.nextFromRound - anchorRound) * lengthBlocks;
            if (block.number >= switchBlock) {
                anchorBlock = switchBlock;
                anchorRound = schedule.nextFromRound;
                lengthBlocks = schedule.nextLengthBlocks;
            }
        }
        uint256 elapsedRounds = (block.number - anchorBlock) / lengthBlocks; // anchorBlock <= block.number
        round = anchorRound + elapsedRounds;
        startBlock = anchorBlock + elapsedRounds * lengthBlocks;
    }

    /// @dev 20 bytes per address, no padding.
    function packAddresses(address[] memory list) internal pure returns (bytes memory packed) {
        uint256 count = list.length;
        packed = new bytes(count * 20);
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            let source := add(list, 0x20)
            let target := add(packed, 0x20)
            // Each mstore writes 32 bytes: the address and 12 zero bytes that the next address
            // overwrites; the last one stays inside the allocation (rounded up to 32 bytes) or in
            // free memory past it.
            for {
                let i := 0
            } lt(i, count) {
                i := add(i, 1)
            } {
                mstore(add(target, mul(i, 20)), shl(96, mload(add(source, shl(5, i)))))
            }
        }
    }
}
