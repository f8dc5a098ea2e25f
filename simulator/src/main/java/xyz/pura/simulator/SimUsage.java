package xyz.pura.simulator;

/**
 * One answer's usage in the simulator's own counts, before each format writes it its provider's way.
 *
 * @param promptTokens all input tokens, cache reads and writes included
 * @param visibleOutputTokens the answer's own tokens
 * @param reasoningTokens tokens spent thinking (billed as output by all four providers)
 */
record SimUsage(int promptTokens, int cacheReadTokens, int cacheWrite5mTokens, int cacheWrite1hTokens,
                int visibleOutputTokens, int reasoningTokens) {
    SimUsage {
        if (cacheReadTokens + cacheWrite5mTokens + cacheWrite1hTokens > promptTokens) {
            throw new IllegalStateException("cached tokens beyond the prompt: " + this);
        }
    }

    static SimUsage plain(SimAnswer answer) {
        return new SimUsage(answer.promptTokens(), 0, 0, 0, answer.completionTokens(), 0);
    }

    int uncachedInputTokens() {
        return promptTokens - cacheReadTokens - cacheWrite5mTokens - cacheWrite1hTokens;
    }

    int outputTokens() {
        return visibleOutputTokens + reasoningTokens;
    }
}
