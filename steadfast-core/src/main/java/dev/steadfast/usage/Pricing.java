package dev.steadfast.usage;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.HashMap;
import java.util.Map;

/**
 * Model prices in USD per million tokens, turning {@link Usage} into cost. A model is matched by
 * its name, or else by the longest known prefix of it ({@code gpt-4.1-2025-04-14} costs what
 * {@code gpt-4.1} costs). Unknown models cost {@code 0}.
 *
 * <p>Usage counts cached tokens inside {@code inputTokens}; they are charged at the cache prices,
 * the rest at the input price.
 *
 * <pre>{@code
 * Pricing p = Pricing.defaults().with("my-finetune", Pricing.Price.of("3.00", "12.00"));
 * BigDecimal usd = p.cost("gpt-4.1", usage);
 * }</pre>
 */
public final class Pricing {
    /**
     * One model's prices, USD per million tokens.
     *
     * @param input uncached input tokens
     * @param output output tokens
     * @param cacheRead input tokens read from the prompt cache
     * @param cacheWrite input tokens written to the prompt cache
     */
    public record Price(BigDecimal input, BigDecimal output, BigDecimal cacheRead, BigDecimal cacheWrite) {
        public Price {
            if (input.signum() < 0 || output.signum() < 0 || cacheRead.signum() < 0 || cacheWrite.signum() < 0) {
                throw new IllegalArgumentException("prices must be >= 0 but were " + input + ", " + output + ", "
                        + cacheRead + ", " + cacheWrite);
            }
        }

        /** Input and output prices; cached input costs what uncached input costs. */
        public static Price of(String input, String output) {
            return new Price(new BigDecimal(input), new BigDecimal(output), new BigDecimal(input), new BigDecimal(input));
        }

        /** All four prices. */
        public static Price of(String input, String output, String cacheRead, String cacheWrite) {
            return new Price(new BigDecimal(input), new BigDecimal(output), new BigDecimal(cacheRead), new BigDecimal(cacheWrite));
        }
    }

    private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);
    private static final Pricing DEFAULTS = new Pricing(Map.ofEntries(
            // OpenAI list prices (standard tier); cache writes are free on OpenAI.
            Map.entry("gpt-5", Price.of("1.25", "10.00", "0.125", "1.25")),
            Map.entry("gpt-5-mini", Price.of("0.25", "2.00", "0.025", "0.25")),
            Map.entry("gpt-5-nano", Price.of("0.05", "0.40", "0.005", "0.05")),
            Map.entry("gpt-4.1", Price.of("2.00", "8.00", "0.50", "2.00")),
            Map.entry("gpt-4.1-mini", Price.of("0.40", "1.60", "0.10", "0.40")),
            Map.entry("gpt-4.1-nano", Price.of("0.10", "0.40", "0.025", "0.10")),
            Map.entry("gpt-4o", Price.of("2.50", "10.00", "1.25", "2.50")),
            Map.entry("gpt-4o-mini", Price.of("0.15", "0.60", "0.075", "0.15")),
            Map.entry("o3", Price.of("2.00", "8.00", "0.50", "2.00")),
            Map.entry("o4-mini", Price.of("1.10", "4.40", "0.275", "1.10")),
            // Anthropic list prices; cache writes at the 5-minute rate.
            Map.entry("claude-opus-4-5", Price.of("5.00", "25.00", "0.50", "6.25")),
            Map.entry("claude-opus-4-1", Price.of("15.00", "75.00", "1.50", "18.75")),
            Map.entry("claude-sonnet-4-5", Price.of("3.00", "15.00", "0.30", "3.75")),
            Map.entry("claude-sonnet-4", Price.of("3.00", "15.00", "0.30", "3.75")),
            Map.entry("claude-haiku-4-5", Price.of("1.00", "5.00", "0.10", "1.25")),
            Map.entry("claude-3-5-haiku", Price.of("0.80", "4.00", "0.08", "1.00"))));

    private final Map<String, Price> prices;

    private Pricing(Map<String, Price> prices) {
        this.prices = Map.copyOf(prices);
    }

    /** The built-in table of current OpenAI and Anthropic models. Check it against your contract. */
    public static Pricing defaults() {
        return DEFAULTS;
    }

    /** An empty table: every model costs {@code 0} until priced with {@link #with}. */
    public static Pricing none() {
        return new Pricing(Map.of());
    }

    /** This table with {@code model} priced at {@code price} (replacing any built-in price). */
    public Pricing with(String model, Price price) {
        var copy = new HashMap<>(prices);
        copy.put(model, price);
        return new Pricing(copy);
    }

    /** The price of {@code model} by exact name or longest known prefix, or {@code null}. */
    public Price priceOf(String model) {
        if (model == null) {
            return null;
        }
        Price exact = prices.get(model);
        if (exact != null) {
            return exact;
        }
        String best = null;
        for (String known : prices.keySet()) {
            if (model.startsWith(known) && (best == null || known.length() > best.length())) {
                best = known;
            }
        }
        return best == null ? null : prices.get(best);
    }

    /** What {@code usage} of {@code model} costs in USD ({@code 0} for an unknown model). */
    public BigDecimal cost(String model, Usage usage) {
        Price p = priceOf(model);
        if (p == null) {
            return BigDecimal.ZERO;
        }
        long uncached = Math.max(0, usage.inputTokens() - usage.cacheReadTokens() - usage.cacheWriteTokens());
        BigDecimal micro = p.input().multiply(BigDecimal.valueOf(uncached))
                .add(p.cacheRead().multiply(BigDecimal.valueOf(usage.cacheReadTokens())))
                .add(p.cacheWrite().multiply(BigDecimal.valueOf(usage.cacheWriteTokens())))
                .add(p.output().multiply(BigDecimal.valueOf(usage.outputTokens())));
        return micro.divide(MILLION, MathContext.DECIMAL64).stripTrailingZeros();
    }
}
