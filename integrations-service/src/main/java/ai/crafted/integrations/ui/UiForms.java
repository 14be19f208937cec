package ai.crafted.integrations.ui;

import java.net.URI;

import jakarta.ws.rs.core.Response;

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

    /** Post/redirect/get: a reload never repeats the change. */
    static Response seeOther(String path) {
        return Response.seeOther(URI.create(path)).build();
    }
}
