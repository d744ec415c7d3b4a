package io.jprune.testmodels.woven;

/**
 * Forward methods of every shape javac produces, woven by the tests of the hook weaver in a class loader of
 * their own; no agent's module globs name this package, so the agent installed in the test JVM leaves them alone.
 */
public final class Forwards {
    private Forwards() {
    }

    /** One forward per argument and result type, all named {@code forward}, plus a method that is not one. */
    public static class EveryType {
        private final float[] weight = {1, 2};
        public int calls;

        public int forward(int x) {
            return x + 1;
        }

        public long forward(long x, int shift) {
            return x << shift;
        }

        public double forward(double x, float y) {
            return x + y;
        }

        public float forward(float x) {
            return x * weight[1];
        }

        public boolean forward(boolean b) {
            return !b;
        }

        public char forward(char c) {
            return (char) (c + 1);
        }

        public byte forward(byte b) {
            return (byte) -b;
        }

        public short forward(short s) {
            return (short) (s * 2);
        }

        public String forward(String s, long n, int[] counts) {
            return s + n + counts.length;
        }

        public void forward() {
            calls++;
        }

        public int predict(int x) {
            return x - 1;
        }

        public static int forward(String text) {
            return text.length();
        }
    }

    /** Several returns, inside loops and branches. */
    public static class EarlyReturns {
        public int forward(int x) {
            if (x < 0) {
                return -1;
            }
            for (int i = 0; i < 10; i++) {
                if (i * i >= x) {
                    return i;
                }
            }
            return 99;
        }
    }

    /** The app's own exception, out of the forward. */
    public static class Throwing {
        public float[] forward(float[] x) {
            if (x.length == 0) {
                throw new IllegalStateException("the app's own bug");
            }
            return x;
        }
    }

    /** An exception the forward catches itself: its handler, not the hook's, must get it. */
    public static class CatchesItsOwn {
        public int forward(String number) {
            try {
                return Integer.parseInt(number);
            } catch (NumberFormatException e) {
                return -1;
            } finally {
                number.length();
            }
        }
    }

    /** The first instruction is a branch target, so a stack map frame sits at offset 0 of the original code. */
    public static class LoopsFromTheStart {
        public int forward(int n) {
            do {
                n -= 3;
            } while (n > 0);
            return n;
        }
    }

    /** A synchronized forward. */
    public static class Synchronized {
        private int total;

        public synchronized int forward(int x) {
            total += x;
            return total;
        }
    }

    /** A module calling a child module's forward. */
    public static class Outer {
        private final Inner inner = new Inner();

        public int forward(int x) {
            return inner.forward(x) * 10;
        }
    }

    /** The child of {@link Outer}. */
    public static class Inner {
        public int forward(int x) {
            return x + 1;
        }
    }

    /** A forward whose subclass narrows the result type, which makes javac add a bridge method. */
    public static class Base {
        public Object forward(Object x) {
            return x;
        }
    }

    /** Holds the real {@code String forward(Object)} and the bridge {@code Object forward(Object)}. */
    public static class Narrowing extends Base {
        @Override
        public String forward(Object x) {
            return "narrowed " + x;
        }
    }

    /** An abstract forward: nothing to hook. */
    public abstract static class Abstract {
        public abstract int forward(int x);
    }

    /** An interface with a default forward: interfaces are not module classes. */
    public interface WithDefault {
        default int forward(int x) {
            return x;
        }
    }
}
