package ai.crafted.integrations.ui;

import java.util.UUID;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestPath;

import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

import ai.crafted.integrations.error.ApiException;
import ai.crafted.integrations.error.QueryParameters;
import ai.crafted.integrations.usage.UsageRange;
import ai.crafted.integrations.usage.UsageService;

/**
 * The Usage page: the organisation's usage over a range of UTC days (a GET form), for every member.
 * A range the API would refuse shows why next to the form and the default range instead.
 */
@Path("/ui/orgs/{org}/usage")
@Authenticated
@Produces(MediaType.TEXT_HTML)
public class UiUsageResource {

    private final UiPages pages;
    private final UsageService usage;

    public UiUsageResource(UiPages pages, UsageService usage) {
        this.pages = pages;
        this.usage = usage;
    }

    /**
     * The page for {@code ?from=&to=} (UTC days {@code YYYY-MM-DD}, both optional; an empty field is
     * not given): the usage over that range, or over the default range with the reason a bad
     * range was refused.
     */
    @GET
    public Uni<TemplateInstance> show(@RestPath UUID org, @Context HttpServerRequest request) {
        UiPage page = pages.page(org, "usage");
        String from = null;
        String to = null;
        UsageRange range;
        String rangeError = null;
        try {
            // Inside: a repeated field is refused like a bad value, above the default range.
            from = QueryParameters.single(request, "from");
            to = QueryParameters.single(request, "to");
            // An empty field in the form means "not given".
            range = usage.range(UiForms.blankToNull(from), UiForms.blankToNull(to));
        } catch (ApiException refused) {
            rangeError = refused.getMessage();
            range = usage.range(null, null);
        }
        UsageRange shown = range;
        String error = rangeError;
        String askedFrom = from;
        String askedTo = to;
        return usage.usage(org, shown).map(view -> UiTemplates.usage(page, view, UsageChart.svg(view.days()),
                error == null ? shown.from().toString() : askedFrom, error == null ? shown.to().toString() : askedTo, error,
                usage.defaultRangeDays()));
    }
}
