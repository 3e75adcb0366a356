package dev.dlt4j.examples;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the Java examples of a Markdown page and the marked examples of a Java source, so a test
 * can check that each example of a page is compiled code ({@code ReadmeTest}, {@code DocsTest},
 * {@code ArchitectureDocTest}).
 */
public final class DocBlocks {
    private DocBlocks() {
    }

    /** The bodies of the ```java fences, common indentation removed. */
    public static List<String> javaBlocks(String markdown) {
        List<String> blocks = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^```java\\n(.*?)^```$", Pattern.DOTALL).matcher(markdown);
        while (m.find()) {
            blocks.add(dedent(m.group(1)));
        }
        return blocks;
    }

    /** The text between {@code // doc:NAME} and {@code // end:NAME}, common indentation removed. */
    public static Map<String, String> markedExamples(String source) {
        Map<String, String> examples = new LinkedHashMap<>();
        Matcher m = Pattern.compile("(?m)^[ \\t]*// doc:(\\w+)\\n(.*?)^[ \\t]*// end:\\1$", Pattern.DOTALL)
                .matcher(source);
        while (m.find()) {
            examples.put(m.group(1), dedent(m.group(2)));
        }
        return examples;
    }

    private static String dedent(String text) {
        List<String> lines = text.lines().toList();
        int indent = lines.stream().filter(l -> !l.isBlank()).mapToInt(l -> l.length() - l.stripLeading().length())
                .min().orElse(0);
        StringBuilder out = new StringBuilder();
        for (String l : lines) {
            out.append(l.isBlank() ? "" : l.substring(indent)).append('\n');
        }
        return out.toString();
    }
}
