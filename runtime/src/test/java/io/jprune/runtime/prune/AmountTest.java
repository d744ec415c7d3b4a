package io.jprune.runtime.prune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** PyTorch's amount rules: tests 1–3 of its test file, the rounding table (spec §1.4) and the texts. */
class AmountTest {

    @Test
    void test1ValidatePruningAmountInit() {
        assertEquals("Invalid type for amount: I'm a string. Must be int or float.",
                assertThrows(IllegalArgumentException.class, () -> Amount.parse("I'm a string")).getMessage());
        for (String bad : new String[] {"1.1", "20.0", "-10"}) {
            assertThrows(IllegalArgumentException.class, () -> Amount.parse(bad), bad);
        }
        assertEquals("amount=1.1 should either be a float in the range [0, 1] or a non-negative integer",
                assertThrows(IllegalArgumentException.class, () -> Amount.parse("1.1")).getMessage());
        assertEquals("amount=20.0 should either be a float in the range [0, 1] or a non-negative integer",
                assertThrows(IllegalArgumentException.class, () -> Amount.parse("20.0")).getMessage());
        assertEquals("amount=-10 should either be a float in the range [0, 1] or a non-negative integer",
                assertThrows(IllegalArgumentException.class, () -> Amount.parse("-10")).getMessage());
        for (String good : new String[] {"0.34", "1500", "0", "0.0", "1", "1.0"}) {
            assertEquals(good, Amount.parse(good).toString());
        }
    }

    @Test
    void test2ValidatePruningAmount() {
        assertEquals("amount=20 should be smaller than the number of parameters to prune=19",
                assertThrows(IllegalArgumentException.class, () -> Amount.count(20).toCount(19)).getMessage());
        assertEquals(0, Amount.fraction(0.3).toCount(0));
        assertEquals(19, Amount.count(19).toCount(20));
        assertEquals(0, Amount.count(0).toCount(0));
        assertEquals(1, Amount.count(1).toCount(1));
    }

    @Test
    void test3ComputeNparamsToPrune() {
        assertEquals(0, Amount.count(0).toCount(15));
        assertEquals(10, Amount.count(10).toCount(15));
        assertEquals(1, Amount.count(1).toCount(15));
        assertEquals(15, Amount.fraction(1.0).toCount(15));
        assertEquals(7, Amount.fraction(0.4).toCount(17));
    }

    @Test
    void fractionsRoundHalfToEvenLikePython() {
        double[][] table = {{0.5, 5, 2}, {0.5, 3, 2}, {0.1, 5, 0}, {0.25, 2, 0}, {0.45, 10, 4}, {0.65, 10, 6},
            {0.3, 15, 4}, {0.7, 15, 10}, {0.35, 10, 4}, {0.4, 17, 7}, {0.3, 3, 1}, {0.2, 70, 14}, {0.1, 32, 3}};
        for (double[] row : table) {
            assertEquals((int) row[2], Amount.fraction(row[0]).toCount((int) row[1]), row[0] + " x " + row[1]);
        }
    }

    @Test
    void aCountAndAFractionAreDistinctTypes() {
        assertTrue(Amount.parse("1").isCount());
        assertFalse(Amount.parse("1.0").isCount());
        assertEquals(1, Amount.parse("1").toCount(10));
        assertEquals(10, Amount.parse("1.0").toCount(10));
        assertFalse(Amount.parse("1e-1").isCount());
        assertEquals(1, Amount.parse("1e-1").toCount(10));
        assertEquals("0.1", Amount.parse("1e-1").toString());
        assertEquals(Amount.count(3), Amount.parse("3"));
        assertEquals(Amount.fraction(0.5), Amount.parse(".5"));
        assertEquals("0.5", Amount.parse(" 0.5 ").toString());
    }

    @Test
    void nanPassesValidationButCannotBecomeACount() {
        Amount nan = Amount.parse("NaN");
        assertEquals("nan", nan.toString());
        assertEquals("amount=nan cannot be converted to a number of parameters to prune",
                assertThrows(IllegalArgumentException.class, () -> nan.toCount(10)).getMessage());
        assertEquals("amount=inf should either be a float in the range [0, 1] or a non-negative integer",
                assertThrows(IllegalArgumentException.class, () -> Amount.parse("inf")).getMessage());
    }

    @Test
    void amountsPrintAsPythonLiterals() {
        assertEquals("16", Amount.count(16).toString());
        assertEquals("0.3", Amount.fraction(0.3).toString());
        assertEquals("1.0", Amount.fraction(1).toString());
        assertEquals("0.0001", Amount.fraction(1e-4).toString());
        assertEquals("1e-05", Amount.fraction(1e-5).toString());
        assertEquals("-0.0", Amount.fraction(-0.0).toString());
        assertEquals("amount=1e+20 should either be a float in the range [0, 1] or a non-negative integer",
                assertThrows(IllegalArgumentException.class, () -> Amount.fraction(1e20)).getMessage());
        assertEquals("amount=123456.789 should either be a float in the range [0, 1] or a non-negative integer",
                assertThrows(IllegalArgumentException.class, () -> Amount.parse("123456.789")).getMessage());
        assertEquals("amount=99999999999999999999 should be smaller than the number of parameters to prune=5",
                assertThrows(IllegalArgumentException.class,
                        () -> Amount.parse("99999999999999999999").toCount(5)).getMessage());
    }

    @Test
    void textThatIsNoNumberIsATypeError() {
        assertEquals("Invalid type for amount: None. Must be int or float.",
                assertThrows(IllegalArgumentException.class, () -> Amount.parse(null)).getMessage());
        for (String bad : new String[] {"", "abc", "0x10", "1,5", "1.0f", "--1"}) {
            assertEquals("Invalid type for amount: " + bad + ". Must be int or float.",
                    assertThrows(IllegalArgumentException.class, () -> Amount.parse(bad)).getMessage());
        }
    }
}
