package dev.kafka101.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The commands of docs/cli.md: every line inside a fenced code block that starts with {@code bin/}, followed by the
 * lines starting with {@code >} (what is typed into the console producer).
 */
final class CliDoc {

    record Command(String script, List<String> args, List<String> typedLines, String line) {
        boolean has(String arg) {
            return args.contains(arg);
        }

        /** The value after {@code option}, or null. */
        String value(String option) {
            int i = args.indexOf(option);
            return i >= 0 && i + 1 < args.size() ? args.get(i + 1) : null;
        }

        @Override
        public String toString() {
            return line;
        }
    }

    private CliDoc() {}

    static List<Command> commands(Path markdown) {
        List<String> lines;
        try {
            lines = Files.readAllLines(markdown);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Command> commands = new ArrayList<>();
        boolean inBlock = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.startsWith("```")) {
                inBlock = !inBlock;
                continue;
            }
            if (!inBlock || !line.startsWith("bin/")) {
                continue;
            }
            List<String> words = Arrays.asList(line.split("\\s+"));
            List<String> typed = new ArrayList<>();
            while (i + 1 < lines.size() && lines.get(i + 1).strip().startsWith(">")) {
                typed.add(lines.get(++i).strip().substring(1));
            }
            commands.add(new Command(
                    words.get(0).substring("bin/".length()),
                    List.copyOf(words.subList(1, words.size())),
                    List.copyOf(typed),
                    line));
        }
        return commands;
    }
}
