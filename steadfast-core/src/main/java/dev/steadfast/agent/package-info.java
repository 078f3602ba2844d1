/**
 * Agents: a model, instructions, {@link dev.steadfast.agent.Tool @Tool} methods and a typed output.
 * Start with {@link dev.steadfast.agent.Agent#builder()}; a run returns an
 * {@link dev.steadfast.agent.AgentResult}. An agent called on a workflow thread is durable by itself;
 * see {@link dev.steadfast.workflow}.
 *
 * <h2 id="rules">How a run behaves</h2>
 *
 * <p>The rules are PydanticAI's (its test suite pins them), so a run behaves as it would there; each
 * holds in plain and durable runs alike, and in a durable run everything below is derived from
 * recorded steps, so a resumed or replayed run makes the same decisions.
 *
 * <h3>Where a tool call's ending goes</h3>
 * <ul>
 *   <li>It returns: the value (JSON) is the model's result; the call counts in {@code usage().toolCalls()}.
 *   <li>{@link dev.steadfast.agent.ModelRetry}, arguments that do not parse or validate, or outlasting
 *       {@code @Tool(timeout)} ({@code "Timed out after 30 seconds."}): a retry prompt for the model,
 *       charged to the tool's retry budget. Not counted as a tool call.
 *   <li>{@link dev.steadfast.error.ToolFailed}: the message is the result, marked failed
 *       ({@code ToolReturnPart.Outcome.FAILED}); no budget is spent, the run goes on.
 *   <li>Any other exception: a transient fault of the step. The same call is made again under
 *       {@code @Tool(retry)} (each attempt recorded in a durable run, never shown to the model); when
 *       the attempts are spent the run fails with {@link dev.steadfast.error.StepFailedException}.
 * </ul>
 *
 * <h3>Retry budgets</h3>
 * <ul>
 *   <li>Each tool name has a count: a response in which the tool failed adds one (however many of its
 *       calls failed), a response in which it only succeeded resets it to 0, a response that did not
 *       call it keeps it. A failure with the count at the budget ends the run with
 *       {@link dev.steadfast.error.UnexpectedModelBehavior}. A tool that asks for a retry on its 1st
 *       and 3rd calls sees {@code ctx.retry()} = 0, 1, 0, 1.
 *   <li>The budget is {@code toolRetries} ({@code retries(n)} sets it and the output's; default 1), or
 *       {@code @Tool(modelRetries = n)} for one tool. Unknown tool names are counted by name against
 *       {@code toolRetries}; they never spend the output's budget.
 *   <li>The output has its own budget, {@code outputRetries}, spent over the run by every output that
 *       does not parse or validate, every {@link dev.steadfast.agent.OutputValidator}'s
 *       {@code ModelRetry} and every empty response. An output function has its own, by name.
 *   <li>{@link dev.steadfast.agent.RunContext} tells a tool its {@code retry()}, its
 *       {@code maxRetries()} and whether this is its {@code lastAttempt()}.
 *   <li>{@code toolCallsLimit} is checked before a response's calls run, for the function-tool calls it
 *       holds; only calls that returned are counted, so a retried call does not use the limit up.
 * </ul>
 *
 * <h3>A response with the output and other calls: {@link dev.steadfast.agent.EndStrategy}</h3>
 * <p>{@code GRACEFUL} (the default) runs the function tools in call order around the output call,
 * then the output wins; {@code EARLY} ends at the first valid output without running them;
 * {@code EXHAUSTIVE} runs everything. Under {@code GRACEFUL} and {@code EXHAUSTIVE} a function tool's
 * retry in the same response suppresses the output ("Output not used as the final result - addressing
 * tool retries from this round first.") and the model is asked again; an unknown name's does not.
 *
 * <h3>Calls answered from outside: approvals and external tools</h3>
 * <p>Calls of tools with {@code requiresApproval} and of {@code externalTool}s wait for an answer from
 * outside the run. The calls of a response that need none run first; then all of its deferred calls
 * are pending together ({@code RunInfo.pendingApprovals()}) and may be answered in any order:
 * approve (optionally with other arguments, validated again), deny (the model reads the reason), or
 * deliver an external tool's result or failure ({@code WorkflowEngine.decide}, {@code approve},
 * {@code deny}, {@code complete}; the CLI's {@code approve}, {@code deny}, {@code complete}; the
 * console). In a durable run the wait survives restarts; in a plain run the
 * {@link dev.steadfast.agent.ApprovalHandler} answers, and without one approvals are denied and
 * external calls fail. When the response's output ends the run, its deferred calls are not asked
 * for ("Tool not executed - a final result was already processed.").
 *
 * <h3>Output</h3>
 * <p>Text, a record (an output tool), a sealed interface of records (one output tool each; in
 * {@code NATIVE} and {@code PROMPTED} mode one schema, an {@code anyOf} of the records), or output
 * functions ({@code outputFunctions}): methods whose validated arguments are the model's final call,
 * run as a step, their return value the output. Errors sent back to the model name the JSON path of
 * every invalid field, for tools and outputs alike ({@code items[1].qty: Cannot deserialize value of
 * type `int` from String "x"}, {@code title: must not be blank}).
 *
 * <h3>Schemas: the Java types the model fills in</h3>
 * <p>Tool parameters and outputs are offered as JSON schemas that accept what Jackson binds, and
 * nothing it rejects: {@code Optional<T>}, {@code OptionalInt/Long/Double} and anything marked with a
 * {@code @Nullable} annotation (any library's) may be null or left out, every other value must be
 * sent; {@code Map<String, T>} is an object of {@code T}s (enum keys: the enum's names); enums are
 * the values Jackson writes ({@code @JsonProperty}, {@code @JsonValue}); a sealed interface is an
 * {@code anyOf} of its records, with Jackson's type property as a one-value enum when it has
 * {@code @JsonTypeInfo}, else told apart by their fields; records may refer to themselves
 * ({@code $defs}); {@code java.time} values, {@code UUID}, {@code URI}, {@code URL}, {@code Locale},
 * {@code char} and {@code byte} have the string or number form Jackson reads (a
 * {@code LocalDateTime} has no offset). Jakarta constraints ({@code @NotBlank}, {@code @Size},
 * {@code @Pattern}, ...) appear in the schema and are checked again when the answer arrives.
 * Schemas are made once, when the agent is built.
 *
 * <p>OpenAI receives them in strict mode (function tools, output tools and {@code NATIVE} output, on
 * Chat Completions and Responses): every property required, optional ones nullable, string
 * constraints outside OpenAI's strict subset moved into the description. A schema strict mode cannot
 * express (an open {@code Map}, a value of any type) is sent with {@code strict: false} and a warning
 * in the log naming the tool and why.
 *
 * <p>Tool names, output tools' included ({@code final_result_<Record>}), must be 1-64 ASCII letters,
 * digits, {@code _} or {@code -}, as OpenAI and Anthropic require; {@code build()} fails on any other,
 * naming the tool and how to rename it.
 *
 * <h3>History</h3>
 * <ul>
 *   <li>A new prompt on a history that ends in unanswered tool calls is refused
 *       ({@code IllegalArgumentException}); {@code agent.run(options)} without a prompt answers them
 *       first (a history ending in a request sends it; one ending in a text answer returns it).
 *   <li>The agent's instructions go with every request of its run, at the head of the conversation,
 *       and are never stored in it: continuing another agent's history sends this agent's
 *       instructions, and journals do not repeat them.
 * </ul>
 *
 * <h3>Usage and limits</h3>
 * <p>Agent runs a tool makes on its own thread (a sub-agent it delegates to) count as the calling run's:
 * each of their requests is checked against the calling run's limits, and what they used is recorded
 * with the tool's step, added to the run's usage and cost and to {@code RunInfo}, once, also after a
 * crash. Usage of an attempt that threw and was retried is not counted.
 */
package dev.steadfast.agent;
