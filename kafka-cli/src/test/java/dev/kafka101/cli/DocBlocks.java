package dev.kafka101.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** The fenced code blocks of a markdown file: their tag ({@code bash}, {@code properties}, empty), lines and place. */
final class DocBlocks {

    record Block(Path file, int firstLine, String tag, List<String> lines) {
        /** README.md:47 — where the block's first line is (1-based). */
        String where() {
            return file.getFileName() + ":" + firstLine;
        }

        boolean isShell() {
            return List.of("bash", "sh", "shell").contains(tag);
        }

        /** The lines without the indentation they all share (a block inside a list item is indented). */
        List<String> dedented() {
            int indent = lines.stream()
                    .filter(l -> !l.isBlank())
                    .mapToInt(l -> l.length() - l.stripLeading().length())
                    .min()
                    .orElse(0);
            return lines.stream()
                    .map(l -> l.isBlank() ? "" : l.substring(indent))
                    .toList();
        }

        @Override
        public String toString() {
            return where() + " ```" + tag + "\n" + String.join("\n", lines);
        }
    }

    private static final Pattern FENCE = Pattern.compile("^\\s*```\\s*([\\w+-]*)\\s*$");

    private DocBlocks() {}

    static List<Block> of(Path markdown) {
        List<String> lines;
        try {
            lines = Files.readAllLines(markdown);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Block> blocks = new ArrayList<>();
        String tag = null;
        int start = 0;
        List<String> body = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            var fence = FENCE.matcher(lines.get(i));
            if (!fence.matches()) {
                if (tag != null) {
                    body.add(lines.get(i));
                }
            } else if (tag == null) {
                tag = fence.group(1);
                start = i + 2;
                body = new ArrayList<>();
            } else {
                blocks.add(new Block(markdown, start, tag, List.copyOf(body)));
                tag = null;
            }
        }
        if (tag != null) {
            throw new IllegalStateException(markdown + ": the code block from line " + start + " is never closed");
        }
        return blocks;
    }

    /** README.md and every docs/*.md of the repository. */
    static List<Block> ofRepository(Path root) {
        List<Block> blocks = new ArrayList<>(of(root.resolve("README.md")));
        try (var docs = Files.list(root.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(p -> blocks.addAll(of(p)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return blocks;
    }
}
