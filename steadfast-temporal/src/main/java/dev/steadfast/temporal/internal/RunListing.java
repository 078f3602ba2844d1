package dev.steadfast.temporal.internal;

import com.google.protobuf.ByteString;
import dev.steadfast.run.RunQuery;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.api.workflowservice.v1.ListClosedWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.ListOpenWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.ListWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.ListWorkflowExecutionsResponse;
import io.temporal.client.WorkflowClient;
import io.temporal.common.converter.DataConverter;
import java.util.ArrayList;
import java.util.List;

/**
 * The executions Temporal's visibility lists for a {@link RunQuery}: by the server's visibility query
 * ({@link Runs#visibilityQuery}), or, where the server has none (Temporal's Java test server), its open and closed
 * lists. Executions the engine continued as new are left out: a run is the latest execution of its chain.
 */
final class RunListing {
    private final WorkflowClient client;
    private final DataConverter converter;
    private final boolean searchAttributes;

    RunListing(WorkflowClient client, DataConverter converter, boolean searchAttributes) {
        this.client = client;
        this.converter = converter;
        this.searchAttributes = searchAttributes;
    }

    List<WorkflowExecutionInfo> executions(RunQuery query) {
        List<WorkflowExecutionInfo> infos;
        try {
            infos = listByVisibility(Runs.visibilityQuery(query, searchAttributes), query);
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() != Status.Code.UNIMPLEMENTED) {
                throw e;
            }
            infos = listOpenAndClosed(); // Temporal's Java test server has only the older list calls
        }
        return infos.stream()
                .filter(i -> i.getStatus() != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_CONTINUED_AS_NEW)
                .toList();
    }

    /**
     * The executions the server's visibility query selects, page by page, until enough of them match what the query
     * could not say (an id that contains a text, a RUNNING/WAITING split without search attributes) or the pages end;
     * at most {@link #MAX_SCANNED} rows.
     */
    private List<WorkflowExecutionInfo> listByVisibility(String visibility, RunQuery query) {
        var out = new ArrayList<WorkflowExecutionInfo>();
        int wanted = query.offset() + query.limit();
        int matching = 0;
        ByteString token = ByteString.EMPTY;
        do {
            ListWorkflowExecutionsResponse page = client.getWorkflowServiceStubs()
                    .blockingStub()
                    .listWorkflowExecutions(ListWorkflowExecutionsRequest.newBuilder()
                            .setNamespace(client.getOptions().getNamespace())
                            .setQuery(visibility)
                            .setPageSize(Math.min(1000, Math.max(100, wanted)))
                            .setNextPageToken(token)
                            .build());
            for (WorkflowExecutionInfo info : page.getExecutionsList()) {
                out.add(info);
                if (Runs.matches(Runs.summary(info, converter), query)) {
                    matching++;
                }
            }
            token = page.getNextPageToken();
        } while (!token.isEmpty() && matching < wanted && out.size() < MAX_SCANNED);
        return out;
    }

    /** The most visibility rows one list reads. */
    static final int MAX_SCANNED = 10_000;

    private List<WorkflowExecutionInfo> listOpenAndClosed() {
        var stub = client.getWorkflowServiceStubs().blockingStub();
        String ns = client.getOptions().getNamespace();
        var out = new ArrayList<WorkflowExecutionInfo>(
                stub.listOpenWorkflowExecutions(ListOpenWorkflowExecutionsRequest.newBuilder()
                                .setNamespace(ns)
                                .build())
                        .getExecutionsList());
        out.addAll(stub.listClosedWorkflowExecutions(ListClosedWorkflowExecutionsRequest.newBuilder()
                        .setNamespace(ns)
                        .build())
                .getExecutionsList());
        return out;
    }
}
