// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IStakingPool} from "../../../contracts/interfaces/IStakingPool.sol";
import {PoolHandler} from "../handlers/PoolHandler.sol";
import {TestBase} from "../utils/Test.sol";

/// @title WholePosition
/// @notice `unstake` and `redelegate` of `type(uint256).max` take the whole position as it is worth in
/// the block the call runs in, paying or compounding, after any stretch of time: nothing is left, and
/// the amount is what `stakeOf` shows in that block. A fuzz test of its own: the handler's random
/// campaign sends bounded amounts, so its sequences (and the mutant table) stay as they are.
contract WholePosition is TestBase {
    uint256 internal constant WHOLE_POSITION = type(uint256).max;

    PoolHandler internal handler;
    IStakingPool internal pool;
    address internal actor;
    address internal source;
    address internal destination;

    function setUp() public {
        handler = new PoolHandler();
        pool = handler.pool();
        actor = handler.actors(0);
        source = handler.operators(0);
        destination = handler.operators(1);
    }

    /// @dev Actor 0's position at operator 0: an amount from `amountSeed` (the handler's bounds),
    /// compounding or not, then `rollSeed`'s time (a block to years, the handler's `roll`). Returns
    /// its value as `stakeOf` shows it in the block of the next call.
    function _position(uint256 amountSeed, uint256 rollSeed, bool compounding) internal returns (uint256) {
        handler.stake(0, 0, amountSeed); // actor 0 to operator 0
        vm.assume(pool.stakeOf(actor, source) != 0);
        if (compounding) handler.setCompounding(1, 0, 1); // actor 0 at operator 0: into the class
        assertTrue(pool.isCompounding(actor, source) == compounding, "the mode asked");
        handler.roll(rollSeed);
        return pool.stakeOf(actor, source);
    }

    /// forge-config: default.fuzz.runs = 1000
    function testFuzz_unstakeOfTheWholePositionLeavesNothing(
        uint256 amountSeed,
        uint256 rollSeed,
        bool compounding
    ) public {
        uint256 wholeWei = _position(amountSeed, rollSeed, compounding);
        vm.prank(actor);
        pool.unstake(source, WHOLE_POSITION);
        assertEq(pool.stakeOf(actor, source), 0, "nothing left at the source");
        (address[] memory validators, , uint256[] memory amountsWei) = pool.unbondingOf(actor);
        assertEq(validators.length, 1, "one unbonding entry");
        assertEq(amountsWei[0], wholeWei, "unbonding what stakeOf showed in the block");
    }

    /// forge-config: default.fuzz.runs = 1000
    function testFuzz_redelegationOfTheWholePositionMovesIt(
        uint256 amountSeed,
        uint256 rollSeed,
        bool compounding
    ) public {
        uint256 wholeWei = _position(amountSeed, rollSeed, compounding);
        vm.prank(actor);
        uint256 maturityBlock = pool.redelegate(source, destination, WHOLE_POSITION);
        assertTrue(maturityBlock > block.number, "a maturing redelegation");
        assertEq(pool.stakeOf(actor, source), 0, "nothing left at the source");
        IStakingPool.Redelegation[] memory moved = pool.redelegationsOf(actor);
        assertEq(moved.length, 1, "one redelegation");
        assertEq(moved[0].amountWei, wholeWei, "moved what stakeOf showed in the block");
        // bonded at the destination as new shares, rounded down: at most a wei under
        uint256 atDestinationWei = pool.stakeOf(actor, destination);
        assertLe(atDestinationWei, wholeWei, "no more than moved");
        assertLe(wholeWei - atDestinationWei, 1, "at most a wei of rounding");
    }

    /// forge-config: default.fuzz.runs = 200
    function testFuzz_theWholePositionOfNothingIsRefused(uint256 seed) public {
        address nobody = address(uint160(bound(seed, 1, type(uint160).max)));
        vm.assume(pool.stakeOf(nobody, source) == 0);
        vm.prank(nobody);
        try pool.unstake(source, WHOLE_POSITION) {
            assertTrue(false, "refused");
        } catch (bytes memory reason) {
            assertTrue(
                keccak256(reason) ==
                    keccak256(
                        abi.encodeWithSelector(
                            IStakingPool.InsufficientStake.selector,
                            nobody,
                            source,
                            0,
                            WHOLE_POSITION
                        )
                    ),
                "InsufficientStake(account, validator, 0, max)"
            );
        }
    }
}
