// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {PoolHandler} from "../handlers/PoolHandler.sol";
import {TestBase} from "../utils/Test.sol";

/// @title HandlerReach
/// @notice The handler's deepest paths are reachable: a fixed call sequence gets an election to
/// install a set and a seat's double sign (sealed QBFT headers) through the evidence contract to a
/// slash. A handler action that always returned early would pass every invariant and test nothing;
/// this fails instead.
contract HandlerReach is TestBase {
    function test_electionThenDoubleSignEvidenceSlashes() public {
        PoolHandler handler = new PoolHandler();
        handler.elect(1); // heartbeats every candidate and rolls to the due block first
        assertEq(handler.ghostElections(), 1, "an election installed a set");
        handler.roll(8); // a few blocks: the set installed in block B validates from B + 1
        handler.submitDoubleSign(0, 0, 0); // seat 0 double-signs at the current block
        assertEq(handler.ghostDoubleSignsPunished(), 1, "the evidence contract slashed the seat");
        assertEq(handler.callsOf("submitDoubleSign"), 1, "one call counted");
    }

    function test_commitThenRevealInItsPhase() public {
        PoolHandler handler = new PoolHandler();
        handler.elect(1); // an election installs a set: its round's commit phase begins
        handler.commit(0, keccak256("a secret")); // seat 0 commits
        handler.reveal(1); // a seat that committed: the chain moves to the reveal phase first
        assertEq(handler.ghostReveals(), 1, "the reveal went through");
        assertEq(bytes(handler.violation()).length, 0, handler.violation());
    }

    function test_commissionChangeSplitsTheCreditAtItsBlock() public {
        PoolHandler handler = new PoolHandler();
        address operator = handler.operators(0);
        (, , , uint256 before, , , , ) = handler.pool().validatorInfo(operator);
        handler.setCommission(0, 12_345); // operator 0 schedules a change
        handler.roll(6 + (1 << 3)); // half a year or more: past its effective block
        handler.settleValidator(0); // the settlement splits the credit at that block
        (, , , uint256 applied, , , , ) = handler.pool().validatorInfo(operator);
        assertTrue(applied != before, "the commission changed");
        assertEq(handler.ghostCommissionSwitchesChecked(), 1, "the split was checked");
        assertEq(bytes(handler.violation()).length, 0, handler.violation());
    }

    function test_compoundingClassBondsItsRewardAndEveryoneExits() public {
        PoolHandler handler = new PoolHandler();
        handler.stake(0, 0, 7 + (20_000 << 8)); // actor 0 stakes a whale's amount to operator 0
        handler.setCompounding(1, 0, 1); // actor 0's position at operator 0 joins the class
        assertEq(handler.ghostCompoundingSwitches(), 1, "the switch went through");
        assertTrue(handler.pool().isCompounding(handler.actors(0), handler.operators(0)), "compounding");
        handler.roll(0); // a block later
        handler.settleValidator(0);
        assertEq(handler.ghostClassCompoundings(), 1, "the settlement bonded the class's reward");
        handler.roll(0);
        handler.unstake(1, 0, 0); // all of it (actor 0), its own settlement compounding first
        handler.slash(0, 1 + ((0.1e18 - 0.1e18) << 4), 0); // operator 0 slashed for this block
        assertEq(bytes(handler.violation()).length, 0, handler.violation());
        string memory failure = handler.exitEveryone();
        assertEq(bytes(failure).length, 0, failure);
    }

    function test_redelegationThenSourceSlashBurnsAtTheDestination() public {
        PoolHandler handler = new PoolHandler();
        handler.stake(0, 0, 7 + (20_000 << 8)); // actor 0 stakes a whale's amount to operator 0
        handler.roll(0); // a block later
        handler.redelegate(0, 0, 1, 0); // all of it to operator 1
        assertEq(handler.ghostRedelegations(), 1, "the redelegation went through");
        // operator 0 slashed 50% for the oldest block of the window: before the move
        handler.slash(0, 1 + ((0.5e18 - 0.1e18) << 4), 1);
        handler.settleRedelegations(0);
        assertEq(handler.ghostLienBurns(), 1, "the lien was burned at the destination");
        assertEq(bytes(handler.violation()).length, 0, handler.violation());
        string memory failure = handler.exitEveryone();
        assertEq(bytes(failure).length, 0, failure); // everyone exits once the lock has matured
    }

    /// Two entries in one unbonding bucket, the bucket slashed, one entry withdrawn: the handler's
    /// check that a bucket's token-per-share rate never falls without a slash sees the withdrawal's
    /// rounding (a withdrawal that rounded up would lower the rate left to the other entry). The
    /// random campaign reaches this state only now and then (mutant 9 of docs/fuzzing.md).
    function test_withdrawalFromASlashedSharedBucketKeepsItsRate() public {
        PoolHandler handler = new PoolHandler();
        address first = handler.actors(0);
        address second = handler.actors(1);
        handler.stake(0, 0, 2 + (12_345_678_901 << 8)); // actor 0 stakes to operator 0
        handler.stake(1, 0, 2 + (98_765_432_109 << 8)); // actor 1 too
        handler.roll(0); // a block later
        handler.unstake(1, 0, 0); // actor 0 unstakes all of it
        handler.unstake(5, 0, 0); // actor 1 too, in the same block: the same bucket
        (, , uint256[] memory before) = handler.pool().unbondingOf(first);
        handler.slash(0, 1 + ((0.333333333333333333e18 - 0.1e18) << 4), 0); // a third, for this block
        (, , uint256[] memory slashed) = handler.pool().unbondingOf(first);
        assertTrue(slashed[0] < before[0], "the slash took from the bucket");
        handler.withdraw(0); // actor 0, once its entry has matured
        (, uint256[] memory left, ) = handler.pool().unbondingOf(first);
        assertEq(left.length, 0, "actor 0 withdrew");
        (, left, ) = handler.pool().unbondingOf(second);
        assertEq(left.length, 1, "actor 1's entry is still in the bucket");
        assertEq(bytes(handler.violation()).length, 0, handler.violation());
    }
}
