package ai.crafted.integrations.ui;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

import ai.crafted.events.ToolDescriptor;
import ai.crafted.integrations.auth.AdminOnly;
import ai.crafted.integrations.auth.OrganizationAccess;
import ai.crafted.integrations.error.ApiException;
import ai.crafted.integrations.error.ErrorCodes;
import ai.crafted.integrations.integration.IntegrationService;
import ai.crafted.integrations.integration.IntegrationView;
import ai.crafted.integrations.trial.ToolTrialRequest;
import ai.crafted.integrations.trial.ToolTrialService;
import ai.crafted.integrations.trial.ToolTrialView;
import ai.crafted.tools.ToolNames;

/**
 * "Try tool" in the UI: a form made from the tool's input schema; sending it calls the tool
 * through the gateway ({@link ToolTrialService}: recorded, the gateway's executor and rules) and
 * redirects to the page showing the outcome (POST-redirect-GET: a reload shows it again and calls
 * nothing). The page lists the tool's recent trials; a trial still pending reloads itself. Admins
 * only: it runs the real tool.
 */
@Path("/ui/orgs/{org}/plugins/{id}/try")
@Authenticated
@Produces(MediaType.TEXT_HTML)
public class UiToolTrialsResource {

    /** How long the form's POST waits for the outcome; after that the page it redirects to waits (and reloads). */
    static final Duration LONGEST_WAIT = Duration.ofSeconds(10);

    private final UiPages pages;
    private final IntegrationService integrations;
    private final ToolTrialService trials;
    private final OrganizationAccess access;
    private final ObjectMapper json;

    public UiToolTrialsResource(UiPages pages, IntegrationService integrations, ToolTrialService trials,
            OrganizationAccess access, ObjectMapper json) {
        this.pages = pages;
        this.integrations = integrations;
        this.trials = trials;
        this.access = access;
        this.json = json;
    }

    /** The form for {@code tool}; with {@code trial}, that trial's outcome and its arguments in the form. */
    @GET
    @AdminOnly
    public Uni<TemplateInstance> form(@RestPath UUID org, @RestPath UUID id, @RestQuery String tool, @RestQuery UUID trial) {
        UiPage page = pages.page(org, "plugins");
        return integrations.get(org, id).chain(plugin -> {
            ToolDescriptor descriptor = toolOf(plugin, tool);
            Uni<ToolTrialView> shown = trial == null ? Uni.createFrom().nullItem() : trials.find(org, id, trial);
            return shown.chain(current -> render(page, plugin, descriptor, current,
                    current == null ? null : current.arguments(), null, "", FormErrors.NONE));
        });
    }

    /** Calls the tool with the form's arguments and redirects to the outcome; a form that cannot be read is shown again. */
    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Object> run(@RestPath UUID org, @RestPath UUID id, @RestQuery String tool, MultivaluedMap<String, String> form) {
        UiPage page = pages.page(org, "plugins");
        Map<String, String> submitted = new LinkedHashMap<>();
        form.forEach((name, values) -> submitted.put(name, values.isEmpty() ? "" : values.get(0)));
        return integrations.get(org, id).chain(plugin -> {
            ToolDescriptor descriptor = toolOf(plugin, tool);
            ToolArgumentsForm.Read read = ToolArgumentsForm.read(descriptor.inputSchema(), submitted, json);
            String wholeObject = submitted.getOrDefault(ToolArgumentsForm.JSON_FIELD, "");
            if (!read.problems().isEmpty()) {
                return render(page, plugin, descriptor, null, null, submitted, wholeObject,
                        new FormErrors(read.problems(), null, ErrorCodes.INVALID_REQUEST)).map(t -> (Object) t);
            }
            return UiForms.attempt(() -> trials.start(org, id, new ToolTrialRequest(descriptor.name(), read.arguments()),
                            access.subject(), LONGEST_WAIT))
                    .<Object>map(done -> UiForms.seeOther(page.base() + "/plugins/" + id + "/try?tool="
                            + UiFormat.urlEncoded(descriptor.name()) + "&trial=" + done.id()))
                    .onFailure(ApiException.class).recoverWithUni(failure -> render(page, plugin, descriptor, null, null,
                            submitted, wholeObject, FormErrors.from(failure)).map(t -> (Object) t));
        });
    }

    private Uni<TemplateInstance> render(UiPage page, IntegrationView plugin, ToolDescriptor tool, ToolTrialView trial,
            JsonNode arguments, Map<String, String> submitted, String wholeObject, FormErrors errors) {
        return trials.recent(page.org(), plugin.id(), tool.name()).map(recent -> {
            List<ToolArgumentsForm.Field> fields = ToolArgumentsForm.fields(tool.inputSchema(), arguments, submitted, json);
            var trialPage = new ToolTrialPage(plugin, tool, ToolNames.exposedName(plugin.slug(), tool.name()), fields,
                    wholeObject, trial, recent);
            return UiTemplates.toolTrial(page, trialPage, errors);
        });
    }

    /** The tool of the plugin's current catalog, or 404 (a page) when it has none of that name. */
    private static ToolDescriptor toolOf(IntegrationView plugin, String name) {
        return (plugin.toolCatalog() == null ? List.<ToolDescriptor>of() : plugin.toolCatalog()).stream()
                .filter(t -> t.name().equals(name)).findFirst()
                .orElseThrow(() -> ApiException.notFound("tool " + name + " of plugin " + plugin.slug()));
    }
}
