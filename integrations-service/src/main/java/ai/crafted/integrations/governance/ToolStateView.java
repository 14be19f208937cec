package ai.crafted.integrations.governance;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One tool of a plugin's current catalog with the organisation's policy for it.
 *
 * @param name             the tool's MCP name
 * @param state            {@code enabled} (offered), {@code disabled} (an admin turned it off),
 *                         {@code held} (changed since the accepted version: not offered until an
 *                         admin accepts the current one) or {@code held-new} (never accepted: new
 *                         while the plugin holds new tools)
 * @param enabled          the admin's switch (a held tool may be enabled: it waits only for acceptance)
 * @param currentHash      the current catalog's hash of the tool ({@code "sha256:<hex>"})
 * @param acceptedHash     the accepted version's hash; null when none was accepted
 * @param approvalRequired whether each call waits for a human's approval
 * @param approvalReason   why: {@code override} (the admin's choice), {@code destructive_hint}
 *                         (the accepted version's annotation; the current one while none is
 *                         accepted) or {@code default}
 * @param approvalOverride the admin's choice ({@code required}, {@code not_required}) or null
 * @param title            the current version's title, if any
 * @param description      the current version's description, if any
 * @param change           for a held tool: the accepted version against the current one; else null
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ToolStateView(String name, String state, boolean enabled, String currentHash, String acceptedHash,
        boolean approvalRequired, String approvalReason, ApprovalOverride approvalOverride, String title,
        String description, Change change) {

    public static final String ENABLED = "enabled";
    public static final String DISABLED = "disabled";
    public static final String HELD = "held";
    public static final String HELD_NEW = "held-new";

    /**
     * @param fromHash the accepted version (null for a tool never accepted)
     * @param toHash   the current version: the hash to send when accepting what {@code fields} show
     * @param fields   each compared field that differs, old and new value (JSON); empty when only
     *                 a field we do not keep changed (see {@code otherChanged})
     * @param otherChanged true when the hashes differ but none of the compared fields does
     */
    public record Change(String fromHash, String toHash, List<ToolDiff.FieldChange> fields, boolean otherChanged) {
    }

    /** Whether the gateway offers the tool: enabled and its current version accepted. */
    public boolean offered() {
        return ENABLED.equals(state);
    }

    public boolean held() {
        return HELD.equals(state) || HELD_NEW.equals(state);
    }
}
