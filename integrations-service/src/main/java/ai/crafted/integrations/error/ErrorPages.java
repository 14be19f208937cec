package ai.crafted.integrations.error;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/**
 * A surface that shows failures as its own pages instead of the API's JSON (the web UI). The
 * error mapper asks each implementation; the dependency points from that surface to here.
 */
public interface ErrorPages {

    /** Whether failures on this request's path are this surface's to render. */
    boolean renders(UriInfo uri);

    /** A page carrying the API's stable error {@code code}. */
    Response page(int status, String code, String message);
}
