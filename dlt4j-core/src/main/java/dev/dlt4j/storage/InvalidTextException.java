package dev.dlt4j.storage;

import java.util.Locale;

/**
 * A string holds a lone UTF-16 surrogate: half of a character, which UTF-8 cannot encode and no
 * destination can store (Java would silently write {@code ?}). Raised by {@link RowFileWriter} at
 * extract; the extractor names the table and column. The value itself is not in the message.
 */
public final class InvalidTextException extends IllegalArgumentException {
    private final int index;

    InvalidTextException(char codeUnit, int index) {
        super(String.format(Locale.ROOT, "the text holds a lone UTF-16 surrogate \\u%04X at index %d (half of a"
                + " character: no destination can store it); repair the text in the resource, e.g. replace it"
                + " with U+FFFD", (int) codeUnit, index));
        this.index = index;
    }

    /** Where the surrogate is, in UTF-16 code units from the start of the string. */
    public int index() {
        return index;
    }

    /** The index of the first lone surrogate of {@code s}, or -1. */
    static int loneSurrogate(String s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                } else {
                    return i;
                }
            }
        }
        return -1;
    }
}
