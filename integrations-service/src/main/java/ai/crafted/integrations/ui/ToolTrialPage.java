package ai.crafted.integrations.ui;

import java.util.List;

import ai.crafted.events.ToolDescriptor;
import ai.crafted.integrations.integration.IntegrationView;
import ai.crafted.integrations.trial.ToolTrialView;

/**
 * The "Try tool" page of one tool: the plugin, the tool with its {@code slug__tool} name, the
 * form made from its input schema ({@link ToolArgumentsForm}), the trial just run (null before
 * one), and the tool's recent trials.
 *
 * @param argumentsJson the whole-object text area's content (kept when it was what was sent)
 */
public record ToolTrialPage(IntegrationView plugin, ToolDescriptor tool, String exposedName,
        List<ToolArgumentsForm.Field> fields, String argumentsJson, ToolTrialView trial, List<ToolTrialView> recent) {

    /** The path of this page below the organisation's base, for the tool, and for one trial when not null. */
    public String path(ToolTrialView trial) {
        return "/plugins/" + plugin.id() + "/try?tool=" + UiFormat.urlEncoded(tool.name())
                + (trial == null ? "" : "&trial=" + trial.id());
    }
}
