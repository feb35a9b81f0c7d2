package io.anytask.itest.leaks.internal;

/**
 * A class that {@link LeakMetaspace} defines again and again, each time in a class loader of its own. It refers to
 * {@code java.lang} only, so that a loader whose parent is the platform class loader can link it; its methods give
 * each copy some metaspace weight.
 */
public final class Filler {
    private Filler() {
    }

    /** @return a sum, so that the method has code */
    public static long one(long a, long b) {
        return a + b * 3 + (a ^ b);
    }

    /** @return a text, so that the method has code and constants */
    public static String two(String s, int n) {
        return s.repeat(n) + "filler-two" + n;
    }

    /** @return a count, so that the method has a loop */
    public static int three(int[] values) {
        int count = 0;
        for (int v : values) {
            if (v % 7 == 3) {
                count++;
            }
        }
        return count;
    }

    /** @return a choice, so that the method has a switch */
    public static String four(int n) {
        switch (n) {
            case 1:
                return "one";
            case 2:
                return "two";
            case 3:
                return "three";
            default:
                return "many: " + n;
        }
    }
}
