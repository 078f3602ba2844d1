package dev.steadfast.run;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A tool call waiting for a human's decision ({@link dev.steadfast.workflow.WorkflowEngine#approve} or {@link dev.steadfast.workflow.WorkflowEngine#deny}).
 *
 * @param toolCallId the call's id
 * @param agent the agent that made it
 * @param toolName the tool to be called
 * @param args the arguments it would be called with
 */
public record PendingApproval(String toolCallId, String agent, String toolName, JsonNode args) {}
