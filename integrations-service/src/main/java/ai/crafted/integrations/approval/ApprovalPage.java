package ai.crafted.integrations.approval;

import java.util.List;

/** A page of approvals, newest request first, with how many match. */
public record ApprovalPage(List<ApprovalView> items, int page, int size, long total) {
}
