package ai.crafted.integrations.usage;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.regex.Pattern;

import ai.crafted.integrations.error.ApiException;
import ai.crafted.integrations.error.ErrorCodes;

/**
 * The UTC days a usage read covers, {@code from} and {@code to} included.
 *
 * @param from the first day
 * @param to   the last day
 */
public record UsageRange(LocalDate from, LocalDate to) {

    /** ISO dates only ({@code LocalDate.parse} alone would also take {@code +2026-01-01}). */
    private static final Pattern DATE = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");

    /**
     * Reads {@code ?from=&to=}: absent {@code to} is {@code today}, absent {@code from} is
     * {@code defaultDays} days up to {@code to}.
     *
     * @throws ApiException 400 {@code invalid_request} naming {@code from} or {@code to}: not a date
     *                      {@code YYYY-MM-DD}, {@code from} after {@code to}, or more than {@code maxDays} days
     */
    public static UsageRange parse(String from, String to, LocalDate today, int defaultDays, int maxDays) {
        LocalDate last = to == null ? today : date("to", to);
        LocalDate first = from == null ? last.minusDays(defaultDays - 1L) : date("from", from);
        if (first.isAfter(last)) {
            throw new ApiException(400, ErrorCodes.INVALID_REQUEST, "from (" + first + ") must not be after to (" + last + ")",
                    "from");
        }
        if (ChronoUnit.DAYS.between(first, last) + 1 > maxDays) {
            throw new ApiException(400, ErrorCodes.INVALID_REQUEST, "the range from " + first + " to " + last
                    + " is longer than " + maxDays + " days", "from");
        }
        return new UsageRange(first, last);
    }

    /** The number of days, both ends included. */
    public long days() {
        return ChronoUnit.DAYS.between(from, to) + 1;
    }

    private static LocalDate date(String field, String value) {
        if (DATE.matcher(value).matches()) {
            try {
                return LocalDate.parse(value);
            } catch (DateTimeParseException e) {
                // reported below (a month 13, February 30)
            }
        }
        throw new ApiException(400, ErrorCodes.INVALID_REQUEST, field + " must be a date YYYY-MM-DD (UTC day)", field);
    }
}
