package dev.kafka101.bench;

import dev.kafka101.basics.report.HtmlPage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The lab report: sections of tables, charts and a "what this means" paragraph, written as HTML and Markdown. */
final class Report {
    /** One section: a title, what was run, a table, an optional chart (inline SVG), and what the numbers mean. */
    static final class Section {
        final String title;
        String setup = "";
        final List<String> header = new ArrayList<>();
        final List<List<String>> rows = new ArrayList<>();
        String svg = "";
        String meaning = "";

        Section(String title) {
            this.title = title;
        }

        Section setup(String text) {
            this.setup = text;
            return this;
        }

        Section header(String... cells) {
            header.addAll(List.of(cells));
            return this;
        }

        Section row(Object... cells) {
            List<String> r = new ArrayList<>();
            for (Object c : cells) {
                r.add(String.valueOf(c));
            }
            rows.add(r);
            return this;
        }

        Section svg(String svg) {
            this.svg = svg;
            return this;
        }

        Section meaning(String text) {
            this.meaning = text;
            return this;
        }
    }

    private final String title;
    private final List<String[]> facts = new ArrayList<>();
    private final List<Section> sections = new ArrayList<>();

    Report(String title) {
        this.title = title;
    }

    void fact(String name, String value) {
        facts.add(new String[] {name, value});
    }

    void add(Section s) {
        sections.add(s);
    }

    String markdown() {
        StringBuilder md = new StringBuilder("# ").append(title).append("\n\n");
        md.append("| machine / run | |\n|---|---|\n");
        for (String[] f : facts) {
            md.append("| ").append(f[0]).append(" | ").append(f[1]).append(" |\n");
        }
        for (Section s : sections) {
            md.append("\n## ").append(s.title).append("\n\n");
            if (!s.setup.isEmpty()) {
                md.append(s.setup).append("\n\n");
            }
            if (!s.header.isEmpty()) {
                md.append("| ").append(String.join(" | ", s.header)).append(" |\n|");
                md.append("---|".repeat(s.header.size())).append("\n");
                for (List<String> r : s.rows) {
                    md.append("| ").append(String.join(" | ", r)).append(" |\n");
                }
                md.append("\n");
            }
            if (!s.meaning.isEmpty()) {
                md.append("**What this means.** ").append(s.meaning).append("\n");
            }
        }
        return md.toString();
    }

    String html() {
        StringBuilder h = new StringBuilder();
        h.append(HtmlPage.head(
                        title,
                        ""
                                + "body{font:15px/1.45 system-ui,-apple-system,Segoe UI,sans-serif;max-width:1000px;margin:2em auto;color:#222;padding:0 1em}"
                                + "table{border-collapse:collapse;margin:.6em 0}td,th{border:1px solid #ccc;padding:.25em .6em;text-align:right}"
                                + "th{background:#f3f3f3}td:first-child,th:first-child{text-align:left}h2{margin-top:1.8em;border-bottom:2px solid #eee}"
                                + ".setup{color:#555}.meaning{background:#f6f9ff;border-left:4px solid #5b8def;padding:.5em .8em}"
                                + "svg text{font:12px system-ui,sans-serif}"))
                .append("<h1>")
                .append(esc(title))
                .append("</h1><table>");
        for (String[] f : facts) {
            h.append("<tr><td>")
                    .append(esc(f[0]))
                    .append("</td><td style=\"text-align:left\">")
                    .append(esc(f[1]))
                    .append("</td></tr>");
        }
        h.append("</table>");
        for (Section s : sections) {
            h.append("<h2>").append(esc(s.title)).append("</h2>");
            if (!s.setup.isEmpty()) {
                h.append("<p class=\"setup\">").append(esc(s.setup)).append("</p>");
            }
            if (!s.header.isEmpty()) {
                h.append("<table><tr>");
                s.header.forEach(c -> h.append("<th>").append(esc(c)).append("</th>"));
                h.append("</tr>");
                for (List<String> r : s.rows) {
                    h.append("<tr>");
                    r.forEach(c -> h.append("<td>").append(esc(c)).append("</td>"));
                    h.append("</tr>");
                }
                h.append("</table>");
            }
            h.append(s.svg);
            if (!s.meaning.isEmpty()) {
                h.append("<p class=\"meaning\"><b>What this means.</b> ")
                        .append(esc(s.meaning))
                        .append("</p>");
            }
        }
        h.append("</body></html>\n");
        return h.toString();
    }

    void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("index.html"), html(), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("summary.md"), markdown(), StandardCharsets.UTF_8);
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    // ---- charts (inline SVG) ---------------------------------------------------------------------------------

    private static final String[] COLOURS = {"#5b8def", "#f0a04b", "#59a96a", "#d1495b", "#8e6bbf", "#4bb3c4"};

    /** Horizontal bars, one per label, scaled to the largest value. */
    static String bars(String unit, List<String> labels, List<Double> values) {
        int rowH = 28;
        int width = 760;
        int labelW = 260;
        double max = values.stream().mapToDouble(Double::doubleValue).max().orElse(1);
        StringBuilder svg = new StringBuilder(String.format(
                Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\">",
                width,
                rowH * labels.size() + 10));
        for (int i = 0; i < labels.size(); i++) {
            double w = max <= 0 ? 0 : (width - labelW - 120) * values.get(i) / max;
            int y = 5 + i * rowH;
            svg.append(String.format(Locale.ROOT, "<text x=\"0\" y=\"%d\">%s</text>", y + 17, esc(labels.get(i))));
            svg.append(String.format(
                    Locale.ROOT,
                    "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"20\" fill=\"%s\"/>",
                    labelW,
                    y + 3,
                    w,
                    COLOURS[i % COLOURS.length]));
            svg.append(String.format(
                    Locale.ROOT,
                    "<text x=\"%.1f\" y=\"%d\">%s %s</text>",
                    labelW + w + 6,
                    y + 17,
                    fmt(values.get(i)),
                    esc(unit)));
        }
        return svg.append("</svg>").toString();
    }

    /** Latency CDFs: one line per series, x = latency (ms, log scale), y = fraction of sends at or below it. */
    static String cdf(List<String> names, List<double[]> sortedLatenciesMs) {
        int w = 760;
        int h = 300;
        int left = 50;
        int bottom = 30;
        double maxMs = 1;
        for (double[] l : sortedLatenciesMs) {
            if (l.length > 0) {
                maxMs = Math.max(maxMs, l[l.length - 1]);
            }
        }
        double logMax = Math.log10(maxMs + 1);
        StringBuilder svg = new StringBuilder(String.format(
                Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\">", w, h + 20));
        svg.append(String.format(
                Locale.ROOT,
                "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#999\"/>",
                left,
                h - bottom,
                w - 10,
                h - bottom));
        svg.append(String.format(
                Locale.ROOT,
                "<line x1=\"%d\" y1=\"10\" x2=\"%d\" y2=\"%d\" stroke=\"#999\"/>",
                left,
                left,
                h - bottom));
        for (double tick : new double[] {0, 1, 10, 100, 1000, 10000}) {
            if (tick > maxMs * 1.01) {
                break;
            }
            double x = left + (w - 10 - left) * Math.log10(tick + 1) / logMax;
            svg.append(String.format(
                    Locale.ROOT, "<text x=\"%.1f\" y=\"%d\">%s ms</text>", x - 8, h - bottom + 16, fmt(tick)));
        }
        for (double q : new double[] {0.5, 0.99, 1.0}) {
            double y = (h - bottom) - (h - bottom - 10) * q;
            svg.append(String.format(
                    Locale.ROOT, "<text x=\"0\" y=\"%.1f\">p%s</text>", y + 4, q == 1.0 ? "100" : fmt(q * 100)));
            svg.append(String.format(
                    Locale.ROOT,
                    "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#eee\"/>",
                    left,
                    y,
                    w - 10,
                    y));
        }
        for (int s = 0; s < names.size(); s++) {
            double[] l = sortedLatenciesMs.get(s);
            StringBuilder pts = new StringBuilder();
            int steps = Math.min(400, l.length);
            for (int i = 0; i < steps; i++) {
                int idx = (int) ((long) i * (l.length - 1) / Math.max(1, steps - 1));
                double x = left + (w - 10 - left) * Math.log10(l[idx] + 1) / logMax;
                double y = (h - bottom) - (h - bottom - 10) * (idx + 1.0) / l.length;
                pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
            }
            String colour = COLOURS[s % COLOURS.length];
            svg.append("<polyline fill=\"none\" stroke-width=\"2\" stroke=\"")
                    .append(colour)
                    .append("\" points=\"")
                    .append(pts)
                    .append("\"/>");
            svg.append(String.format(
                    Locale.ROOT,
                    "<text x=\"%d\" y=\"%d\" fill=\"%s\">%s</text>",
                    w - 200,
                    30 + 16 * s,
                    colour,
                    esc(names.get(s))));
        }
        return svg.append("</svg>").toString();
    }

    static String fmt(double v) {
        if (v >= 100 || v == Math.rint(v)) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
