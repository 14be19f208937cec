package ai.crafted.integrations.ui;

import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import io.quarkus.qute.RawString;

import ai.crafted.integrations.usage.UsageView;

/**
 * The Usage page's chart: plugin tool calls per UTC day as bars, the errors among them stacked in
 * red, drawn on the server as inline SVG (no script, nothing to download; presentation attributes,
 * so the page's Content-Security-Policy needs no inline styles). Accessible: {@code role="img"}
 * with a {@code <title>} and a {@code <desc>} that says the figures in words; the page also has
 * the same figures as a table.
 */
public final class UsageChart {

    static final int WIDTH = 720;
    static final int HEIGHT = 220;
    private static final int LEFT = 48;
    private static final int RIGHT = 8;
    private static final int TOP = 12;
    private static final int BOTTOM = 28;
    private static final DateTimeFormatter LABEL = DateTimeFormatter.ofPattern("MMM d", Locale.ENGLISH);

    private UsageChart() {
    }

    /** The chart of {@code days} as one {@code <svg>} element. */
    public static RawString svg(List<UsageView.DayUsage> days) {
        long calls = days.stream().mapToLong(UsageView.DayUsage::toolCalls).sum();
        long errors = days.stream().mapToLong(UsageView.DayUsage::toolErrors).sum();
        long max = Math.max(1, days.stream().mapToLong(UsageView.DayUsage::toolCalls).max().orElse(0));
        long top = niceCeiling(max);
        double plotWidth = WIDTH - LEFT - RIGHT;
        double plotHeight = HEIGHT - TOP - BOTTOM;
        double slot = plotWidth / Math.max(1, days.size());
        double bar = Math.max(1, slot * 0.7);
        StringBuilder svg = new StringBuilder();
        svg.append("<svg class=\"usage-chart\" role=\"img\" aria-labelledby=\"usage-chart-title usage-chart-desc\"")
                .append(" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT).append("\" width=\"").append(WIDTH)
                .append("\" height=\"").append(HEIGHT).append("\" xmlns=\"http://www.w3.org/2000/svg\" data-testid=\"usage-chart\">");
        svg.append("<title id=\"usage-chart-title\">Plugin tool calls and errors per day</title>");
        svg.append("<desc id=\"usage-chart-desc\">").append(escape(description(days, calls, errors))).append("</desc>");
        // Grid lines and the y axis: 0, half and the top (no half when it would round to 0 or the top: a top of 1).
        long[] ticks = top >= 2 && top % 2 == 0 ? new long[] { 0, top / 2, top } : new long[] { 0, top };
        for (long value : ticks) {
            double y = TOP + plotHeight - plotHeight * value / top;
            svg.append("<line x1=\"").append(LEFT).append("\" x2=\"").append(WIDTH - RIGHT).append("\" y1=\"").append(fmt(y))
                    .append("\" y2=\"").append(fmt(y)).append("\" stroke=\"#d9e2ec\" stroke-width=\"1\"/>");
            svg.append("<text x=\"").append(LEFT - 6).append("\" y=\"").append(fmt(y + 4))
                    .append("\" text-anchor=\"end\" font-size=\"11\" fill=\"#616e7c\">").append(value).append("</text>");
        }
        int labelEvery = Math.max(1, (int) Math.ceil(days.size() / 8.0));
        for (int i = 0; i < days.size(); i++) {
            UsageView.DayUsage day = days.get(i);
            double x = LEFT + slot * i + (slot - bar) / 2;
            double okHeight = plotHeight * (day.toolCalls() - day.toolErrors()) / top;
            double errorHeight = plotHeight * day.toolErrors() / top;
            double base = TOP + plotHeight;
            String tip = day.day() + ": " + day.toolCalls() + " calls, " + day.toolErrors() + " errors";
            svg.append("<g><title>").append(escape(tip)).append("</title>");
            if (okHeight > 0) {
                svg.append(rect(x, base - okHeight, bar, okHeight, "#3b4cca"));
            }
            if (errorHeight > 0) {
                svg.append(rect(x, base - okHeight - errorHeight, bar, errorHeight, "#c81e1e"));
            }
            svg.append("</g>");
            if (i % labelEvery == 0 || i == days.size() - 1) {
                svg.append("<text x=\"").append(fmt(x + bar / 2)).append("\" y=\"").append(HEIGHT - 8)
                        .append("\" text-anchor=\"middle\" font-size=\"11\" fill=\"#616e7c\">").append(LABEL.format(day.day()))
                        .append("</text>");
            }
        }
        // A legend, so colour is not the only key (the tooltips and the table say it in words too).
        svg.append(rect(LEFT, 0, 10, 10, "#3b4cca")).append("<text x=\"").append(LEFT + 14)
                .append("\" y=\"9\" font-size=\"11\" fill=\"#1f2933\">calls</text>");
        svg.append(rect(LEFT + 60, 0, 10, 10, "#c81e1e")).append("<text x=\"").append(LEFT + 74)
                .append("\" y=\"9\" font-size=\"11\" fill=\"#1f2933\">errors</text>");
        return new RawString(svg.append("</svg>").toString());
    }

    private static String description(List<UsageView.DayUsage> days, long calls, long errors) {
        if (days.isEmpty()) {
            return "No days.";
        }
        UsageView.DayUsage busiest = days.stream().max(Comparator.comparingLong(UsageView.DayUsage::toolCalls))
                .orElseThrow();
        return "Bar chart of " + days.size() + " days from " + days.get(0).day() + " to " + days.get(days.size() - 1).day()
                + ": " + calls + " tool calls in all, " + errors + " of them errors"
                + (calls > 0 ? "; the busiest day was " + busiest.day() + " with " + busiest.toolCalls() + " calls." : ".")
                + " The table below lists every day.";
    }

    private static String rect(double x, double y, double width, double height, String fill) {
        return "<rect x=\"" + fmt(x) + "\" y=\"" + fmt(y) + "\" width=\"" + fmt(width) + "\" height=\"" + fmt(height)
                + "\" fill=\"" + fill + "\"/>";
    }

    /** 1, 2 or 5 times a power of ten, at least {@code max}: round axis labels. */
    static long niceCeiling(long max) {
        long power = 1;
        while (true) {
            for (long step : new long[] { 1, 2, 5 }) {
                if (step * power >= max) {
                    return step * power;
                }
            }
            power *= 10;
        }
    }

    private static String fmt(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
