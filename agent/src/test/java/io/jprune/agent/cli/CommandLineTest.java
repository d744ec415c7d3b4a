package io.jprune.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CommandLineTest {

    @Test
    void optionsMayComeAnywhereAndTakeNegativeValues() throws UsageException {
        CommandLine line = CommandLine.parse("--json", "prune", "42", "--dim", "-1", "ln_structured", "conv1.weight",
                "--amount=0.5", "--n", "2");
        assertEquals(Optional.of("prune"), line.command());
        assertEquals(List.of("42", "ln_structured", "conv1.weight"), line.positionals());
        assertEquals(42L, line.pid());
        assertEquals(Optional.of(-1), line.intOption("dim"));
        assertEquals(Optional.of("0.5"), line.option("amount"));
        assertEquals(Optional.of("2"), line.option("n"));
        assertTrue(line.json());
        assertFalse(line.help());
        assertEquals(Set.of("dim", "amount", "n", "json"), line.optionNames());
    }

    @Test
    void doubleDashEndsOptions() throws UsageException {
        CommandLine line = CommandLine.parse("tensor", "42", "--", "--weird-name");
        assertEquals(List.of("42", "--weird-name"), line.positionals());
    }

    @Test
    void emptyModuleNameIsAPositional() throws UsageException {
        assertEquals(Optional.of(""), CommandLine.parse("parameters", "42", "").positional(1));
    }

    @Test
    void aLongOptionWithOneDashIsRecognised() throws UsageException {
        CommandLine line = CommandLine.parse("prune", "42", "l1_unstructured", "conv1.weight", "-amount", "0.5",
                "--dim", "-1", "-json");
        assertEquals(Optional.of("0.5"), line.option("amount"));
        assertEquals(Optional.of("-1"), line.option("dim"), "a negative number stays a value");
        assertEquals(true, line.json());
        assertEquals(Optional.of("-"), CommandLine.parse("prune", "-").positional(0), "a lone dash is stdin");
        assertEquals("conv1.weight", CommandLine.parse("prune", "42", "conv1", "--name", "weight").parameter(1));
    }

    @Test
    void refusesMalformedOptions() {
        assertEquals("--amount needs a value",
                assertThrows(UsageException.class, () -> CommandLine.parse("prune", "--amount")).getMessage());
        assertEquals("--seed given twice", assertThrows(UsageException.class,
                () -> CommandLine.parse("prune", "--seed", "1", "--seed=2")).getMessage());
        assertEquals("unknown option --ammount; did you mean '--amount'?",
                assertThrows(UsageException.class, () -> CommandLine.parse("prune", "--ammount", "1")).getMessage());
        assertEquals("--json takes no value",
                assertThrows(UsageException.class, () -> CommandLine.parse("list", "--json=yes")).getMessage());
    }

    @Test
    void numbersAreChecked() throws UsageException {
        assertEquals("--seed must be an integer, got '1.5'", assertThrows(UsageException.class,
                () -> CommandLine.parse("x", "--seed", "1.5").longOption("seed")).getMessage());
        assertEquals("<pid> must be a positive process id, got '-3'", assertThrows(UsageException.class,
                () -> CommandLine.parse("x", "--", "-3").pid()).getMessage());
        assertEquals("<pid> must be a positive process id, got '0'",
                assertThrows(UsageException.class, () -> CommandLine.parse("x", "0").pid()).getMessage());
        assertEquals(Optional.of(9_000_000_000L), CommandLine.parse("x", "--seed", "9000000000").longOption("seed"));
        assertEquals(Optional.empty(), CommandLine.parse("x").intOption("dim"));
    }

    @Test
    void helpFlagsAndNoCommand() throws UsageException {
        assertTrue(CommandLine.parse("-h").help());
        assertTrue(CommandLine.parse("prune", "--help").help());
        assertEquals(Optional.empty(), CommandLine.parse().command());
    }
}
