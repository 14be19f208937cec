package ai.crafted.whatsapp.reply;

/** Joins configured base URLs with paths whether or not the operator wrote a trailing slash. */
final class Urls {

    private Urls() {
    }

    static String withoutTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
