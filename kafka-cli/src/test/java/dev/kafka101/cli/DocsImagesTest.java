package dev.kafka101.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kafka101.local.junit.RepoRoot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/**
 * The diagrams of docs/img stay in step with the pages: each SVG is shown by some page (README.md or docs/), each
 * image a page shows exists, and each SVG is well-formed XML with an svg root (so browsers and GitHub render it).
 */
class DocsImagesTest {
    /** ![alt](path) in Markdown, and src="path" in inline HTML. */
    private static final Pattern IMAGE =
            Pattern.compile("!\\[[^\\]]*]\\(([^)\\s]+)[^)]*\\)|<img[^>]*\\ssrc=\"([^\"]+)\"");

    private final Path root = RepoRoot.find();

    @Test
    void everyDiagramInDocsImgIsShownByAPageAndEveryImageAPageShowsExists() throws IOException {
        Set<Path> shown = new TreeSet<>();
        List<String> missing = new ArrayList<>();
        for (Path page : pages()) {
            Matcher m = IMAGE.matcher(Files.readString(page));
            while (m.find()) {
                String ref = m.group(1) != null ? m.group(1) : m.group(2);
                if (ref.matches("^[a-z]+:.*")) {
                    continue; // an address on the web (a badge), not a file of this repository
                }
                Path image =
                        page.getParent().resolve(ref.replaceFirst("#.*$", "")).normalize();
                shown.add(image);
                if (!Files.isRegularFile(image)) {
                    missing.add(root.relativize(page) + " shows " + ref);
                }
            }
        }
        List<Path> diagrams = diagrams();
        System.out.printf("%d diagrams in docs/img, %d images shown by the pages%n", diagrams.size(), shown.size());
        assertThat(diagrams).as("SVG files in docs/img").isNotEmpty();
        assertThat(missing).as("images shown by a page that do not exist").isEmpty();
        assertThat(diagrams)
                .as("every docs/img/*.svg is shown by some page (README.md or docs/**/*.md)")
                .allSatisfy(svg -> assertThat(shown).contains(svg.normalize()));
    }

    @Test
    void everyDiagramIsWellFormedSvg() throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        for (Path svg : diagrams()) {
            Document doc = factory.newDocumentBuilder().parse(svg.toFile());
            assertThat(doc.getDocumentElement().getLocalName())
                    .as(svg + ": root element")
                    .isEqualTo("svg");
            assertThat(doc.getDocumentElement().getNamespaceURI())
                    .as(svg + ": namespace")
                    .isEqualTo("http://www.w3.org/2000/svg");
            assertThat(Files.size(svg))
                    .as(svg + ": bytes (a diagram of the docs stays small)")
                    .isLessThan(64 * 1024);
        }
    }

    private List<Path> pages() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(root.resolve("README.md")));
        try (Stream<Path> files = Files.walk(root.resolve("docs"))) {
            files.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        return pages;
    }

    private List<Path> diagrams() throws IOException {
        Path img = root.resolve("docs/img");
        if (!Files.isDirectory(img)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(img)) {
            return files.filter(p -> p.toString().endsWith(".svg")).sorted().toList();
        }
    }
}
