package dev.kafka101.basics.report;

/** The head of every HTML page the labs and the lab report write: doctype, charset, title, the page's own style. */
public final class HtmlPage {
    private HtmlPage() {}

    /** Everything up to and including {@code <body>}; {@code title} is escaped, {@code css} is written as given. */
    public static String head(String title, String css) {
        String escaped = title.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + escaped
                + "</title>\n<style>\n" + css + "</style></head><body>\n";
    }
}
