/**
 * The Temporal engine: {@link dev.steadfast.temporal.TemporalEngine} runs Steadfast workflows and
 * agents on a Temporal cluster, Temporal Cloud, or Temporal's Java test server.
 *
 * <h2>How the portable API maps onto Temporal</h2>
 * <ul>
 *   <li>A registered workflow is a Temporal workflow type of the same name, run by one dynamic
 *       workflow. Inputs, outputs and every payload are JSON written by Steadfast's mapper.</li>
 *   <li>{@code ctx.step} is a local activity named after the step, followed by a 1 ms timer
 *       ("checkpoint") so its result is persisted at once: a crash re-runs only the step in flight.</li>
 *   <li>Agent model requests and tool calls are activities named {@code <agent>.model} and
 *       {@code <agent>.tool.<tool>}. Any worker runs them from the agents registered on it by name
 *       ({@code register(agent)}), from the activity input alone: a tool gets its deps from the
 *       worker's {@link dev.steadfast.agent.AgentDeps}. Steps of an agent not registered on the
 *       worker run from the process that runs the workflow, which is only right with one worker.</li>
 *   <li>A model step's input holds only the messages new since the previous model step, plus a
 *       reference to the conversation before them: inline while it is small
 *       ({@code inlineConversationBytes}, 8 KiB), otherwise a hash chained over the messages. The
 *       worker finds a conversation passed by hash in its cache (the conversations of the model
 *       steps it ran) or rebuilds it from the run's history, and checks the hash. So the history
 *       grows linearly with a conversation, not quadratically.</li>
 *   <li>A step input, step result or run output over Temporal's payload limit (2 MB) fails the step
 *       or run with {@code PayloadTooLargeException}, never retried, instead of a workflow task that
 *       Temporal rejects and retries forever.</li>
 *   <li>An {@code atMostOnce()} step is a regular activity with one attempt, on a task queue only
 *       the process that registered its body polls, heartbeating while it runs: if that worker dies
 *       mid-step, the missing heartbeats end the step as {@code StepOutcomeUnknownException} (after
 *       {@code heartbeatTimeout}, 10 s), and it is never run again. Agent activities heartbeat too,
 *       so a dead worker's tool call is retried after the heartbeat timeout, not its whole timeout.</li>
 *   <li>{@code RetryPolicy} becomes the activity's retry options; the engine decides retryability
 *       from the policy (subclasses of non-retryable types included) and a rate limit's
 *       {@code Retry-After} becomes the next retry delay. Exhausted retries reach workflow code as
 *       {@code StepFailedException}; an uncaught exception fails the run (never an endlessly
 *       retried workflow task).</li>
 *   <li>{@code sleep} is a timer, {@code now}/{@code randomUUID}/{@code random} come from
 *       Temporal's deterministic workflow APIs, {@code patched} is {@code Workflow.getVersion}.</li>
 *   <li>Signals go through one dynamic signal handler into a FIFO buffer per name; approvals are
 *       the signals {@code approve(toolCallId)} and {@code deny(toolCallId, reason)} (so user
 *       signals must not use those two names); the query {@code steadfast.state} reports awaited
 *       signals and pending approvals to {@code describe}.</li>
 *   <li>{@code cancel} is Temporal's cancellation: the run sees {@code CancelledException} at its
 *       next step or wait, may {@code compensate()} (compensations run detached from the
 *       cancellation), and ends CANCELLED.</li>
 *   <li>{@code history} decodes Temporal's history: activities, local-activity markers, side-effect
 *       markers (consumed signals, approval decisions) and timers summarised {@code sleep #n}; each
 *       carries the seq the workflow gave it. {@code patched} markers and checkpoints are not steps.</li>
 *   <li>Long runs are continued as new by the engine ({@code continueAsNewAfter}, and whenever the
 *       server suggests it), at a safe point: before a model request or a {@code ctx.step}, with
 *       nothing in flight. The next execution gets the run's input and carries the journal so far
 *       (compressed), the ids, times, random seed and {@code patched} answers handed out, and the
 *       signals not taken in yet; it runs the same code from the top and the carried entries answer
 *       its first steps without any activity, so nothing runs twice and its history holds only new
 *       steps. {@code describe}, {@code history}, {@code list}, results and conversations rebuilt on a
 *       worker follow the chain of executions, so a run looks like one run. Any workflow is continued
 *       this way, agent runs ({@code AgentWorkflow}) and workflows that call agents alike.</li>
 *   <li>{@code fork} starts a new run with the old run's input and a seed of its recorded outcomes
 *       before {@code fromSeq}: seeded steps return their recorded value (through a local activity,
 *       so the new history is complete) and seeded waits return at once. Temporal's reset is not
 *       used: it needs a real server and cannot run new code from a chosen step.</li>
 * </ul>
 *
 * <h2>Limits</h2>
 * <ul>
 *   <li>{@code list} asks the server's visibility for type, creation time and status, and pages on
 *       until enough runs also match what Temporal's query language cannot say (an id that contains a
 *       text; at most 10,000 rows read). Open runs are told RUNNING or WAITING on the server only with
 *       {@code searchAttributes(true)} ({@code SteadfastStatus}); without it each open run of the page
 *       is described. The Java test server has no visibility queries: there, {@code list} reads the
 *       open and closed lists (with their search attributes) and filters everything here.</li>
 *   <li>A renamed step is detected on replay from the name recorded with its result, and fails the
 *       run once replay is over. If the history holds further commands after the renamed step,
 *       Temporal's own non-determinism check fails the workflow task first (the run then waits for
 *       fixed code, as any Temporal workflow does).</li>
 *   <li>A timed-out step keeps running in the background: threads cannot be killed.</li>
 *   <li>The Java test server never times out a sticky queue whose worker went away; tests that
 *       replace workers use {@code stickyQueueTimeout(Duration.ZERO)}.</li>
 *   <li>{@code failedAttempts} are recorded by the worker with the result of the attempt that
 *       succeeded (Temporal keeps at most an activity's last failure and none of a local
 *       activity's); attempts made on a worker that then died are missing from them.</li>
 *   <li>Continue-as-new happens only at a safe point (before a model request or a {@code ctx.step});
 *       a run that only waits in a loop is never continued, and one whose carried journal would pass
 *       half the payload limit goes on until {@code historyLimits} stop it.</li>
 * </ul>
 */
package dev.steadfast.temporal;
