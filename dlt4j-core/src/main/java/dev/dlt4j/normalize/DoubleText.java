package dev.dlt4j.normalize;

/**
 * The shortest decimal text of a finite double, written straight into a byte buffer: the text
 * Jackson's {@code NumberOutput.toString(d, true)} gives (and {@code Double.toString} from JDK 19),
 * which jsonl job files have always held. The digits are chosen by Giulietti's Schubfach algorithm
 * ("The Schubfach way to render doubles", 2020): the decimal of fewest digits that reads back as the
 * same double, the closest to it when several qualify (an even last digit on a tie), never fewer
 * than two digits where one would do when searching a shorter one; the text is plain for
 * 10<sup>-3</sup> &le; |d| &lt; 10<sup>7</sup> ({@code 0.001}, {@code 123.0}) and computerized
 * scientific otherwise ({@code 1.0E7}, {@code 4.9E-324}).
 *
 * <p>It exists because Jackson's method builds an object, a byte array and a {@code String} per
 * double, which the writer then copied again: about a quarter of a FLAT row's normalize CPU (two
 * full-precision doubles a row). Here nothing is allocated, at half the time per double.
 * {@code DoubleTextTest} compares it with Jackson on a million values.
 */
final class DoubleText {
    /** Room {@link #write} needs: sign, 17 digits, point, {@code E-324}. */
    static final int MAX_BYTES = 25;

    private static final int MIN_EXPONENT = -1074; // of the binary significand's unit, subnormals included
    private static final long HIDDEN_BIT = 1L << 52;
    private static final long FRACTION_MASK = HIDDEN_BIT - 1;
    private static final long LOW_63 = Long.MAX_VALUE;
    private static final int K_LOWEST = DoubleTextPowers.K_LOWEST;
    private static final long[] POW10_HIGH = DoubleTextPowers.HIGH;
    private static final long[] POW10_LOW = DoubleTextPowers.LOW;
    private static final long[] POW10 = new long[18];
    private static final byte[] PAIRS = new byte[200];

    static {
        long p = 1;
        for (int i = 0; i < POW10.length; i++) {
            POW10[i] = p;
            p *= 10;
        }
        for (int i = 0; i < 100; i++) {
            PAIRS[2 * i] = (byte) ('0' + i / 10);
            PAIRS[2 * i + 1] = (byte) ('0' + i % 10);
        }
    }

    private DoubleText() {
    }

    /**
     * Writes the text of {@code v}, finite (the caller spells NaN and the infinities), into {@code buf}
     * at {@code pos}, which has {@link #MAX_BYTES} of room; returns the position after it.
     */
    static int write(double v, byte[] buf, int pos) {
        long bits = Double.doubleToRawLongBits(v);
        if (bits < 0) {
            buf[pos++] = '-';
        }
        long fraction = bits & FRACTION_MASK;
        int biased = (int) (bits >>> 52) & 0x7FF;
        if (biased == 0) {
            if (fraction == 0) {
                buf[pos] = '0';
                buf[pos + 1] = '.';
                buf[pos + 2] = '0';
                return pos + 3;
            }
            // subnormal; the tiniest ones scaled by ten so the search has digits to work with
            return fraction < 3 ? shortest(MIN_EXPONENT, 10 * fraction, -1, buf, pos)
                    : shortest(MIN_EXPONENT, fraction, 0, buf, pos);
        }
        long c = HIDDEN_BIT | fraction;
        int q = biased - 1075;
        if (q < 0 && q > -53) {
            // an integer below 2^53 is its own shortest decimal
            long integer = c >> -q;
            if (integer << -q == c) {
                return format(integer, 0, buf, pos);
            }
        }
        return shortest(q, c, 0, buf, pos);
    }

    /** The shortest decimal in the rounding interval of c 2<sup>q</sup>, then its text. */
    private static int shortest(int q, long c, int dk, byte[] buf, int pos) {
        // the interval's bounds, in units of 2^(q-2); it is closed when c is even (ties round to even)
        int open = (int) c & 1;
        long mid = c << 2;
        long upper = mid + 2;
        long lower;
        int k;
        if (c != HIDDEN_BIT || q == MIN_EXPONENT) {
            lower = mid - 2;
            k = floorLog10Pow2(q);
        } else {
            // a power of two: the double below is half as far as the one above
            lower = mid - 1;
            k = floorLog10ThreeQuartersPow2(q);
        }
        int shift = q + floorLog2Pow10(-k) + 2;
        long gHigh = POW10_HIGH[k - K_LOWEST];
        long gLow = POW10_LOW[k - K_LOWEST];
        // the three points times 10^-k, scaled by 4, rounded to odd (the lowest bit says "not exact")
        long vMid = scaledRoundOdd(gHigh, gLow, mid << shift);
        long vLower = scaledRoundOdd(gHigh, gLow, lower << shift);
        long vUpper = scaledRoundOdd(gHigh, gLow, upper << shift);
        long s = vMid >> 2;
        if (s >= 100) {
            // one digit fewer: is exactly one of the two multiples of ten around s inside the interval?
            long down = 10 * Math.multiplyHigh(s, 115_292_150_460_684_698L << 4);
            long up = down + 10;
            boolean downIn = vLower + open <= down << 2;
            boolean upIn = (up << 2) + open <= vUpper;
            if (downIn != upIn) {
                return format(downIn ? down : up, k, buf, pos);
            }
        }
        long t = s + 1;
        boolean sIn = vLower + open <= s << 2;
        boolean tIn = (t << 2) + open <= vUpper;
        if (sIn != tIn) {
            return format(sIn ? s : t, k + dk, buf, pos);
        }
        // both in: the closer one, the even one on a tie
        long cmp = vMid - ((s + t) << 1);
        return format(cmp < 0 || (cmp == 0 && (s & 1) == 0) ? s : t, k + dk, buf, pos);
    }

    /** cp g 2<sup>-127</sup> for g = gHigh 2<sup>63</sup> + gLow, with the lowest bit set if inexact. */
    private static long scaledRoundOdd(long gHigh, long gLow, long cp) {
        long x1 = Math.multiplyHigh(gLow, cp);
        long y0 = gHigh * cp;
        long y1 = Math.multiplyHigh(gHigh, cp);
        long z = (y0 >>> 1) + x1;
        long high = y1 + (z >>> 63);
        return high | ((z & LOW_63) + LOW_63) >>> 63;
    }

    /** floor(e log10 2), exact for |e| &le; 5,000,000 or so (checked over the doubles' range by the test). */
    static int floorLog10Pow2(int e) {
        return (int) (e * 661_971_961_083L >> 41);
    }

    /** floor(log10(3/4 2<sup>e</sup>)). */
    static int floorLog10ThreeQuartersPow2(int e) {
        return (int) (e * 661_971_961_083L - 274_743_187_321L >> 41);
    }

    /** floor(e log2 10). */
    static int floorLog2Pow10(int e) {
        return (int) (e * 913_124_641_741L >> 38);
    }

    /** Writes f 10<sup>e</sup> as Java spells a double: plain for 10^-3 &le; value &lt; 10^7, else d.dddEn. */
    private static int format(long f, int e, byte[] buf, int pos) {
        // the digits without trailing zeros
        while (f % 10 == 0) {
            f /= 10;
            e++;
        }
        int len = digitCount(f);
        int point = e + len; // value = 0.d1d2...dlen 10^point
        if (point > 0 && point <= 7) {
            if (len <= point) {
                pos = digits(f, len, buf, pos);
                for (int i = len; i < point; i++) {
                    buf[pos++] = '0';
                }
                buf[pos] = '.';
                buf[pos + 1] = '0';
                return pos + 2;
            }
            int end = digits(f, len, buf, pos + 1);
            // the integer part moves one to the left, making room for the point
            System.arraycopy(buf, pos + 1, buf, pos, point);
            buf[pos + point] = '.';
            return end;
        }
        if (point <= 0 && point > -3) {
            buf[pos++] = '0';
            buf[pos++] = '.';
            for (int i = point; i < 0; i++) {
                buf[pos++] = '0';
            }
            return digits(f, len, buf, pos);
        }
        // d.ddd (at least one digit after the point), E, the exponent without leading zeros
        int end = digits(f, len, buf, pos + 1);
        buf[pos] = buf[pos + 1];
        buf[pos + 1] = '.';
        if (len == 1) {
            buf[end++] = '0';
        }
        buf[end++] = 'E';
        int exp = point - 1;
        if (exp < 0) {
            buf[end++] = '-';
            exp = -exp;
        }
        if (exp >= 100) {
            buf[end++] = (byte) ('0' + exp / 100);
            exp %= 100;
            buf[end++] = PAIRS[2 * exp];
            buf[end++] = PAIRS[2 * exp + 1];
        } else if (exp >= 10) {
            buf[end++] = PAIRS[2 * exp];
            buf[end++] = PAIRS[2 * exp + 1];
        } else {
            buf[end++] = (byte) ('0' + exp);
        }
        return end;
    }

    /** The number of decimal digits of {@code f} &gt; 0 (at most 18). */
    private static int digitCount(long f) {
        int len = floorLog10Pow2(64 - Long.numberOfLeadingZeros(f));
        return f >= POW10[len] ? len + 1 : len;
    }

    /** Writes the {@code len} digits of {@code f} at {@code pos}, two at a time from the right; returns the end. */
    private static int digits(long f, int len, byte[] buf, int pos) {
        int p = pos + len;
        int rest;
        if (f >= 100_000_000L) {
            // the low eight digits in int arithmetic, then the (at most nine) high ones
            long high = f / 100_000_000L;
            int low = (int) (f - high * 100_000_000L);
            for (int i = 0; i < 4; i++) {
                int q = low / 100;
                int r = low - q * 100;
                buf[--p] = PAIRS[2 * r + 1];
                buf[--p] = PAIRS[2 * r];
                low = q;
            }
            rest = (int) high;
        } else {
            rest = (int) f;
        }
        while (rest >= 100) {
            int q = rest / 100;
            int r = rest - q * 100;
            buf[--p] = PAIRS[2 * r + 1];
            buf[--p] = PAIRS[2 * r];
            rest = q;
        }
        if (rest >= 10) {
            buf[--p] = PAIRS[2 * rest + 1];
            buf[--p] = PAIRS[2 * rest];
        } else {
            buf[--p] = (byte) ('0' + rest);
        }
        return pos + len;
    }
}
