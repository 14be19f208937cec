package ai.crafted.whatsapp.reply;

/** A gateway or Graph API call that failed; the message says which and why (it ends up as the DLQ reason). */
public class ReplyFailure extends RuntimeException {

    public ReplyFailure(String message) {
        super(message);
    }

    public ReplyFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
