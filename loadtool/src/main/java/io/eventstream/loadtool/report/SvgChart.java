package io.eventstream.loadtool.report;

import io.eventstream.loadtool.stats.Timeline.Second;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * Two panels over the run's seconds: throughput (requests accepted and orders completed per
 * second), and latency p50/p99 on a log scale (POST answers in milliseconds and end-to-end
 * times in seconds fit on one axis).
 */
public final class SvgChart {

    private static final int WIDTH = 900;
    private static final int PANEL = 260;
    private static final int LEFT = 70;
    private static final int RIGHT = 20;
    private static final int TOP = 40;
    private static final int GAP = 60;

    public static String render(String title, List<Second> seconds) {
        int height = TOP + PANEL + GAP + PANEL + 50;
        StringBuilder svg = new StringBuilder()
                .append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH)
                .append("\" height=\"").append(height).append("\" font-family=\"sans-serif\" font-size=\"12\">\n")
                .append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n")
                .append(text(LEFT, 20, escape(title), "font-size=\"14\" font-weight=\"bold\""));
        int n = Math.max(1, seconds.size() - 1);
        double maxRate = 1;
        double maxMs = 1;
        for (Second s : seconds) {
            maxRate = Math.max(maxRate, Math.max(s.accepted(), s.completed()));
            maxMs = Math.max(maxMs, Math.max(s.postP99Ms(), s.e2eP99Ms()));
        }
        final double rateTop = niceCeiling(maxRate);
        double decades = Math.max(1, Math.ceil(Math.log10(maxMs)));

        int top1 = TOP;
        frame(svg, top1, "per second");
        for (int i = 0; i <= 4; i++) {
            double v = rateTop * i / 4;
            double y = top1 + PANEL - PANEL * i / 4.0;
            grid(svg, y, fmt(v));
        }
        line(svg, seconds, n, s -> s.accepted(), v -> top1 + PANEL - PANEL * v / rateTop, "#1f77b4");
        line(svg, seconds, n, s -> s.completed(), v -> top1 + PANEL - PANEL * v / rateTop, "#2ca02c");
        legend(svg, top1, new String[][] {{"#1f77b4", "POST accepted/s"}, {"#2ca02c", "orders completed/s"}});

        int top2 = TOP + PANEL + GAP;
        frame(svg, top2, "latency ms (log)");
        for (int d = 0; d <= decades; d++) {
            double y = top2 + PANEL - PANEL * d / decades;
            grid(svg, y, fmt(Math.pow(10, d)));
        }
        ToDoubleFunction<Double> logY = v -> top2 + PANEL - PANEL * Math.log10(Math.max(1, v)) / decades;
        line(svg, seconds, n, Second::postP50Ms, logY, "#ff7f0e", true);
        line(svg, seconds, n, Second::postP99Ms, logY, "#d62728", true);
        line(svg, seconds, n, Second::e2eP50Ms, logY, "#9467bd", true);
        line(svg, seconds, n, Second::e2eP99Ms, logY, "#8c564b", true);
        legend(svg, top2, new String[][] {{"#ff7f0e", "POST p50"}, {"#d62728", "POST p99"},
                {"#9467bd", "end-to-end p50"}, {"#8c564b", "end-to-end p99"}});

        for (int i = 0; i <= 5; i++) {
            double x = LEFT + (WIDTH - LEFT - RIGHT) * i / 5.0;
            svg.append(text(x, top2 + PANEL + 18, fmt(n * i / 5.0) + " s", "text-anchor=\"middle\""));
        }
        return svg.append("</svg>\n").toString();
    }

    private static void frame(StringBuilder svg, int top, String label) {
        svg.append(String.format(Locale.ROOT,
                "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#999\"/>\n",
                LEFT, top, WIDTH - LEFT - RIGHT, PANEL));
        svg.append(text(LEFT, top - 6, label, "fill=\"#444\""));
    }

    private static void grid(StringBuilder svg, double y, String label) {
        svg.append(String.format(Locale.ROOT,
                "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#eee\"/>\n", LEFT, y, WIDTH - RIGHT, y));
        svg.append(text(LEFT - 6, y + 4, label, "text-anchor=\"end\""));
    }

    private static void legend(StringBuilder svg, int top, String[][] entries) {
        double x = WIDTH - RIGHT - 150 * entries.length;
        for (String[] e : entries) {
            svg.append(String.format(Locale.ROOT,
                    "<rect x=\"%.0f\" y=\"%d\" width=\"12\" height=\"3\" fill=\"%s\"/>", x, top - 10, e[0]));
            svg.append(text(x + 16, top - 6, e[1], ""));
            x += 150;
        }
    }

    private static void line(StringBuilder svg, List<Second> seconds, int n, ToDoubleFunction<Second> value,
                             ToDoubleFunction<Double> y, String color) {
        line(svg, seconds, n, value, y, color, false);
    }

    /** {@code skipZeros}: a second without samples has no latency, so the line breaks there. */
    private static void line(StringBuilder svg, List<Second> seconds, int n, ToDoubleFunction<Second> value,
                             ToDoubleFunction<Double> y, String color, boolean skipZeros) {
        StringBuilder points = new StringBuilder();
        for (Second s : seconds) {
            double v = value.applyAsDouble(s);
            if (skipZeros && v <= 0) {
                flush(svg, points, color);
                continue;
            }
            double x = LEFT + (WIDTH - LEFT - RIGHT) * (double) s.second() / n;
            points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y.applyAsDouble(v)));
        }
        flush(svg, points, color);
    }

    private static void flush(StringBuilder svg, StringBuilder points, String color) {
        if (points.length() > 0) {
            svg.append("<polyline fill=\"none\" stroke-width=\"1.5\" stroke=\"").append(color)
                    .append("\" points=\"").append(points.toString().trim()).append("\"/>\n");
            points.setLength(0);
        }
    }

    private static String text(double x, double y, String content, String attributes) {
        return String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" %s>%s</text>\n", x, y, attributes, content);
    }

    static double niceCeiling(double v) {
        double magnitude = Math.pow(10, Math.floor(Math.log10(v)));
        for (double step : new double[] {1, 2, 2.5, 5, 10}) {
            if (step * magnitude >= v) {
                return step * magnitude;
            }
        }
        return 10 * magnitude;
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.1f", v);
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private SvgChart() {
    }
}
