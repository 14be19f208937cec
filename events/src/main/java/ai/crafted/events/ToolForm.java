package ai.crafted.events;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * What one provider profile receives for one MCP tool, as the tool compiler produced it at
 * refresh time. Only what differs from the tool as the server described it is carried, so an
 * {@code ok} form is just its status.
 *
 * @param status          ok, normalised or incompatible
 * @param description     the description to send when it differs from the server's (cut to the
 *                        profile's limit); null: the server's description (or title) as is
 * @param parameters      the JSON Schema to send when it differs from the server's
 *                        {@code inputSchema}; null: the server's schema as is
 * @param changes         what was changed and where, in words (empty unless normalised)
 * @param reason          why the tool cannot be sent to this profile (incompatible only)
 * @param nullMeansAbsent JSON Pointers (into the arguments; {@code *} stands for every array item)
 *                        of optional properties that a strict profile had to make required and
 *                        nullable: a null the model sends there is removed before the tool is called
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ToolForm(ToolCompatibility status, String description, JsonNode parameters, List<String> changes,
        String reason, List<String> nullMeansAbsent) {

    public ToolForm {
        changes = changes == null ? List.of() : List.copyOf(changes);
        nullMeansAbsent = nullMeansAbsent == null ? List.of() : List.copyOf(nullMeansAbsent);
    }

    public boolean offered() {
        return status != ToolCompatibility.INCOMPATIBLE;
    }
}
