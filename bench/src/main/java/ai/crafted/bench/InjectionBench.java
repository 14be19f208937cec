package ai.crafted.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import ai.crafted.events.CompiledTool;
import ai.crafted.events.ToolDescriptor;
import ai.crafted.tools.ToolNames;
import ai.crafted.tools.compiler.PreparedTool;
import ai.crafted.tools.compiler.ToolCompiler;
import ai.crafted.tools.compiler.ToolProfile;
import ai.crafted.tools.compiler.ToolsArrays;

/**
 * What building a request's tools array costs per request, in process, three ways in the same
 * run: as the gateway did before the tool compiler (a function object built from each MCP tool
 * per request: the reference), as it does now (compiled at refresh, ready objects put together),
 * and what compiling per request would cost. Each includes writing the array as JSON, as the
 * upstream request does.
 */
final class InjectionBench {

    private static final ObjectMapper JSON = new ObjectMapper();

    private InjectionBench() {
    }

    static void run(Report report) throws Exception {
        for (int[] shape : new int[][] {{5, 10}, {1, 128}}) {
            int plugins = shape[0];
            int perPlugin = shape[1];
            List<String> slugs = new ArrayList<>();
            List<List<ToolDescriptor>> catalogs = new ArrayList<>();
            for (int p = 0; p < plugins; p++) {
                slugs.add("plugin-" + p);
                List<ToolDescriptor> tools = new ArrayList<>();
                for (int i = 0; i < perPlugin; i++) {
                    tools.add(new ToolDescriptor("tool_" + i, null, "Looks up record kind " + i
                            + " by id; returns the matching record as JSON.", JSON.readTree(
                                    "{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"string\",\"description\":\"record id\"},"
                                            + "\"fields\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}}},\"required\":[\"id\"]}"),
                            null));
                }
                catalogs.add(tools);
            }
            for (ToolProfile profile : List.of(ToolProfile.OPENAI, ToolProfile.OPENAI_STRICT)) {
                List<ToolsArrays.Source<String>> prepared = new ArrayList<>();
                for (int p = 0; p < plugins; p++) {
                    List<CompiledTool> compiled = ToolCompiler.compile(catalogs.get(p));
                    prepared.add(new ToolsArrays.Source<>(slugs.get(p),
                            ToolsArrays.prepare(slugs.get(p), catalogs.get(p), compiled, profile)));
                }
                double before = nanosPerOp(() -> beforeCompiler(slugs, catalogs).toString());
                double now = nanosPerOp(() -> ToolsArrays.assemble(prepared, profile, 128).tools().toString());
                double perRequest = nanosPerOp(() -> {
                    List<ToolsArrays.Source<String>> fresh = new ArrayList<>();
                    for (int p = 0; p < plugins; p++) {
                        List<PreparedTool> tools = ToolsArrays.prepare(slugs.get(p), catalogs.get(p),
                                ToolCompiler.compile(catalogs.get(p)), profile);
                        fresh.add(new ToolsArrays.Source<>(slugs.get(p), tools));
                    }
                    return ToolsArrays.assemble(fresh, profile, 128).tools().toString();
                });
                report.line(String.format(Locale.ROOT, "tools array per request, %d tools (%d plugins), profile %s",
                        plugins * perPlugin, plugins, profile.id()), String.format(Locale.ROOT,
                        "before the compiler %.1f µs; compiled at refresh %.1f µs (ratio %.2f); compiling per request would be %.0f µs (ratio %.0f)",
                        before / 1000, now / 1000, now / before, perRequest / 1000, perRequest / before));
            }
        }
    }

    /** The pre-compiler ToolInjector's per-request work (the reference): one function object per tool. */
    private static ArrayNode beforeCompiler(List<String> slugs, List<List<ToolDescriptor>> catalogs) {
        ArrayNode tools = JSON.createArrayNode();
        for (int p = 0; p < slugs.size(); p++) {
            for (ToolDescriptor tool : catalogs.get(p)) {
                ObjectNode wrapper = JSON.createObjectNode().put("type", "function");
                ObjectNode function = wrapper.putObject("function").put("name", ToolNames.exposedName(slugs.get(p), tool.name()));
                if (tool.description() != null) {
                    function.put("description", tool.description());
                }
                JsonNode parameters = tool.inputSchema() != null ? tool.inputSchema() : JSON.createObjectNode().put("type", "object");
                function.set("parameters", parameters);
                tools.add(wrapper);
            }
        }
        return tools;
    }

    /** Average nanoseconds per call after 2 s of warm-up, over 3 s. */
    private static double nanosPerOp(Supplier<String> op) {
        long sink = 0;
        long warmUntil = System.nanoTime() + 2_000_000_000L;
        while (System.nanoTime() < warmUntil) {
            sink += op.get().length();
        }
        long start = System.nanoTime();
        long end = start + 3_000_000_000L;
        long ops = 0;
        long now;
        do {
            sink += op.get().length();
            ops++;
            now = System.nanoTime();
        } while (now < end);
        if (sink == 42) {
            System.out.println(); // keeps the results alive
        }
        return (double) (now - start) / ops;
    }
}
