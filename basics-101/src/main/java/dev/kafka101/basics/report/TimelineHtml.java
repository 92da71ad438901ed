package dev.kafka101.basics.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/** Plumbing for labs: one self-contained HTML page (inline CSS and SVG, no script, no CDN) with a table and timelines. */
public final class TimelineHtml {

    /** A coloured bar in lane {@code lane} (e.g. a partition) from {@code startMs} to {@code endMs}. */
    public record Bar(int lane, long startMs, long endMs, String owner, boolean endedLost) {}

    /** A dashed vertical line at {@code atMs} with a label (e.g. "C joins"). */
    public record Marker(long atMs, String label) {}

    /** A red band over all lanes: a stretch of time worth seeing at a glance (e.g. nobody owned anything). */
    public record Shade(long startMs, long endMs) {}

    /** A close-up of one stretch of a chart (e.g. one rebalance), drawn below it with a scale of its own. */
    public record Zoom(String label, long fromMs, long toMs) {}

    public record Chart(
            String title,
            String subtitle,
            String lanePrefix,
            int lanes,
            long endMs,
            List<Bar> bars,
            List<Marker> markers,
            List<Shade> shades,
            List<Zoom> zooms) {}

    private static final String[] PALETTE = {"#4e79a7", "#f28e2b", "#59a14f", "#b07aa1", "#76b7b2", "#edc948"};
    private static final int LEFT = 56;
    private static final int PLOT_WIDTH = 1040;
    private static final int ZOOM_WIDTH = 470;
    private static final int TOP = 44;
    private static final int LANE = 22;
    private static final int LANE_GAP = 6;

    private TimelineHtml() {}

    public static Path write(
            Path file,
            String title,
            String intro,
            List<String> header,
            List<List<String>> rows,
            List<Chart> charts,
            List<String> notes)
            throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, render(title, intro, header, rows, charts, notes), StandardCharsets.UTF_8);
        return file.toAbsolutePath();
    }

    public static String render(
            String title,
            String intro,
            List<String> header,
            List<List<String>> rows,
            List<Chart> charts,
            List<String> notes) {
        Map<String, String> colours = colours(charts);
        StringBuilder h = new StringBuilder();
        h.append(HtmlPage.head(
                title,
                ""
                        + "body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:24px;color:#222;max-width:1180px}\n"
                        + "table{border-collapse:collapse;margin:12px 0}th,td{border:1px solid #ccc;padding:4px 8px;text-align:right}\n"
                        + "th{background:#f3f3f3}td:first-child,th:first-child{text-align:left}\n"
                        + "h2{margin:28px 0 2px;font-size:17px}.sub{color:#555;margin:0 0 6px}\n"
                        + ".legend span{display:inline-block;margin-right:14px}.sw{display:inline-block;width:12px;height:12px;vertical-align:-1px;margin-right:4px}\n"
                        + "svg text{font:11px system-ui,sans-serif;fill:#333}\n"
                        + "figure{display:inline-block;margin:4px 18px 4px 0}figcaption{color:#555;font-size:12px}\n"));
        h.append("<h1>")
                .append(esc(title))
                .append("</h1>\n<p>")
                .append(esc(intro))
                .append("</p>\n");
        h.append("<table><tr>");
        header.forEach(c -> h.append("<th>").append(esc(c)).append("</th>"));
        h.append("</tr>\n");
        for (List<String> row : rows) {
            h.append("<tr>");
            row.forEach(c -> h.append("<td>").append(esc(c)).append("</td>"));
            h.append("</tr>\n");
        }
        h.append("</table>\n<p class=\"legend\">");
        colours.forEach((owner, colour) -> h.append("<span><i class=\"sw\" style=\"background:")
                .append(colour)
                .append("\"></i>")
                .append(esc(owner))
                .append("</span>"));
        h.append(
                        "<span><i class=\"sw\" style=\"background:#d62728;opacity:.25\"></i>no partition owned by anyone</span>")
                .append("<span>white = partition without owner</span></p>\n");
        long maxEnd = charts.stream().mapToLong(Chart::endMs).max().orElse(1);
        for (Chart c : charts) {
            h.append("<h2>")
                    .append(esc(c.title()))
                    .append("</h2>\n<p class=\"sub\">")
                    .append(esc(c.subtitle()))
                    .append("</p>\n");
            h.append(svg(c, 0, c.endMs(), maxEnd, PLOT_WIDTH, colours));
            for (Zoom z : c.zooms()) {
                h.append("<figure><figcaption>")
                        .append(esc(z.label()))
                        .append("</figcaption>\n")
                        .append(svg(c, z.fromMs(), z.toMs(), z.toMs() - z.fromMs(), ZOOM_WIDTH, colours))
                        .append("</figure>\n");
            }
        }
        if (!notes.isEmpty()) {
            h.append("<ul>\n");
            notes.forEach(n -> h.append("<li>").append(esc(n)).append("</li>\n"));
            h.append("</ul>\n");
        }
        h.append("</body></html>\n");
        return h.toString();
    }

    private static Map<String, String> colours(List<Chart> charts) {
        TreeSet<String> owners = new TreeSet<>();
        charts.forEach(c -> c.bars().forEach(b -> owners.add(b.owner())));
        Map<String, String> m = new LinkedHashMap<>();
        int i = 0;
        for (String o : owners) {
            m.put(o, PALETTE[i++ % PALETTE.length]);
        }
        return m;
    }

    /**
     * Draws {@code [fromMs, toMs]} of a chart; {@code spanMs} maps to {@code plotWidth} pixels, so charts drawn with the
     * same span share one time scale and pauses compare across them.
     */
    private static String svg(
            Chart c, long fromMs, long toMs, long spanMs, int plotWidth, Map<String, String> colours) {
        int height = TOP + c.lanes() * (LANE + LANE_GAP) + 24;
        int width = LEFT + plotWidth + 20;
        double perMs = plotWidth / (double) Math.max(1, spanMs);
        StringBuilder s = new StringBuilder();
        s.append(String.format(
                Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\">%n",
                width,
                height,
                width,
                height));
        int lanesBottom = TOP + c.lanes() * (LANE + LANE_GAP) - LANE_GAP;
        for (int lane = 0; lane < c.lanes(); lane++) {
            int y = TOP + lane * (LANE + LANE_GAP);
            s.append(String.format(
                    Locale.ROOT,
                    "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"#fff\" stroke=\"#ddd\"/>"
                            + "<text x=\"6\" y=\"%d\">%s%d</text>%n",
                    LEFT,
                    y,
                    (toMs - fromMs) * perMs,
                    LANE,
                    y + 15,
                    esc(c.lanePrefix()),
                    lane));
        }
        for (Bar b : c.bars()) {
            long start = Math.max(b.startMs(), fromMs);
            long end = Math.min(b.endMs(), toMs);
            if (end <= start) {
                continue;
            }
            int y = TOP + b.lane() * (LANE + LANE_GAP);
            double x = LEFT + (start - fromMs) * perMs;
            double w = Math.max(0.5, (end - start) * perMs);
            s.append(String.format(
                    Locale.ROOT,
                    "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"><title>%s%d: %s, %.3f–%.3f s%s</title></rect>%n",
                    x,
                    y,
                    w,
                    LANE,
                    colours.getOrDefault(b.owner(), "#999"),
                    esc(c.lanePrefix()),
                    b.lane(),
                    esc(b.owner()),
                    b.startMs() / 1000.0,
                    b.endMs() / 1000.0,
                    b.endedLost() ? " (lost)" : ""));
            if (w > 14) {
                s.append(String.format(
                        Locale.ROOT,
                        "<text x=\"%.1f\" y=\"%d\" style=\"fill:#fff\">%s</text>%n",
                        x + 3,
                        y + 15,
                        esc(b.owner())));
            }
        }
        for (Shade sh : c.shades()) {
            long start = Math.max(sh.startMs(), fromMs);
            long end = Math.min(sh.endMs(), toMs);
            if (end <= start) {
                continue;
            }
            double x = LEFT + (start - fromMs) * perMs;
            double w = Math.max(2, (end - start) * perMs);
            s.append(String.format(
                    Locale.ROOT,
                    "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"#d62728\" opacity=\"0.3\"><title>nobody owned anything: %d ms</title></rect>%n",
                    x,
                    TOP - 4,
                    w,
                    lanesBottom - TOP + 8,
                    sh.endMs() - sh.startMs()));
        }
        int row = 0;
        for (Marker m : c.markers()) {
            if (m.atMs() < fromMs || m.atMs() > toMs) {
                continue;
            }
            double x = LEFT + (m.atMs() - fromMs) * perMs;
            int labelY = 12 + (row++ % 2) * 14;
            s.append(String.format(
                    Locale.ROOT,
                    "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#222\" stroke-dasharray=\"4 3\"/>"
                            + "<text x=\"%.1f\" y=\"%d\">%s</text>%n",
                    x,
                    labelY + 3,
                    x,
                    lanesBottom + 4,
                    x + 3,
                    labelY,
                    esc(m.label())));
        }
        long step = tickStep(toMs - fromMs);
        for (long t = (fromMs + step - 1) / step * step; t <= toMs; t += step) {
            double x = LEFT + (t - fromMs) * perMs;
            String label = step >= 1000 ? (t / 1000) + " s" : String.format(Locale.ROOT, "%.1f s", t / 1000.0);
            s.append(String.format(
                    Locale.ROOT,
                    "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#999\"/><text x=\"%.1f\" y=\"%d\">%s</text>%n",
                    x,
                    lanesBottom + 4,
                    x,
                    lanesBottom + 9,
                    x - 8,
                    lanesBottom + 21,
                    label));
        }
        s.append("</svg>\n");
        return s.toString();
    }

    private static long tickStep(long endMs) {
        for (long step : new long[] {100, 200, 500, 1000, 2000, 5000, 10_000, 30_000, 60_000}) {
            if (endMs / step <= (step < 1000 ? 8 : 15)) {
                return step;
            }
        }
        return 120_000;
    }

    static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                default -> b.append(ch);
            }
        }
        return b.toString();
    }

    /** Convenience for callers building rows. */
    public static List<String> row(Object... cells) {
        List<String> r = new ArrayList<>();
        for (Object c : cells) {
            r.add(String.valueOf(c));
        }
        return r;
    }
}
