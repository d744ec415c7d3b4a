package io.jprune.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which known name a slip of the keyboard is taken for, and which slips are too far to guess. */
class SuggestionsTest {

    private static final List<String> COMMANDS = List.of("list", "models", "modules", "prune", "remove", "restore");

    @Test
    void oneSlipFindsTheName() {
        assertEquals(Optional.of("list"), Suggestions.nearest("lsit", COMMANDS), "a swapped pair is one slip");
        assertEquals(Optional.of("prune"), Suggestions.nearest("prun", COMMANDS));
        assertEquals(Optional.of("restore"), Suggestions.nearest("RESTORE", COMMANDS), "case does not count");
        assertEquals(Optional.of("modules"), Suggestions.nearest("modulse", COMMANDS));
    }

    @Test
    void farNamesAreNotGuessed() {
        assertEquals(Optional.empty(), Suggestions.nearest("frobnicate", COMMANDS));
        assertEquals(Optional.empty(), Suggestions.nearest("", COMMANDS));
        assertEquals(Optional.empty(), Suggestions.nearest("xy", COMMANDS));
    }

    @Test
    void distanceCountsEditsAndTranspositions() {
        assertEquals(0, Suggestions.distance("list", "list"));
        assertEquals(1, Suggestions.distance("lsit", "list"));
        assertEquals(2, Suggestions.distance("kitten", "sitteg"));
        assertEquals(3, Suggestions.distance("", "abc"));
        assertEquals("; did you mean '--amount'?", Suggestions.didYouMean("amout", List.of("amount", "dim"), "--"));
        assertEquals("", Suggestions.didYouMean("zzzzzz", List.of("amount", "dim"), "--"));
    }
}
