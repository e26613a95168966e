package dev.warden.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code warden merge-json FILE...}: merges the {@code --json} outputs of {@code warden scan}
 * runs (typically the shards {@code --shard 1/N} ... {@code N/N}) into one document of the same
 * shape, on stdout. {@code results} are concatenated and ordered as one scan orders them (by path,
 * then start and end offset; ties keep their order); {@code errors} are concatenated in the order
 * of the files; {@code paths.scanned} is the sorted union; other arrays ({@code skipped_rules},
 * {@code interfile_languages_used}) are unions in first-seen order; other fields come from the
 * first file. Exit 0, or 2 when a file cannot be read or is not such a document.
 */
@Command(name = "merge-json", mixinStandardHelpOptions = true,
        description = {"Merge the JSON outputs of several 'warden scan --json' runs (e.g. shards) into one.",
                "Exit status: 0 on success, 2 when a file cannot be read or is not scan output."})
public final class MergeJsonCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "FILE", description = "JSON documents written by 'warden scan --json'.")
    List<Path> files;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Override
    public Integer call() throws IOException {
        List<JsonNode> docs = new ArrayList<>();
        for (Path f : files) {
            JsonNode doc;
            try {
                doc = MAPPER.readTree(f.toFile());
            } catch (IOException e) {
                System.err.println("error: " + f + ": " + e.getMessage());
                return Main.EXIT_USAGE_OR_IO;
            }
            if (doc == null || !doc.isObject() || !doc.path("results").isArray()) {
                System.err.println("error: " + f + ": not the JSON output of 'warden scan --json' (no \"results\" array)");
                return Main.EXIT_USAGE_OR_IO;
            }
            docs.add(doc);
        }
        Writer out = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), 1 << 16);
        out.write(MAPPER.writeValueAsString(merge(docs)));
        out.write('\n');
        out.flush();
        return Main.EXIT_OK;
    }

    /** Merges scan outputs as described in the class comment. */
    static ObjectNode merge(List<JsonNode> docs) {
        ObjectNode merged = docs.get(0).deepCopy();
        List<JsonNode> results = new ArrayList<>();
        ArrayNode errors = MAPPER.createArrayNode();
        Set<String> scanned = new TreeSet<>();
        for (JsonNode doc : docs) {
            doc.path("results").forEach(results::add);
            doc.path("errors").forEach(errors::add);
            doc.path("paths").path("scanned").forEach(p -> scanned.add(p.asText()));
        }
        results.sort(Comparator.comparing((JsonNode r) -> r.path("path").asText())
                .thenComparingLong(r -> r.path("start").path("offset").asLong())
                .thenComparingLong(r -> r.path("end").path("offset").asLong()));
        merged.putArray("results").addAll(results);
        merged.set("errors", errors);
        ObjectNode paths = merged.path("paths").isObject() ? (ObjectNode) merged.get("paths") : merged.putObject("paths");
        ArrayNode scannedNode = paths.putArray("scanned");
        scanned.forEach(scannedNode::add);
        for (Iterator<Map.Entry<String, JsonNode>> it = docs.get(0).fields(); it.hasNext(); ) {
            String key = it.next().getKey();
            if (key.equals("results") || key.equals("errors") || !docs.get(0).get(key).isArray()) continue;
            Set<JsonNode> union = new LinkedHashSet<>();
            for (JsonNode doc : docs) doc.path(key).forEach(union::add);
            merged.putArray(key).addAll(union);
        }
        return merged;
    }
}
