package ai.crafted.whatsapp.reply;

/**
 * The gateway refused a resume because of its approvals (HTTP 409 or 404 with one of the codes
 * below). Never retried as such: {@link #PENDING} means "not all decided yet, ask again later"; the
 * others mean the turn can never be resumed ({@link #ALREADY_USED}: the tool call already ran once).
 */
public class ApprovalConflict extends ReplyFailure {

    /** Not every approval of the turn is decided yet. */
    public static final String PENDING = "approval_pending";
    /** The approved call already ran once: a replay. */
    public static final String ALREADY_USED = "approval_already_used";
    /** The approvals do not match the request's pending tool calls. */
    public static final String MISMATCH = "approval_mismatch";
    /** The gateway knows no such approval. */
    public static final String NOT_FOUND = "approval_not_found";
    /** The gateway refused the resume for another reason it will not change its mind on (4xx: a plugin deleted, a key revoked). */
    public static final String REFUSED = "resume_refused";

    private final String code;

    public ApprovalConflict(String code, String message) {
        super(message);
        this.code = code;
    }

    /** The gateway's error code. */
    public String code() {
        return code;
    }
}
