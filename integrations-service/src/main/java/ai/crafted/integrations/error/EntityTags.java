package ai.crafted.integrations.error;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Optimistic concurrency for the API's records (RFC 9110 §8.8.3 {@code ETag}, §13.1.1
 * {@code If-Match}). A record's entity tag is its {@code updatedAt} in epoch milliseconds, quoted
 * (a strong tag): it changes with every change of the record's configuration and not with the
 * catalog refreshes or health reports that also touch the row, so a form is not reported stale by
 * background work. A write with {@code If-Match} applies only when one of its tags matches the
 * record's current tag (or it is {@code *}); otherwise 412 {@code precondition_failed} and nothing
 * changes. Weak tags ({@code W/"…"}) never match: If-Match uses the strong comparison.
 */
public final class EntityTags {

    private EntityTags() {
    }

    /** The entity tag of a record last changed at {@code updatedAt}, e.g. {@code "1764670000123"}. */
    public static String of(Instant updatedAt) {
        return "\"" + updatedAt.toEpochMilli() + "\"";
    }

    /** A 200 answer with {@code entity} and its {@code ETag}. */
    public static jakarta.ws.rs.core.Response tagged(Object entity, Instant updatedAt) {
        return jakarta.ws.rs.core.Response.ok(entity).header(jakarta.ws.rs.core.HttpHeaders.ETAG, of(updatedAt)).build();
    }

    /**
     * @param ifMatch the request's {@code If-Match} header, or null/blank for an unconditional write
     * @param what    the record, for the message ("integration 550e…")
     * @throws ApiException 412 {@code precondition_failed} when no listed tag matches
     */
    public static void requireMatch(String ifMatch, Instant updatedAt, String what) {
        if (ifMatch == null || ifMatch.isBlank()) {
            return;
        }
        String current = of(updatedAt);
        // "*" is the whole field or nothing (If-Match = "*" / #entity-tag): inside a list it matches nothing.
        if (ifMatch.trim().equals("*")) {
            return;
        }
        for (String tag : ifMatch.split(",")) {
            if (tag.trim().equals(current)) {
                return;
            }
        }
        throw new ApiException(412, ErrorCodes.PRECONDITION_FAILED, what + " was changed since it was read (its ETag is now "
                + current + "); read it again, then repeat the change", null);
    }

    /**
     * The {@code updatedAt} of a change made now to a record last changed at {@code previous}:
     * always later than {@code previous} (by at least a millisecond), so two changes within one
     * millisecond still get different tags.
     */
    public static Instant next(Instant previous) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        return previous != null && !now.isAfter(previous) ? previous.plusMillis(1) : now;
    }
}
