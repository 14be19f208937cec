package ai.crafted.http;

import java.util.Locale;

import io.vertx.core.http.HttpServerRequest;

/**
 * What a request says about its body, read from the head before a byte of the body is: whether
 * it declares one, and of which media type. Each service's first route handler uses it to refuse
 * a body its routes cannot read (415) before Vert.x's body handler decodes it: that handler turns
 * {@code application/x-www-form-urlencoded} and {@code multipart/*} bodies into form attributes and
 * fails with a bare 500 on a field over its limit, whatever the route expects.
 */
public final class BodyMediaType {

    private BodyMediaType() {
    }

    /** True when the head declares a body: a Content-Length other than 0, or a Transfer-Encoding. */
    public static boolean declaresBody(HttpServerRequest request) {
        String length = request.getHeader("Content-Length");
        return length != null ? !length.trim().equals("0") : request.getHeader("Transfer-Encoding") != null;
    }

    /**
     * True for {@code application/json} and any {@code application/*+json} (RFC 6839 §3.1), with any
     * parameters, in any case; false for a missing header.
     */
    public static boolean isJson(String contentType) {
        String type = essence(contentType);
        return type.equals("application/json") || type.startsWith("application/") && type.endsWith("+json");
    }

    /** True for {@code application/json} itself, with any parameters, in any case; false for a missing header. */
    public static boolean isApplicationJson(String contentType) {
        return essence(contentType).equals("application/json");
    }

    /** True for the media types Vert.x decodes into form attributes: url-encoded forms and {@code multipart/*}. */
    public static boolean isForm(String contentType) {
        String type = essence(contentType);
        return type.equals("application/x-www-form-urlencoded") || type.startsWith("multipart/");
    }

    /** True when the request declares a body of a {@link #isForm form} media type. */
    public static boolean isFormBody(HttpServerRequest request) {
        return declaresBody(request) && isForm(request.getHeader("Content-Type"));
    }

    /** The type/subtype without parameters, lower case (RFC 9110 §8.3.1); empty for null. */
    private static String essence(String contentType) {
        if (contentType == null) {
            return "";
        }
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }
}
