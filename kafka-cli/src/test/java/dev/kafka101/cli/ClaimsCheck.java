package dev.kafka101.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Keeps docs/claims.md honest, by plain source scanning: every {@code `Class#method`} it names must be a test method
 * in some module's {@code src/test/java}, and every test method tagged {@code @Tag("claim")} must be named there.
 *
 * <p>Rules: a class is known by its simple name (nested classes too); a method exists when its class's source file
 * declares {@code void method(}. A {@code @Tag("claim")} on a class makes each of its {@code @Test} methods a claim.
 */
final class ClaimsCheck {

    /** {@code `ClassName#methodName`} in a table row of claims.md. */
    private static final Pattern REFERENCE = Pattern.compile("`([A-Za-z_$][\\w$]*)#([A-Za-z_$][\\w$]*)`");

    private static final Pattern CLASS_DECLARATION =
            Pattern.compile("\\b(?:class|record|interface|enum)\\s+([A-Za-z_$][\\w$]*)");
    private static final Pattern CLAIM_TAG =
            Pattern.compile("@(?:org\\.junit\\.jupiter\\.api\\.)?Tag\\(\\s*(?:value\\s*=\\s*)?\"claim\"\\s*\\)");
    /** What may stand between an annotation and the declaration it annotates: more annotations and modifiers. */
    private static final Pattern AFTER_TAG = Pattern.compile(
            "\\G(?:\\s+|@[\\w.]+(?:\\((?:[^()]|\\([^()]*\\))*\\))?|public|protected|private|static|final|abstract)*?"
                    + "(?:\\b(class)\\s+([\\w$]+)|\\bvoid\\s+([\\w$]+)\\s*\\()");

    private static final Pattern TEST_METHOD = Pattern.compile(
            "@(?:Test|ParameterizedTest|RepeatedTest|TestFactory|TestTemplate)\\b(?:\\([^)]*\\))?"
                    + "(?:\\s+|@[\\w.]+(?:\\((?:[^()]|\\([^()]*\\))*\\))?|public|protected|private|static|final)*?\\bvoid\\s+([\\w$]+)\\s*\\(");

    record Source(Path file, String text) {}

    record Report(List<String> missing, List<String> unlisted, Set<String> referenced, Set<String> claimTests) {
        boolean ok() {
            return missing.isEmpty() && unlisted.isEmpty();
        }
    }

    private ClaimsCheck() {}

    /** Every {@code .java} file under any {@code <module>/src/test/java} below {@code root}. */
    static List<Source> testSources(Path root) {
        List<Source> sources = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            files.filter(p -> p.toString().endsWith(".java"))
                    .filter(p ->
                            root.relativize(p).toString().replace('\\', '/').matches("(?:[^/]+/)*src/test/java/.*"))
                    .filter(p -> !root.relativize(p)
                            .toString()
                            .replace('\\', '/')
                            .matches("(?:.*/)?(?:target|\\.git|node_modules)/.*"))
                    .forEach(p -> sources.add(new Source(p, read(p))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sources;
    }

    static Report check(String claimsMarkdown, List<Source> sources) {
        Set<String> referenced = new LinkedHashSet<>();
        for (String line : claimsMarkdown.split("\\R")) {
            if (line.strip().startsWith("|")) {
                Matcher m = REFERENCE.matcher(line);
                while (m.find()) {
                    referenced.add(m.group(1) + "#" + m.group(2));
                }
            }
        }

        List<String> missing = new ArrayList<>();
        for (String ref : referenced) {
            String cls = ref.substring(0, ref.indexOf('#'));
            String method = ref.substring(ref.indexOf('#') + 1);
            Pattern declaration = Pattern.compile("\\bvoid\\s+" + Pattern.quote(method) + "\\s*\\(");
            boolean exists = sources.stream()
                    .filter(s -> declaredClasses(s.text()).contains(cls))
                    .anyMatch(s -> declaration.matcher(stripComments(s.text())).find());
            if (!exists) {
                missing.add(ref);
            }
        }

        Set<String> claimTests = new TreeSet<>();
        for (Source s : sources) {
            claimTests.addAll(claimTests(s));
        }
        List<String> unlisted = new ArrayList<>();
        for (String test : claimTests) {
            // a tagged method is listed under its file's class or its nearest enclosing class
            boolean listed = test.contains("|")
                    ? Stream.of(test.split("\\|")).anyMatch(referenced::contains)
                    : referenced.contains(test);
            if (!listed) {
                unlisted.add(test.contains("|") ? test.substring(0, test.indexOf('|')) : test);
            }
        }
        return new Report(missing, unlisted, referenced, claimTests);
    }

    /** {@code Class#method} for each claim-tagged test of one file ({@code A#m|B#m} when the class is ambiguous). */
    private static Set<String> claimTests(Source s) {
        Set<String> result = new TreeSet<>();
        String text = stripComments(s.text());
        String fileClass = s.file().getFileName().toString().replaceFirst("\\.java$", "");
        Matcher tag = CLAIM_TAG.matcher(text);
        while (tag.find()) {
            Matcher target = AFTER_TAG.matcher(text);
            if (!target.find(tag.end())) {
                continue;
            }
            if (target.group(1) != null) {
                // the whole class is a claim: each of its test methods
                Matcher test = TEST_METHOD.matcher(text);
                int from = target.end();
                while (test.find(from)) {
                    result.add(name(fileClass, target.group(2), test.group(1)));
                    from = test.end();
                }
            } else {
                result.add(name(fileClass, enclosingClass(text, tag.start(), fileClass), target.group(3)));
            }
        }
        return result;
    }

    private static String name(String fileClass, String enclosing, String method) {
        return fileClass.equals(enclosing)
                ? fileClass + "#" + method
                : enclosing + "#" + method + "|" + fileClass + "#" + method;
    }

    private static String enclosingClass(String text, int position, String fallback) {
        Matcher m = CLASS_DECLARATION.matcher(text.substring(0, position));
        String last = fallback;
        while (m.find()) {
            last = m.group(1);
        }
        return last;
    }

    private static Set<String> declaredClasses(String text) {
        Set<String> names = new LinkedHashSet<>();
        Matcher m = CLASS_DECLARATION.matcher(stripComments(text));
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    private static String stripComments(String text) {
        // text blocks first (tests may hold Java source in them), then comments
        return text.replaceAll("(?s)\"\"\".*?\"\"\"", "\"\"")
                .replaceAll("(?s)/\\*.*?\\*/", " ")
                .replaceAll("(?m)//.*$", " ");
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
