package dev.phasor.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class FollowersTest {

    /** b needs a, c needs b, y needs x; z needs a step of no message. */
    private static final Function<String, List<String>> UPSTREAM = step -> Map.of(
            "b", List.of("a"), "c", List.of("b"), "y", List.of("x"), "z", List.of("elsewhere")).getOrDefault(step,
            List.of());

    private static Order order(String step) {
        return new Order(step, 1);
    }

    @Test
    void aFollowerOfAStepThatFailedHereIsWithdrawnAndSoAreItsOwnFollowers() {
        Followers f = new Followers(UPSTREAM);
        assertTrue(f.runs(order("a")));
        f.ended(order("a"), false);
        assertFalse(f.runs(order("b")));
        assertFalse(f.runs(order("c")), "c follows the withdrawn b");
        assertTrue(f.runs(order("x")), "an order that follows nothing in the message runs");
        f.ended(order("x"), true);
        assertTrue(f.runs(order("y")));
        assertTrue(f.runs(order("z")), "an upstream step outside the message is the engine's business");
    }

    @Test
    void aMessageIsCutIntoChainsEachFollowerRightAfterTheStepItFollows() {
        List<Order> message = List.of(order("a"), order("x"), order("z"), order("b"), order("y"), order("c"));
        assertEquals(List.of(List.of(order("a"), order("b"), order("c")), List.of(order("x"), order("y")),
                List.of(order("z"))), Followers.chains(message, UPSTREAM));
    }
}
