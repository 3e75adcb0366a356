package dev.dlt4j;

/** How rows of a table are written: appended, replacing the table, merged by key, or skipped. */
public enum WriteDisposition {
    APPEND("append"),
    REPLACE("replace"),
    MERGE("merge"),
    SKIP("skip");

    private final String dltName;

    WriteDisposition(String dltName) {
        this.dltName = dltName;
    }

    public String dltName() {
        return dltName;
    }

    public static WriteDisposition fromDltName(String name) {
        for (WriteDisposition d : values()) {
            if (d.dltName.equalsIgnoreCase(name.trim())) {
                return d;
            }
        }
        throw new IllegalArgumentException("unknown write disposition '" + name
                + "'; allowed: append, replace, merge, skip");
    }

    @Override
    public String toString() {
        return dltName;
    }
}
