package dev.steadfast.cli.internal.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.steadfast.message.Messages;
import dev.steadfast.error.NoSuchRunException;
import dev.steadfast.run.ApprovalDecision;
import dev.steadfast.run.RunInfo;
import dev.steadfast.run.RunQuery;
import dev.steadfast.run.RunStatus;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The console's JSON API over {@link dev.steadfast.workflow.WorkflowEngine}:
 * <pre>
 * GET  /api/session                     where, read-only reason, CSRF token
 * GET  /api/runs?status=A,B&amp;q=text&amp;limit=n   run summaries, newest first
 * GET  /api/runs/{id}                   the run and its steps
 * POST /api/runs/{id}/approve           {"toolCallId": ..., "args": {...}?}
 * POST /api/runs/{id}/complete          {"toolCallId": ..., "result": ...} or {"toolCallId": ..., "failed": "..."}
 * POST /api/runs/{id}/deny              {"toolCallId": ..., "reason": ...}
 * POST /api/runs/{id}/cancel            {}
 * POST /api/runs/{id}/fork              {"fromSeq": n, "newId": optional}
 * </pre>
 */
final class ConsoleApi {
    private static final ObjectMapper JSON = Messages.mapper();
    private static final int MAX_BODY = 64 * 1024;

    private final dev.steadfast.workflow.WorkflowEngine engine;
    private final String readOnlyReason;
    private final String where;
    private final String csrf;

    ConsoleApi(dev.steadfast.workflow.WorkflowEngine engine, String readOnlyReason, String where, String csrf) {
        this.engine = engine;
        this.readOnlyReason = readOnlyReason;
        this.where = where;
        this.csrf = csrf;
    }

    void handle(HttpExchange ex) throws IOException {
        List<String> path = segments(ex.getRequestURI().getRawPath());
        boolean post = ex.getRequestMethod().equals("POST");
        try {
            if (path.equals(List.of("api", "session")) && !post) {
                ObjectNode s = JSON.createObjectNode().put("where", where).put("csrf", csrf).put("readOnly", readOnlyReason);
                ok(ex, s);
            } else if (path.equals(List.of("api", "runs")) && !post) {
                ok(ex, runs(query(ex.getRequestURI().getRawQuery())));
            } else if (path.size() == 3 && path.get(1).equals("runs") && !post) {
                ObjectNode doc = JSON.createObjectNode();
                doc.set("run", JSON.valueToTree(engine.describe(path.get(2))));
                doc.set("steps", JSON.valueToTree(engine.history(path.get(2))));
                ok(ex, doc);
            } else if (path.size() == 4 && path.get(1).equals("runs") && post) {
                if (readOnlyReason != null) {
                    error(ex, 409, "this console is " + readOnlyReason);
                    return;
                }
                ok(ex, act(path.get(2), path.get(3), body(ex)));
            } else {
                error(ex, 404, "no such API: " + ex.getRequestMethod() + " " + ex.getRequestURI().getPath());
            }
        } catch (NoSuchRunException e) {
            error(ex, 404, e.getMessage());
        } catch (IllegalArgumentException | IllegalStateException e) {
            error(ex, e instanceof IllegalStateException ? 409 : 400, e.getMessage());
        }
    }

    private ArrayNode runs(Map<String, String> q) {
        Set<RunStatus> statuses = EnumSet.noneOf(RunStatus.class);
        for (String s : q.getOrDefault("status", "").split(",")) {
            if (!s.isBlank()) {
                statuses.add(RunStatus.valueOf(s.strip().toUpperCase(Locale.ROOT)));
            }
        }
        int limit = Math.clamp(Integer.parseInt(q.getOrDefault("limit", "200")), 1, 1000);
        String text = q.getOrDefault("q", "").strip().toLowerCase(Locale.ROOT);
        // id or type: the engine filters by status; the text is matched here, over a wider page
        var all = engine.list(RunQuery.all().withStatus(statuses.toArray(RunStatus[]::new)).withLimit(text.isEmpty() ? limit : 1000));
        ArrayNode out = JSON.createArrayNode();
        for (RunInfo r : all) {
            if (out.size() >= limit) {
                break;
            }
            if (!text.isEmpty() && !r.workflowId().toLowerCase(Locale.ROOT).contains(text)
                    && !r.workflowType().toLowerCase(Locale.ROOT).contains(text)) {
                continue;
            }
            ObjectNode n = out.addObject().put("id", r.workflowId()).put("type", r.workflowType())
                    .put("status", r.status().name()).put("stepCount", r.stepCount())
                    .put("tokens", r.usage().totalTokens()).put("cost", r.cost().toPlainString())
                    .put("pendingApprovals", r.pendingApprovals().size())
                    .put("error", r.error() == null ? null : r.error().summary());
            n.set("createdAt", JSON.valueToTree(r.createdAt()));
            n.set("endedAt", JSON.valueToTree(r.endedAt()));
        }
        return out;
    }

    private ObjectNode act(String id, String action, JsonNode body) {
        ObjectNode result = JSON.createObjectNode();
        switch (action) {
            case "approve" -> {
                JsonNode args = body.get("args");
                engine.decide(id, text(body, "toolCallId"), args == null || args.isNull()
                        ? ApprovalDecision.approve() : ApprovalDecision.approveWith(args));
                result.put("message", "approved");
            }
            case "complete" -> {
                String failed = body.path("failed").asText("").strip();
                engine.decide(id, text(body, "toolCallId"), failed.isEmpty()
                        ? ApprovalDecision.result(body.path("result")) : ApprovalDecision.failed(failed));
                result.put("message", failed.isEmpty() ? "completed" : "failed");
            }
            case "deny" -> {
                String reason = body.path("reason").asText("").strip();
                engine.deny(id, text(body, "toolCallId"), reason.isEmpty() ? "denied in the console" : reason);
                result.put("message", "denied");
            }
            case "cancel" -> {
                engine.cancel(id);
                result.put("message", "cancel requested");
            }
            case "fork" -> {
                int from = body.path("fromSeq").asInt(0);
                String newId = body.path("newId").asText("").strip();
                if (newId.isEmpty()) {
                    newId = freeId(id);
                }
                engine.fork(id, from, newId);
                result.put("message", "forked").put("newId", newId);
            }
            default -> throw new IllegalArgumentException("no action '" + action + "'; try approve, deny, complete, cancel or fork");
        }
        return result;
    }

    private String freeId(String id) {
        for (int n = 1; ; n++) {
            try {
                engine.describe(id + "-fork-" + n);
            } catch (NoSuchRunException e) {
                return id + "-fork-" + n;
            }
        }
    }

    private static String text(JsonNode body, String field) {
        String v = body.path(field).asText("");
        if (v.isBlank()) {
            throw new IllegalArgumentException("'" + field + "' is required");
        }
        return v;
    }

    private static JsonNode body(HttpExchange ex) throws IOException {
        try (InputStream in = ex.getRequestBody()) {
            byte[] b = in.readNBytes(MAX_BODY + 1);
            if (b.length > MAX_BODY) {
                throw new IllegalArgumentException("request body over " + MAX_BODY + " bytes");
            }
            return b.length == 0 ? JSON.createObjectNode() : JSON.readTree(b);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the body is not JSON: " + e.getOriginalMessage());
        }
    }

    private static List<String> segments(String rawPath) {
        var out = new ArrayList<String>();
        for (String s : rawPath.split("/")) {
            if (!s.isEmpty()) {
                out.add(URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    private static Map<String, String> query(String raw) {
        var out = new HashMap<String, String>();
        if (raw != null) {
            for (String kv : raw.split("&")) {
                int eq = kv.indexOf('=');
                if (eq > 0) {
                    out.put(URLDecoder.decode(kv.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return out;
    }

    private static void ok(HttpExchange ex, JsonNode body) throws IOException {
        Guard.send(ex, 200, "application/json; charset=utf-8", JSON.writeValueAsBytes(body));
    }

    static void error(HttpExchange ex, int status, String message) throws IOException {
        Guard.send(ex, status, "application/json; charset=utf-8",
                JSON.writeValueAsBytes(JSON.createObjectNode().put("error", message)));
    }
}
