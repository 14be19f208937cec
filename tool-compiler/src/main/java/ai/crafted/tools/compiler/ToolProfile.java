package ai.crafted.tools.compiler;

import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * A model provider's rules for function tools sent in OpenAI's chat-completions shape
 * ({@code tools[].function} with {@code name}, {@code description}, {@code parameters}). Each
 * upstream of the gateway is configured with one; the compiler produces every tool's form for
 * each of them at refresh time. The rules, with their sources, are in the {@link SchemaRules}
 * implementations and in {@code docs/provider-tool-schemas.md}.
 */
public enum ToolProfile {

    /**
     * OpenAI chat completions, non-strict. Name {@code ^[a-zA-Z0-9_-]{1,64}$} (OpenAI API
     * reference, FunctionObject.name); description at most 1,024 characters (the API answers
     * {@code string_above_max_length} above it); at most 128 tools (OpenAI API reference, tools).
     */
    OPENAI("openai", 1024, Pattern.compile("^[a-zA-Z0-9_-]{1,64}$"), 128, false),

    /**
     * OpenAI strict function calling ({@code "strict": true}, Structured Outputs subset:
     * https://platform.openai.com/docs/guides/structured-outputs#supported-schemas); same name,
     * description and count limits as {@link #OPENAI}.
     */
    OPENAI_STRICT("openai-strict", 1024, Pattern.compile("^[a-zA-Z0-9_-]{1,64}$"), 128, true),

    /**
     * Anthropic through its OpenAI SDK compatibility endpoint (tools become {@code input_schema}):
     * name {@code ^[a-zA-Z0-9_-]{1,64}$} (Messages API reference, tools.name; newer pages allow
     * 128, the stricter value is kept); no documented description limit.
     */
    ANTHROPIC("anthropic", 0, Pattern.compile("^[a-zA-Z0-9_-]{1,64}$"), 128, false),

    /**
     * Gemini through its OpenAI-compatible endpoint (tools become function declarations):
     * name starts with a letter or underscore, then letters, digits, underscores, dots, colons or
     * dashes, at most 64 (https://ai.google.dev/api/caching#FunctionDeclaration); no documented
     * description limit; 128 tools (Vertex AI's documented limit, the stricter one).
     */
    GEMINI("gemini", 0, Pattern.compile("^[a-zA-Z_][a-zA-Z0-9_.:-]{0,63}$"), 128, false);

    private final String id;
    private final int descriptionLimit;
    private final Pattern name;
    private final int maxTools;
    private final boolean strict;

    ToolProfile(String id, int descriptionLimit, Pattern name, int maxTools, boolean strict) {
        this.id = id;
        this.descriptionLimit = descriptionLimit;
        this.name = name;
        this.maxTools = maxTools;
        this.strict = strict;
    }

    /** The profile's id in configuration, the API and events: {@code openai}, {@code openai-strict}, … */
    public String id() {
        return id;
    }

    /** Longest tool description the provider accepts, in characters; empty when it documents none. */
    public OptionalInt descriptionLimit() {
        return descriptionLimit == 0 ? OptionalInt.empty() : OptionalInt.of(descriptionLimit);
    }

    /** Whether the provider accepts {@code name} as a function name. */
    public boolean acceptsName(String name) {
        return this.name.matcher(name).matches();
    }

    /** The pattern function names must match, for messages. */
    public String namePattern() {
        return name.pattern();
    }

    /** Most function tools the provider takes in one request. */
    public int maxTools() {
        return maxTools;
    }

    /** Whether functions are sent with {@code "strict": true}. */
    public boolean strict() {
        return strict;
    }

    /** The profile with that id, if any (ids are case-sensitive). */
    public static Optional<ToolProfile> byId(String id) {
        return Arrays.stream(values()).filter(p -> p.id.equals(id)).findFirst();
    }

    SchemaRules rules() {
        return switch (this) {
            case OPENAI -> new OpenAiRules();
            case OPENAI_STRICT -> new OpenAiStrictRules();
            case ANTHROPIC -> new AnthropicRules();
            case GEMINI -> new GeminiRules();
        };
    }
}
