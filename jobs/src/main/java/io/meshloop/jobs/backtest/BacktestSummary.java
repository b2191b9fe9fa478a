package io.meshloop.jobs.backtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshloop.schemas.decision.Decision;
import io.meshloop.schemas.decision.DesiredState;
import io.meshloop.schemas.json.DecisionJson;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/** Renders {@code summary.md}: a page a person reads before enforcing the policies. */
public final class BacktestSummary {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private BacktestSummary() {}

    public static String render(BacktestResult r) {
        StringBuilder b = new StringBuilder();
        b.append("# Backtest summary\n\n");
        b.append("## Input\n\n");
        b.append("- input: `").append(r.input()).append("`\n");
        if (r.files() > 0) {
            b.append("- files: ").append(r.files()).append('\n');
        }
        if (r.messages() >= 0) {
            b.append("- records (Collector batches): ").append(r.messages()).append('\n');
        }
        b.append("- spans: ").append(r.spans()).append('\n');
        if (r.metricPoints() > 0) {
            b.append("- metric points: ").append(r.metricPoints()).append('\n');
        }
        b.append("- span end times: ")
                .append(
                        r.spans() == 0
                                ? "none"
                                : time(r.firstSpanEndMs()) + " .. " + time(r.lastSpanEndMs()))
                .append('\n');
        b.append("\n## Signals\n\n- ").append(r.signals()).append(" signals (`signals.jsonl`)\n");

        b.append("\n## Decisions\n\n");
        if (r.decisions().isEmpty()) {
            b.append("No decision: the policies would not have acted on this input.\n");
        } else {
            b.append(r.decisions().size()).append(" decisions (`decisions.jsonl`).\n\n");
            b.append("| policy | action | mode | count | first | last |\n");
            b.append("| --- | --- | --- | --- | --- | --- |\n");
            Map<String, long[]> groups = new TreeMap<>();
            for (Decision d : r.decisions()) {
                String key = d.policy() + " | " + d.action() + " | " + d.mode();
                long[] g = groups.computeIfAbsent(key, k -> new long[] {0, Long.MAX_VALUE, 0});
                g[0]++;
                g[1] = Math.min(g[1], d.time());
                g[2] = Math.max(g[2], d.time());
            }
            groups.forEach(
                    (k, g) ->
                            b.append("| ")
                                    .append(k)
                                    .append(" | ")
                                    .append(g[0])
                                    .append(" | ")
                                    .append(time(g[1]))
                                    .append(" | ")
                                    .append(time(g[2]))
                                    .append(" |\n"));
            b.append("\nEach decision (time, policy, action, mode, desired, summary):\n\n");
            DecisionJson json = new DecisionJson();
            for (Decision d : r.decisions()) {
                b.append("- ")
                        .append(time(d.time()))
                        .append(" `")
                        .append(d.policy())
                        .append("` ")
                        .append(d.action())
                        .append(' ')
                        .append(d.mode())
                        .append(" → ")
                        .append(desired(d, json))
                        .append(": ")
                        .append(d.summary())
                        .append('\n');
            }
        }

        b.append("\n## Dead letters\n\n");
        if (r.deadLetters().isEmpty()) {
            b.append("None.\n");
        } else {
            b.append(r.deadLetterRecords())
                    .append(" dead-letter records (`deadletters.jsonl`); items by reason:\n\n");
            new TreeMap<>(r.deadLetters())
                    .forEach(
                            (k, v) -> b.append("- ").append(k).append(": ").append(v).append('\n'));
        }
        b.append(
                "\nA backtest never touches a mesh: `enforce` decisions show what would have been"
                        + " applied.\n");
        return b.toString();
    }

    /** Weights as {@code v1 100% / v2 0%}; any other desired state as its JSON. */
    static String desired(Decision d, DecisionJson json) {
        DesiredState s = d.desired();
        if (s != null && s.weights() != null) {
            StringBuilder b = new StringBuilder();
            for (DesiredState.VersionWeight w : s.weights()) {
                if (b.length() > 0) {
                    b.append(" / ");
                }
                b.append(w.version()).append(' ').append(w.percent()).append('%');
            }
            return b.toString();
        }
        try {
            JsonNode node = MAPPER.readTree(json.toJson(d)).get("desired");
            return node == null ? "(nothing)" : "`" + node + "`";
        } catch (IOException e) {
            return String.valueOf(s);
        }
    }

    private static String time(long ms) {
        return Instant.ofEpochMilli(ms).toString();
    }
}
