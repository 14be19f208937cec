package ai.crafted.integrations.ui;

import java.net.URI;

import jakarta.ws.rs.core.Response;

import io.smallrye.mutiny.Uni;

/** What every UI resource does with submitted text and after a successful change. */
final class UiForms {

    private UiForms() {
    }

    static String trim(String value) {
        return value == null ? null : value.trim();
    }

    /** Empty form fields mean "not given" to the API. */
    static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    /** The form's hidden {@code version}: the record's entity tag without quotes (epoch ms of updatedAt). */
    static String version(java.time.Instant updatedAt) {
        return String.valueOf(updatedAt.toEpochMilli());
    }

    /**
     * The {@code If-Match} of an edit form's save: the tag the form was filled from, so a save over
     * a change made meanwhile (another tab, another admin) is refused instead of silently undoing
     * it. Every edit form carries its version; one without (an edited or very old form) or with
     * anything but digits matches nothing (never {@code *}), so it cannot skip the check.
     */
    static String ifMatch(String version) {
        String trimmed = version == null ? "" : version.trim();
        return trimmed.matches("[0-9]{1,19}") ? "\"" + trimmed + "\"" : "\"stale\"";
    }

    /**
     * A service call whose refusal the page shows in its form: the services check a request before
     * they return their {@code Uni} and throw right away, which a form's {@code onFailure()}
     * would never see (the API's JSON error took the page's place); deferred, every refusal is a
     * failure of the {@code Uni}.
     */
    static <T> Uni<T> attempt(java.util.function.Supplier<Uni<? extends T>> call) {
        return Uni.createFrom().deferred(call);
    }

    /** Post/redirect/get: a reload never repeats the change. */
    static Response seeOther(String path) {
        return Response.seeOther(URI.create(path)).build();
    }
}
