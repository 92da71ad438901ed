package dev.kafka101.bench.diagrams;

import java.util.Locale;

/**
 * A small SVG writer for the docs' diagrams: self-contained (no script, no external font or stylesheet), a light
 * background, text in the reader's sans-serif font. Coordinates are pixels of the drawing's own width.
 */
final class Svg {
    static final String FONT = "DejaVu Sans, Helvetica, Arial, sans-serif";
    static final String INK = "#222";
    static final String MUTED = "#555";
    static final String GRID = "#ccc";

    private final StringBuilder body = new StringBuilder();
    private final int width;
    private int height;

    Svg(int width, int height) {
        this.width = width;
        this.height = height;
    }

    int width() {
        return width;
    }

    /** The drawing's height can grow while it is built (a caption of several lines, for one). */
    void height(int h) {
        height = h;
    }

    Svg rect(double x, double y, double w, double h, String fill, String stroke) {
        body.append(String.format(
                Locale.ROOT,
                "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" " + "fill=\"%s\"%s/>%n",
                x,
                y,
                Math.max(0, w),
                Math.max(0, h),
                fill,
                stroke == null ? "" : " stroke=\"" + stroke + "\""));
        return this;
    }

    Svg roundRect(double x, double y, double w, double h, String fill, String stroke) {
        body.append(String.format(
                Locale.ROOT,
                "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" rx=\"6\" "
                        + "fill=\"%s\" stroke=\"%s\" stroke-width=\"1.5\"/>%n",
                x,
                y,
                w,
                h,
                fill,
                stroke));
        return this;
    }

    /** A translucent band (e.g. "nobody owned anything"). */
    Svg shade(double x, double y, double w, double h, String fill, double opacity) {
        body.append(String.format(
                Locale.ROOT,
                "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\" " + "fill-opacity=\"%.2f\"/>%n",
                x,
                y,
                Math.max(0, w),
                Math.max(0, h),
                fill,
                opacity));
        return this;
    }

    Svg line(double x1, double y1, double x2, double y2, String stroke, double width, boolean dashed) {
        body.append(String.format(
                Locale.ROOT,
                "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" " + "stroke-width=\"%.1f\"%s/>%n",
                x1,
                y1,
                x2,
                y2,
                stroke,
                width,
                dashed ? " stroke-dasharray=\"5 4\"" : ""));
        return this;
    }

    /** A line with an arrow head at (x2, y2). */
    Svg arrow(double x1, double y1, double x2, double y2, String stroke, boolean dashed) {
        line(x1, y1, x2, y2, stroke, 1.8, dashed);
        double angle = Math.atan2(y2 - y1, x2 - x1);
        double len = 10;
        double a1 = angle + Math.PI - 0.4;
        double a2 = angle + Math.PI + 0.4;
        body.append(String.format(
                Locale.ROOT,
                "<polygon points=\"%.1f,%.1f %.1f,%.1f %.1f,%.1f\" fill=\"%s\"/>%n",
                x2,
                y2,
                x2 + len * Math.cos(a1),
                y2 + len * Math.sin(a1),
                x2 + len * Math.cos(a2),
                y2 + len * Math.sin(a2),
                stroke));
        return this;
    }

    Svg text(double x, double y, String text, double size, String anchor, String fill, boolean bold) {
        body.append(String.format(
                Locale.ROOT,
                "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%.1f\" text-anchor=\"%s\" " + "fill=\"%s\"%s>%s</text>%n",
                x,
                y,
                size,
                anchor,
                fill,
                bold ? " font-weight=\"bold\"" : "",
                esc(text)));
        return this;
    }

    Svg text(double x, double y, String text, double size) {
        return text(x, y, text, size, "start", INK, false);
    }

    /** Text on a white patch, for a label that crosses lines (an arrow's label over a lifeline). */
    Svg label(double x, double y, String text, double size, String anchor, String fill, boolean bold) {
        double w = text.length() * size * (bold ? 0.62 : 0.57);
        double left = anchor.equals("end") ? x - w : anchor.equals("middle") ? x - w / 2 : x;
        rect(left - 2, y - size, w + 4, size + 4, "#ffffff", null);
        return text(x, y, text, size, anchor, fill, bold);
    }

    /** Text turned 90° anticlockwise, for a vertical axis label centred on (x, y). */
    Svg verticalText(double x, double y, String text, double size) {
        body.append(String.format(
                Locale.ROOT,
                "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%.1f\" text-anchor=\"middle\" "
                        + "fill=\"%s\" transform=\"rotate(-90 %.1f %.1f)\">%s</text>%n",
                x,
                y,
                size,
                MUTED,
                x,
                y,
                esc(text)));
        return this;
    }

    /**
     * The caption every measured diagram carries at its bottom: what was measured, when, on which Kafka, and the
     * command that draws it again. Returns the y below it.
     */
    double caption(double y, Caption caption, String... figures) {
        line(16, y, width - 16, y, GRID, 1, false);
        y += 18;
        for (String f : figures) {
            text(16, y, f, 12, "start", INK, false);
            y += 17;
        }
        text(16, y, caption.line(), 11.5, "start", MUTED, false);
        y += 16;
        text(16, y, "Regenerate: " + Caption.COMMAND, 11.5, "start", MUTED, false);
        return y + 12;
    }

    String render(String title) {
        return String.format(
                Locale.ROOT,
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>%n"
                        + "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
                        + "font-family=\"%s\">%n<title>%s</title>%n"
                        + "<rect x=\"0\" y=\"0\" width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>%n%s</svg>%n",
                width,
                height,
                width,
                height,
                FONT,
                esc(title),
                width,
                height,
                body);
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** A round step for axis ticks: about {@code wanted} ticks over {@code span}. */
    static double niceStep(double span, int wanted) {
        double raw = span / Math.max(1, wanted);
        double magnitude = Math.pow(10, Math.floor(Math.log10(Math.max(raw, 1e-9))));
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            if (m * magnitude >= raw) {
                return m * magnitude;
            }
        }
        return 10 * magnitude;
    }

    static String fmt(double v) {
        return v >= 100 ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.1f", v);
    }
}
