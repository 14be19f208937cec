package ai.crafted.integrations.ui;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import io.quarkus.arc.Arc;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.ext.web.RoutingContext;

import ai.crafted.http.CanonicalUuid;
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

    private final Instance<UiPages> pages;
    private final Instance<CurrentVertxRequest> request;

    public UiErrorPages(Instance<UiPages> pages, Instance<CurrentVertxRequest> request) {
        this.pages = pages;
        this.request = request;
    }

    @Override
    public Response page(int status, String code, String message) {
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE)
                .entity(UiTemplates.error(frame(), status, code,
                        // Messages repeat what the client sent: escaped and bounded as in the JSON API.
                        message == null ? null : EchoedText.of(message, ErrorResponse.MESSAGE_LIMIT)).render()).build();
    }

    private static final Pattern ORG_PATH = Pattern.compile("^/ui/orgs/([0-9a-fA-F-]{36})(/.*)?$");

    /**
     * The navigation for an error page, when a signed-in user is known (an error raised before
     * sign-in, or outside a request, gets the bare page).
     */
    private UiPage frame() {
        try {
            if (!Arc.container().requestContext().isActive()) {
                return null;
            }
            RoutingContext current = request.get().getCurrent();
            Matcher org = ORG_PATH.matcher(current == null ? "" : current.normalizedPath());
            return pages.get().errorFrame(org.matches() ? CanonicalUuid.parse(org.group(1)).orElse(null) : null);
        } catch (RuntimeException unknownUser) {
            // Anonymous, or the identity could not be read: the page without navigation.
            return null;
        }
    }
}
