package dev.kafka101.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What makes a shell block of the docs fail when pasted, found without running it: a syntax error ({@code bash -n}),
 * a broken line continuation, a {@code <placeholder>} (a redirection to bash), a {@code bin/} script, Maven module or
 * demo class that does not exist, a flag in {@code -Dexec.args} the demo does not know. Also: a block of commands
 * without a {@code bash} tag (it would escape these checks).
 */
final class ShellBlockCheck {

    /** The first line of an untagged block that is a command rather than output. */
    private static final Pattern COMMAND_START =
            Pattern.compile("^(\\./mvnw|mvn|bin/|export |kafka-[\\w-]+\\.sh|docker|curl |java |cd |KAFKA\\w*=)");

    private static final Pattern PLACEHOLDER = Pattern.compile("(?<![\\w\"'=])<[A-Za-z][\\w .-]*>");
    private static final Pattern PROJECT_IMPORT = Pattern.compile("(?m)^import (dev\\.kafka101\\.[\\w.]+);");
    private static final Pattern MAIN_CLASS = Pattern.compile("-Dexec\\.mainClass=([\\w.$]+)");
    private static final Pattern EXEC_ARGS = Pattern.compile("-Dexec\\.args=(?:\"([^\"]*)\"|'([^']*)'|(\\S+))");
    private static final Pattern MODULE = Pattern.compile("(?:^|\\s)-pl\\s+([\\w.-]+)");
    private static final Pattern POM_MAIN_CLASS = Pattern.compile("<exec\\.mainClass>([\\w.$]+)</exec\\.mainClass>");
    private static final Pattern BIN_SCRIPT = Pattern.compile("(?:^|\\s)(bin/[\\w.-]+)");

    private final Path root;
    /** Where the flags every demo shares are declared (--bootstrap-server, --command-config, --help, ...). */
    private final List<Path> sharedFlagSources;

    ShellBlockCheck(Path root) {
        this.root = root;
        Path local = root.resolve("kafka-local/src/main/java/dev/kafka101/local");
        this.sharedFlagSources = List.of(local.resolve("CommandLine.java"), local.resolve("KafkaConnection.java"));
    }

    /** Every problem of {@code block}, one line each; empty when it would run as pasted (or is not shell). */
    List<String> problems(DocBlocks.Block block) {
        List<String> problems = new ArrayList<>();
        if (!block.isShell()) {
            Optional<String> first = block.lines().stream()
                    .map(String::strip)
                    .filter(l -> !l.isEmpty())
                    .findFirst();
            if (block.tag().isEmpty()
                    && first.isPresent()
                    && COMMAND_START.matcher(first.get()).find()) {
                problems.add(block.where() + ": a block of commands without a tag: make it ```bash (so it is checked)");
            }
            return problems;
        }
        List<String> lines = withoutTypedInput(block.dedented());
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            String at = block.where() + " line " + (i + 1) + ": ";
            boolean continues = line.endsWith("\\");
            if (line.matches(".*\\\\[ \\t]+$")) {
                problems.add(at + "spaces after the \\ at the end: the next line does not continue this one");
            }
            if (continues && (i + 1 == lines.size() || lines.get(i + 1).isBlank())) {
                problems.add(at + "ends with \\ but no line follows: a broken continuation");
            }
            boolean indented = !line.isBlank() && Character.isWhitespace(line.charAt(0));
            if (i > 0 && indented && !lines.get(i - 1).endsWith("\\")) {
                problems.add(at + "indented like a continuation, but the line above does not end with \\: pasted, it"
                        + " runs as a command of its own: " + line.strip());
            }
            Matcher placeholder = PLACEHOLDER.matcher(line.replaceAll("#.*$", ""));
            if (placeholder.find()) {
                problems.add(at + placeholder.group() + " is a redirection to bash: use a variable or a real value");
            }
        }
        String syntax = bashSyntaxError(String.join("\n", lines) + "\n");
        if (syntax != null) {
            problems.add(block.where() + ": bash -n: " + syntax);
        }
        for (String command : commands(lines)) {
            problems.addAll(commandProblems(block.where(), command));
        }
        return problems;
    }

    /** The logical commands: continuation lines joined, comments dropped. */
    static List<String> commands(List<String> lines) {
        List<String> commands = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : lines) {
            String code = line.strip().startsWith("#") ? "" : line;
            if (code.endsWith("\\")) {
                current.append(code, 0, code.length() - 1).append(' ');
                continue;
            }
            current.append(code);
            if (!current.toString().isBlank()) {
                commands.add(current.toString().strip());
            }
            current.setLength(0);
        }
        if (!current.toString().isBlank()) {
            commands.add(current.toString().strip());
        }
        return commands;
    }

    private List<String> commandProblems(String where, String command) {
        List<String> problems = new ArrayList<>();
        String shown = command.length() > 100 ? command.substring(0, 100) + "…" : command;
        if (command.matches("^kafka-[\\w-]+\\.sh\\b.*")) {
            problems.add(where + ": " + command.split("\\s")[0] + " needs a Kafka download on the PATH: this repository"
                    + " runs Kafka's tools as bin/" + command.split("\\s")[0] + ": " + shown);
        }
        Matcher script = BIN_SCRIPT.matcher(command);
        while (script.find()) {
            Path file = root.resolve(script.group(1));
            if (!Files.isRegularFile(file) || !Files.isExecutable(file)) {
                problems.add(
                        where + ": " + script.group(1) + " is not an executable script of this repository: " + shown);
            }
        }
        if (!command.matches("^(\\./mvnw|mvn)\\s.*")) {
            return problems;
        }
        Matcher module = MODULE.matcher(command);
        Path pom = root.resolve("pom.xml");
        if (module.find()) {
            pom = root.resolve(module.group(1)).resolve("pom.xml");
            if (!Files.isRegularFile(pom)) {
                problems.add(where + ": -pl " + module.group(1) + " is not a module of this repository: " + shown);
                return problems;
            }
        }
        if (!command.contains("exec:java")) {
            return problems;
        }
        Matcher main = MAIN_CLASS.matcher(command);
        String mainClass = main.find() ? main.group(1) : defaultMainClass(pom);
        Optional<Path> source = sourceOf(mainClass);
        if (source.isEmpty()) {
            problems.add(
                    where + ": no class " + mainClass + " in any module's src/main/java or src/test/java: " + shown);
            return problems;
        }
        Matcher args = EXEC_ARGS.matcher(command);
        if (args.find()) {
            String value = Stream.of(args.group(1), args.group(2), args.group(3))
                    .filter(s -> s != null)
                    .findFirst()
                    .orElse("");
            String known = read(source.get())
                    + flagSpecsImportedBy(read(source.get()))
                    + sharedFlagSources.stream().map(ShellBlockCheck::read).reduce("", String::concat);
            for (String word : value.split("\\s+")) {
                String flag = word.contains("=") ? word.substring(0, word.indexOf('=')) : word;
                if (flag.startsWith("--") && !known.contains("\"" + flag + "\"")) {
                    String demo = mainClass.substring(mainClass.lastIndexOf('.') + 1);
                    problems.add(where + ": " + demo + " has no flag " + flag + " (not in "
                            + root.relativize(source.get()) + " nor the shared CommandLine flags)");
                }
            }
        }
        return problems;
    }

    private String defaultMainClass(Path pom) {
        for (Path p : List.of(pom, root.resolve("pom.xml"))) {
            Matcher m = POM_MAIN_CLASS.matcher(read(p));
            if (m.find()) {
                return m.group(1);
            }
        }
        return "(no exec.mainClass in " + root.relativize(pom) + ")";
    }

    /** The sources of the project's classes a main imports: a lab may declare its flags in a support class. */
    private String flagSpecsImportedBy(String mainSource) {
        StringBuilder sb = new StringBuilder();
        Matcher imports = PROJECT_IMPORT.matcher(mainSource);
        while (imports.find()) {
            sourceOf(imports.group(1)).ifPresent(p -> sb.append(read(p)));
        }
        return sb.toString();
    }

    /** The source of a main in any module: src/main/java, or src/test/java for a {@code test-compile exec:java} run. */
    private Optional<Path> sourceOf(String className) {
        String file = className.replace('.', '/').replaceAll("\\$.*", "") + ".java";
        try (Stream<Path> modules = Files.list(root)) {
            return modules.flatMap(m -> Stream.of(
                            m.resolve("src/main/java").resolve(file),
                            m.resolve("src/test/java").resolve(file)))
                    .filter(Files::isRegularFile)
                    .findFirst();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Lines starting with {@code >} right after a command are what docs/cli.md has you type into a console tool. */
    private static List<String> withoutTypedInput(List<String> lines) {
        List<String> result = new ArrayList<>();
        for (String line : lines) {
            if (line.startsWith(">")
                    && !result.isEmpty()
                    && !result.get(result.size() - 1).isBlank()) {
                continue;
            }
            result.add(line);
        }
        return result;
    }

    /** {@code bash -n}: null when the text parses, else bash's complaint. */
    static String bashSyntaxError(String script) {
        try {
            Process bash =
                    new ProcessBuilder("bash", "-n").redirectErrorStream(true).start();
            try (var in = bash.getOutputStream()) {
                in.write(script.getBytes(StandardCharsets.UTF_8));
            }
            String output = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!bash.waitFor(10, TimeUnit.SECONDS)) {
                bash.destroyForcibly();
                return "bash -n did not finish within 10 s";
            }
            return bash.exitValue() == 0 ? null : output.replace('\n', ' ');
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run bash", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
