package dev.steadfast.temporal.internal;

import dev.steadfast.SteadfastException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.operatorservice.v1.AddSearchAttributesRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.common.SearchAttributeKey;
import io.temporal.common.SearchAttributes;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A run's custom search attributes, so Temporal's visibility (its UI, {@code temporal workflow list --query}, and
 * {@code list} here) can filter on what only the run knows: {@code SteadfastAgents} (the agents it ran),
 * {@code SteadfastStatus} ({@code RUNNING} or {@code WAITING} while open) and {@code SteadfastWaitingFor} (the signals,
 * approvals and timer it waits for). A run carries them only when it was started with them (by an engine built with
 * {@code searchAttributes(true)}), so every worker upserts the same ones on replay whatever its own settings.
 */
final class RunAttributes {
    static final SearchAttributeKey<List<String>> AGENTS = SearchAttributeKey.forKeywordList("SteadfastAgents");
    static final SearchAttributeKey<String> STATUS = SearchAttributeKey.forKeyword("SteadfastStatus");
    static final SearchAttributeKey<List<String>> WAITING_FOR =
            SearchAttributeKey.forKeywordList("SteadfastWaitingFor");
    static final String RUNNING = "RUNNING";
    static final String WAITING = "WAITING";

    private final boolean on;
    private final List<String> agents = new ArrayList<>();
    private List<String> waitingFor = List.of();

    /** The attributes of the current workflow execution (on its workflow thread). */
    RunAttributes() {
        SearchAttributes current = Workflow.getTypedSearchAttributes();
        on = current.containsKey(STATUS);
        if (on && current.containsKey(AGENTS)) {
            agents.addAll(current.get(AGENTS));
        }
        if (on && current.containsKey(WAITING_FOR)) {
            waitingFor = List.copyOf(current.get(WAITING_FOR));
        }
    }

    /** What a run starts with: running, and the agent it is, if it is an agent run. */
    static SearchAttributes atStart(String agent) {
        var b = SearchAttributes.newBuilder().set(STATUS, RUNNING).set(WAITING_FOR, List.of());
        if (agent != null) {
            b.set(AGENTS, List.of(agent));
        }
        return b.build();
    }

    /** Adds {@code agent} to the agents the run has run, once. */
    void agent(String agent) {
        if (on && !agents.contains(agent)) {
            agents.add(agent);
            Workflow.upsertTypedSearchAttributes(AGENTS.valueSet(List.copyOf(agents)));
        }
    }

    /** The run now waits for {@code what} (empty: it runs). */
    void waitingFor(List<String> what) {
        if (on && !what.equals(waitingFor)) {
            waitingFor = List.copyOf(what);
            Workflow.upsertTypedSearchAttributes(
                    STATUS.valueSet(what.isEmpty() ? RUNNING : WAITING), WAITING_FOR.valueSet(waitingFor));
        }
    }

    /**
     * Registers the three attributes in {@code client}'s namespace where they are missing (Temporal's operator
     * service; a self-hosted server or the dev server allows it, Temporal Cloud asks for {@code tcld} instead).
     */
    static void register(WorkflowClient client) {
        String namespace = client.getOptions().getNamespace();
        var wanted = new LinkedHashMap<String, IndexedValueType>();
        wanted.put(AGENTS.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST);
        wanted.put(STATUS.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
        wanted.put(WAITING_FOR.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST);
        // the client's own channel (its TLS included), so the call goes where its runs go
        OperatorServiceStubs operator = OperatorServiceStubs.newServiceStubs(OperatorServiceStubsOptions.newBuilder()
                .setChannel(client.getWorkflowServiceStubs().getRawChannel())
                .validateAndBuildWithDefaults());
        try {
            // one at a time: a server answers ALREADY_EXISTS for an attribute it has (Temporal's Java test server
            // cannot list them)
            for (Map.Entry<String, IndexedValueType> a : wanted.entrySet()) {
                try {
                    operator.blockingStub()
                            .addSearchAttributes(AddSearchAttributesRequest.newBuilder()
                                    .setNamespace(namespace)
                                    .putSearchAttributes(a.getKey(), a.getValue())
                                    .build());
                } catch (StatusRuntimeException e) {
                    if (e.getStatus().getCode() != Status.Code.ALREADY_EXISTS) {
                        throw e;
                    }
                }
            }
        } catch (StatusRuntimeException e) {
            throw new SteadfastException(
                    "Could not register Steadfast's search attributes in namespace '" + namespace
                            + "' (" + e.getStatus().getCode() + ": "
                            + e.getStatus().getDescription() + "). Register them once"
                            + " yourself: temporal operator search-attribute create --namespace " + namespace
                            + " --name SteadfastAgents --type KeywordList --name SteadfastStatus --type Keyword"
                            + " --name SteadfastWaitingFor --type KeywordList (Temporal Cloud: tcld namespace search-attributes"
                            + " add), or build the engine without searchAttributes(true)",
                    e);
        } finally {
            operator.shutdown();
        }
    }
}
