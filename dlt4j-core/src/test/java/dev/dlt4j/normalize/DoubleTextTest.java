package dev.dlt4j.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.io.NumberOutput;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link DoubleText} writes the bytes Jackson's fast double writer ({@code NumberOutput.toString(d,
 * true)}, what jsonl job files held before) writes, for every kind of finite double.
 */
class DoubleTextTest {
    private final byte[] buf = new byte[64];

    private void same(double d) {
        if (!Double.isFinite(d)) {
            return; // the caller spells NaN and the infinities
        }
        int end = DoubleText.write(d, buf, 7);
        String got = new String(buf, 7, end - 7, StandardCharsets.US_ASCII);
        String want = NumberOutput.toString(d, true);
        if (!got.equals(want)) {
            assertThat(got).as("bits %016x", Double.doubleToRawLongBits(d)).isEqualTo(want);
        }
    }

    @Test
    void edgesAndFormats() {
        double[] edges = {0.0, -0.0, Double.MIN_VALUE, -Double.MIN_VALUE, 2 * Double.MIN_VALUE, 3 * Double.MIN_VALUE,
            Double.MIN_NORMAL, Math.nextDown(Double.MIN_NORMAL), Double.MAX_VALUE, -Double.MAX_VALUE, 1.0, -1.0, 0.1,
            0.2, 0.1 + 0.2, 1e-3, Math.nextDown(1e-3), 1e7, Math.nextDown(1e7), 9999999.999, 1e-4, 0.01, 123.0, 100.0,
            1e21, 1e22, 1e23, 2e23, 5e-324, 9007199254740991.0, 9007199254740992.0, 9007199254740993.0, 4.35, 2.0E-3,
            1.0E-5, 1.7976931348623157E308, 4.9E-324, 2.2250738585072014E-308, 0.3, 2.9802322387695312E-8};
        for (double d : edges) {
            same(d);
            same(-d);
            same(Math.nextUp(d));
            same(Math.nextDown(d));
        }
    }

    @Test
    void powersOfTwoAndTenAndIntegers() {
        for (int e = -1074; e <= 1023; e++) {
            double p = Math.scalb(1.0, e);
            same(p);
            same(Math.nextUp(p));
            same(Math.nextDown(p));
            same(p * 3);
        }
        for (int e = -325; e <= 308; e++) {
            double p = Double.parseDouble("1e" + e);
            same(p);
            same(Math.nextUp(p));
            same(Math.nextDown(p));
        }
        for (long i = -20_000; i <= 20_000; i++) {
            same(i);
        }
    }

    /** The bench's FLAT values: a multiple of 0.37 and a seventh, 2 per row. */
    @Test
    void flatDatasetValues() {
        for (long i = 0; i < 100_000; i++) {
            same(i * 0.37);
            same((i % 1000) / 7.0);
        }
    }

    @Test
    void randomBitsShortDecimalsAndSubnormals() {
        SplittableRandom random = new SplittableRandom(20_261_202);
        for (int i = 0; i < 300_000; i++) {
            same(Double.longBitsToDouble(random.nextLong())); // any bits; NaN and the infinities skipped
        }
        for (int i = 0; i < 50_000; i++) {
            same(Double.longBitsToDouble(random.nextLong() >>> random.nextInt(12, 64)));
        }
        for (int i = 0; i < 150_000; i++) {
            // a decimal of 1 to 17 digits at any scale, and the doubles next to it
            int digits = random.nextInt(1, 18);
            long unscaled = random.nextLong(1, BigInteger.TEN.pow(digits).longValueExact());
            double d = new BigDecimal(BigInteger.valueOf(unscaled), random.nextInt(-300, 330)).doubleValue();
            same(d);
            same(Math.nextUp(d));
            same(Math.nextDown(d));
        }
        for (int i = 0; i < 50_000; i++) {
            // amounts with cents, the commonest doubles in data
            same(random.nextLong(-100_000_000_00L, 100_000_000_00L) / 100.0);
        }
    }

    /** The integer approximations of logarithms hold over the whole range the algorithm uses them. */
    @Test
    void logarithmApproximationsAreExact() {
        for (int e = -1100; e <= 1100; e++) {
            assertThat(DoubleText.floorLog10Pow2(e)).as("floor(log10(2^%d))", e).isEqualTo(floorLog10(pow2(e, 1)));
            assertThat(DoubleText.floorLog10ThreeQuartersPow2(e)).as("floor(log10(3/4 2^%d))", e)
                    .isEqualTo(floorLog10(pow2(e, 3).divide(BigDecimal.valueOf(4))));
        }
        for (int e = -400; e <= 400; e++) {
            BigDecimal p = e >= 0 ? new BigDecimal(BigInteger.TEN.pow(e)) : BigDecimal.ONE.movePointLeft(-e);
            int floorLog2 = 0;
            // largest n with 2^n <= 10^e
            floorLog2 = (int) Math.floor(e * (Math.log(10) / Math.log(2))) + 1;
            while (pow2(floorLog2, 1).compareTo(p) > 0) {
                floorLog2--;
            }
            assertThat(DoubleText.floorLog2Pow10(e)).as("floor(log2(10^%d))", e).isEqualTo(floorLog2);
        }
    }

    /** The powers of ten are floor(&beta;) + 1 for 10^-k = &beta; 2^r, 2^125 &le; &beta; &lt; 2^126, exactly. */
    @Test
    void powersOfTenAreExact() {
        BigInteger low63 = BigInteger.ONE.shiftLeft(63).subtract(BigInteger.ONE);
        int n = DoubleTextPowers.K_HIGHEST - DoubleTextPowers.K_LOWEST + 1;
        assertThat(DoubleTextPowers.HIGH).hasSize(n);
        assertThat(DoubleTextPowers.LOW).hasSize(n);
        for (int k = DoubleTextPowers.K_LOWEST; k <= DoubleTextPowers.K_HIGHEST; k++) {
            int e = -k;
            BigInteger p = BigInteger.TEN.pow(Math.abs(e));
            // the r that puts beta in [2^125, 2^126), searched rather than taken from the code under test
            int r = e >= 0 ? p.bitLength() - 126 : -(125 + p.bitLength());
            BigInteger beta;
            while (true) {
                beta = e >= 0 ? (r >= 0 ? p.shiftRight(r) : p.shiftLeft(-r)) : BigInteger.ONE.shiftLeft(-r).divide(p);
                if (beta.bitLength() > 126) {
                    r++;
                } else if (beta.bitLength() < 126) {
                    r--;
                } else {
                    break;
                }
            }
            BigInteger g = beta.add(BigInteger.ONE);
            int i = k - DoubleTextPowers.K_LOWEST;
            assertThat(DoubleTextPowers.HIGH[i]).as("high bits of 10^%d", e)
                    .isEqualTo(g.shiftRight(63).longValueExact());
            assertThat(DoubleTextPowers.LOW[i]).as("low bits of 10^%d", e).isEqualTo(g.and(low63).longValueExact());
        }
    }

    private static BigDecimal pow2(int e, int times) {
        BigDecimal t = BigDecimal.valueOf(times);
        return e >= 0 ? t.multiply(new BigDecimal(BigInteger.TWO.pow(e)))
                : t.divide(new BigDecimal(BigInteger.TWO.pow(-e)));
    }

    /** floor(log10(x)) for x &gt; 0, exactly. */
    private static int floorLog10(BigDecimal x) {
        return x.precision() - x.scale() - 1;
    }
}
