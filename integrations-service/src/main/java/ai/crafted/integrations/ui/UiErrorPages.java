package ai.crafted.integrations.ui;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import ai.crafted.integrations.error.ErrorPages;
import ai.crafted.http.EchoedText;
import ai.crafted.integrations.error.ErrorResponse;

/** Failures on UI paths become readable HTML pages with the API's stable code, not JSON. */
@ApplicationScoped
public class UiErrorPages implements ErrorPages {

    public static boolean isUi(UriInfo uri) {
        return isUiPath(uri == null ? "" : uri.getPath());
    }

    private static boolean isUiPath(String path) {
        return path.equals("/ui") || path.startsWith("/ui/");
    }

    @Override
    public boolean renders(String path) {
        return isUiPath(path);
    }

    @Override
    public Response page(int status, String code, String message) {
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE)
                .entity(UiTemplates.error(null, status, code,
                        // Messages repeat what the client sent: escaped and bounded as in the JSON API.
                        message == null ? null : EchoedText.of(message, ErrorResponse.MESSAGE_LIMIT)).render()).build();
    }
}
