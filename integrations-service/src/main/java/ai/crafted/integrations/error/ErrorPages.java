package ai.crafted.integrations.error;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/**
 * A surface that shows failures as its own pages instead of the API's JSON (the web UI). The
 * error mapper asks each implementation; the dependency points from that surface to here.
 */
public interface ErrorPages {

    /** Whether failures on this request path (e.g. {@code /ui/orgs/…}) are this surface's to render. */
    boolean renders(String path);

    /** {@link #renders(String)} for a JAX-RS request. */
    default boolean renders(UriInfo uri) {
        return renders(uri == null ? "" : uri.getPath());
    }

    /** A page carrying the API's stable error {@code code}. */
    Response page(int status, String code, String message);
}
